/**
 * Estate files: JSON exports of ARM resources. A path is a file or a directory of files (read
 * recursively, `*.json` only, in sorted order so that results do not depend on the file system).
 * A file holds one of:
 *   - an array of resources;
 *   - an ARM list `{ "value": [...] }` (no `nextLink` is followed);
 *   - a Resource Graph result `{ "data": [...] }` (extra columns such as `subscriptionId` are ignored);
 *   - one resource object.
 * Problems come back as InputErrors naming the file (and the JSON position or path); the rest is kept.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { InputError } from '../arm/arm-resource.js';
import type { LocatedResource } from '../arm/normalize.js';
import { Estate, type EstateOptions } from './estate.js';
import { jsonErrorPosition } from './json-position.js';

export interface LoadedEstateFiles {
  /** Every resource found, file by file in sorted order, each with the file and path it came from. */
  resources: LocatedResource[];
  errors: InputError[];
  /** The JSON files read, in the order they were read. */
  files: string[];
}

/**
 * Reads an estate file or directory. Throws (the fs error) only when `path` itself cannot be opened:
 * there is then no estate at all. Every other problem is an InputError in `errors`; the rest is kept.
 */
export async function loadEstateFromPath(path: string): Promise<LoadedEstateFiles> {
  const loaded: LoadedEstateFiles = { resources: [], errors: [], files: [] };
  const isDirectory = (await stat(path)).isDirectory();
  if (isDirectory) await readdir(path); // an unlistable root is no estate either: let it throw
  const files = isDirectory ? await jsonFilesUnder(path, loaded.errors) : [path];
  for (const file of files) {
    loaded.files.push(file);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      loaded.errors.push({ origin: { file }, message: `cannot read the file: ${systemMessage(e)}` });
      continue;
    }
    const parsed = parseEstateDocument(text, file);
    loaded.resources.push(...parsed.resources);
    loaded.errors.push(...parsed.errors);
  }
  return loaded;
}

/** Loads a path and builds the estate from it; file errors and resource errors end up in `estate.errors`. */
export async function openEstate(path: string, options: Omit<EstateOptions, 'errors'> = {}): Promise<Estate> {
  const loaded = await loadEstateFromPath(path);
  return Estate.fromLocated(loaded.resources, { ...options, errors: loaded.errors });
}

/** The resources of one file's text, each located by its path in the document (`value[3]`). */
export function parseEstateDocument(text: string, file: string): { resources: LocatedResource[]; errors: InputError[] } {
  // Windows tools (PowerShell's Out-File, az on some hosts) write a byte-order mark.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (e) {
    // Node's own message varies by version and quotes the text; describe the spot ourselves.
    const at = jsonErrorPosition(body, e instanceof Error ? e.message : '');
    const found = at.offset < body.length ? `unexpected ${JSON.stringify(String.fromCodePoint(body.codePointAt(at.offset)!))}` : 'unexpected end of the file';
    return {
      resources: [],
      errors: [{ origin: { file }, message: `not valid JSON at line ${at.line} column ${at.column} (position ${at.offset}): ${found}` }],
    };
  }
  return resourcesOfDocument(document, file);
}

/** Finds the resources in a parsed document of any of the supported shapes. */
export function resourcesOfDocument(document: unknown, file: string): { resources: LocatedResource[]; errors: InputError[] } {
  const errors: InputError[] = [];
  const listed = (items: unknown[], key: string): LocatedResource[] =>
    items.map((resource, i) => ({ resource, origin: { file, path: `${key}[${i}]` } }));

  if (Array.isArray(document)) return { resources: listed(document, ''), errors };
  if (typeof document !== 'object' || document === null) {
    return { resources: [], errors: [{ origin: { file }, message: SHAPES }] };
  }
  const o = document as Record<string, unknown>;
  // A resource names its type; a list or a Resource Graph result does not.
  if (typeof o.type === 'string' || !(Object.hasOwn(o, 'value') || Object.hasOwn(o, 'data'))) {
    return { resources: [{ resource: document, origin: { file } }], errors };
  }
  if (Object.hasOwn(o, 'value')) {
    if (!Array.isArray(o.value)) return { resources: [], errors: [{ origin: { file, path: 'value' }, message: `"value" is not an array. ${SHAPES}` }] };
    if (typeof o.nextLink === 'string' && o.nextLink !== '') {
      errors.push({ origin: { file, path: 'nextLink' }, message: 'the list has a nextLink: only this page was read, the estate may be incomplete' });
    }
    return { resources: listed(o.value, 'value'), errors };
  }
  if (!Array.isArray(o.data)) {
    return {
      resources: [],
      errors: [{ origin: { file, path: 'data' }, message: `"data" is not an array (export Resource Graph results with resultFormat objectArray). ${SHAPES}` }],
    };
  }
  if (o.resultTruncated === true || o.resultTruncated === 'true') {
    errors.push({ origin: { file, path: 'resultTruncated' }, message: 'the Resource Graph result is truncated: the estate may be incomplete' });
  }
  return { resources: listed(o.data, 'data'), errors };
}

const SHAPES = 'expected an array of resources, an object with "value" (ARM list) or "data" (Resource Graph), or one resource';

/** `*.json` files under `dir`, depth first, entries sorted by code point; dot-entries are skipped. */
async function jsonFilesUnder(dir: string, errors: InputError[]): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    errors.push({ origin: { file: dir }, message: `cannot list the directory: ${systemMessage(e)}` });
    return [];
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await jsonFilesUnder(full, errors)));
    else if (entry.name.toLowerCase().endsWith('.json') && (entry.isFile() || (entry.isSymbolicLink() && (await isFile(full))))) {
      files.push(full);
    }
  }
  return files;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function systemMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
