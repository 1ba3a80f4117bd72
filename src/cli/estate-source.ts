/**
 * Where `check` reads the estate from, resolved from the command-line options into an EstateReader.
 * Today: an estate file or directory of ARM JSON. A live-Azure source (--subscription,
 * --management-group) plugs in here with its own reader; the use case does not change.
 */
import type { LocationNetworkStatus } from '../model/network-status.js';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { InputError } from '../arm/arm-resource.js';
import type { LocatedResource } from '../arm/normalize.js';
import { normalizeResourceId } from '../arm/resource-id.js';
import { loadEstateFromPath } from '../sources/estate-file.js';
import { Estate } from '../sources/estate.js';
import type { SarifArtifact } from '../report/sarif.js';
import type { EstateReader } from '../sources/reader.js';

export interface SourceOptions {
  /** Absolute path of an estate file or directory. */
  estate?: string;
  /** Directory that artifact paths (SARIF) are made relative to. */
  cwd: string;
}

export interface OpenedSource {
  reader: EstateReader;
  /** Malformed pieces of input (unreadable files, rejected or duplicate resources); the reader holds the rest. */
  inputErrors: InputError[];
  /** For progress messages, e.g. `estate examples/estate: 7 files, 31 resources`. */
  description: string;
  /** What was read, in words, for the error about an estate without any instance. */
  contents?: string;
  /** The file a resource came from: relative to cwd with `/` separators, or a file: URI outside it. */
  artifactOf?: (resourceId: string) => SarifArtifact | undefined;
  /** Absolute paths of the files read (a report must not overwrite one of them). */
  inputFiles?: string[];
  /** The file of an input error, as artifactOf writes it. */
  artifactUri?: (file: string) => string;
  /** Live sources only: the instance's own connectivity probes (`networkstatus`), for `--corroborate`. */
  networkStatus?: (instanceId: string) => Promise<LocationNetworkStatus[]>;
}

// In a module of its own, so that option parsing (live.ts) does not load the estate reader.
export { SourceError } from './source-error.js';
import { SourceError } from './source-error.js';

export async function openSource(options: SourceOptions): Promise<OpenedSource> {
  if (options.estate === undefined) throw new SourceError('no estate given: use --estate PATH (an ARM JSON file or a directory of them)');
  let loaded: Awaited<ReturnType<typeof loadEstateFromPath>>;
  try {
    loaded = await loadEstateFromPath(options.estate);
  } catch (e) {
    throw new SourceError(`cannot read estate ${options.estate}: ${(e as Error).message}`);
  }
  const estate = Estate.fromLocated(loaded.resources, { errors: loaded.errors });
  const files = artifactIndex(loaded.resources, options.cwd);
  const shown = relative(options.cwd, options.estate) || '.';
  const description = `estate ${shown}: ${loaded.files.length} ${loaded.files.length === 1 ? 'file' : 'files'}, ${loaded.resources.length} ${loaded.resources.length === 1 ? 'resource' : 'resources'}`;
  return {
    reader: estate,
    inputErrors: [...estate.errors],
    description,
    contents: describeContents(description, loaded.skipped, estate.ignored, estate.errors.length),
    artifactOf: (id) => files.get(normalizeResourceId(id)),
    artifactUri: (file) => artifactUri(file, options.cwd),
    inputFiles: loaded.files.map((f) => resolve(f)),
  };
}

function describeContents(description: string, skipped: number, ignored: Readonly<Record<string, number>>, errors: number): string {
  const types = Object.entries(ignored).sort(([, a], [, b]) => b - a);
  const parts = [
    description,
    ...(skipped > 0 ? [`${skipped} ${skipped === 1 ? 'file' : 'files'} not named *.json skipped`] : []),
    ...(types.length > 0 ? [`resources of other types only (${types.slice(0, 5).map(([t, n]) => `${t} × ${n}`).join(', ')}${types.length > 5 ? ', …' : ''})`] : []),
    ...(errors > 0 ? [`${errors} input ${errors === 1 ? 'error' : 'errors'} above`] : []),
  ];
  return parts.join('; ');
}

/** Resource id (and inline child ids such as subnets) → the file it was read from. */
function artifactIndex(resources: readonly LocatedResource[], cwd: string): Map<string, SarifArtifact> {
  const index = new Map<string, SarifArtifact>();
  for (const { resource, origin } of resources) {
    const at: SarifArtifact = { uri: artifactUri(origin.file, cwd), ...(origin.line !== undefined ? { line: origin.line, column: origin.column } : {}) };
    for (const id of idsIn(resource)) if (!index.has(id)) index.set(id, at);
  }
  return index;
}

/** Relative to cwd when the file is under it (what code-scanning services expect), else a file: URI. */
export function artifactUri(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) return rel.split(sep).join('/');
  return pathToFileURL(file).href;
}

function idsIn(resource: unknown): string[] {
  if (typeof resource !== 'object' || resource === null) return [];
  const r = resource as { id?: unknown; properties?: { subnets?: unknown } };
  const ids = typeof r.id === 'string' ? [normalizeResourceId(r.id)] : [];
  const subnets = r.properties?.subnets;
  if (Array.isArray(subnets)) {
    for (const s of subnets) {
      const id = (s as { id?: unknown } | null)?.id;
      if (typeof id === 'string') ids.push(normalizeResourceId(id));
    }
  }
  return ids;
}
