/**
 * Synthetic estates written as estate files, for benchmarks that run `check` as a whole process.
 * Generated in windows of whole sharing groups so that memory stays bounded; the file is one JSON
 * array of ARM resources, as `az` writes it.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { syntheticEstate, type SyntheticEstateOptions } from '../test/support/synthetic-estate.js';

export type EstateFileOptions = Omit<SyntheticEstateOptions, 'offset' | 'count'>;

/** Writes the estate to `path`; returns its size in bytes. */
export function writeSyntheticEstateFile(path: string, options: EstateFileOptions, window = 1_000): number {
  // NSGs, route tables and VNets never span subscriptions: windows of whole subscriptions keep each whole.
  const perSubscription = Math.ceil(options.instances / options.subscriptions);
  const step = perSubscription * Math.max(1, Math.floor(window / perSubscription));
  const fd = openSync(path, 'w');
  let bytes = 0;
  const write = (text: string) => {
    bytes += writeSync(fd, text);
  };
  try {
    write('[');
    let first = true;
    for (let offset = 0; offset < options.instances; offset += step) {
      for (const resource of syntheticEstate({ ...options, offset, count: step })) {
        write(`${first ? '\n' : ',\n'}${JSON.stringify(resource)}`);
        first = false;
      }
    }
    write('\n]\n');
  } finally {
    closeSync(fd);
  }
  return bytes;
}
