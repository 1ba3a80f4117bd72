/** `--service-tags FILE`: the Service Tags JSON read from disk and parsed by the core's one parser. */
import { readFile } from 'node:fs/promises';
import { parseServiceTagRanges, type ServiceTagRanges } from '../network/service-tag-ranges.js';

export async function readServiceTagsFile(path: string): Promise<ServiceTagRanges> {
  const text = await readFile(path, 'utf8');
  let document: unknown;
  try {
    document = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    throw new Error('not valid JSON');
  }
  return parseServiceTagRanges(document, path);
}
