/**
 * Estate files: JSON exports of ARM resources. A path is a file or a directory of files (read
 * recursively, `*.json` only, in sorted order so that results do not depend on the file system).
 * A file holds one of:
 *   - an array of resources;
 *   - an ARM list `{ "value": [...] }` (no `nextLink` is followed);
 *   - a Resource Graph result `{ "data": [...] }` (extra columns such as `subscriptionId` are ignored);
 *     one that says more rows exist (`$skipToken`/`skip_token`, `totalRecords` above its rows) is
 *     incomplete unless the other pages of the same result are in the estate too;
 *   - one resource object.
 * UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are read.
 * Problems come back as InputErrors naming the file (and the JSON position or path); the rest is kept.
 */
import { readFileSync } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { InputError } from '../arm/arm-resource.js';
import type { LocatedResource } from '../arm/normalize.js';
import { Estate, type EstateOptions } from './estate.js';
import { linesAndColumns, parseJsonText, resourceOffsets } from './json-position.js';

export interface LoadedEstateFiles {
  /** Every resource found, file by file in sorted order, each with the file and path it came from. */
  resources: LocatedResource[];
  errors: InputError[];
  /** The JSON files read, in the order they were read. */
  files: string[];
  /** Files under a directory that are not `*.json` (not read), for the message of an estate with nothing in it. */
  skipped: number;
}

/** V8 cannot hold a longer string (about 512 MiB): such a file cannot be one JSON document here. */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

/** What a Resource Graph page says about the rows it does not hold. */
interface GraphPage {
  file: string;
  rows: number;
  total?: number;
  skipToken: boolean;
}

/**
 * Reads an estate file or directory. Throws (the fs error) only when `path` itself cannot be opened:
 * there is then no estate at all. Every other problem is an InputError in `errors`; the rest is kept.
 */
export async function loadEstateFromPath(path: string): Promise<LoadedEstateFiles> {
  const loaded: LoadedEstateFiles = { resources: [], errors: [], files: [], skipped: 0 };
  const isDirectory = (await stat(path)).isDirectory();
  if (isDirectory) await readdir(path); // an unlistable root is no estate either: let it throw
  const walk = { errors: loaded.errors, skipped: 0, seen: new Set<string>([await realpath(path)]) };
  const files = isDirectory ? await jsonFilesUnder(path, walk) : [path];
  loaded.skipped = walk.skipped;
  const pages: GraphPage[] = [];
  for (const file of files) {
    loaded.files.push(file);
    let text: string;
    try {
      const size = (await stat(file)).size;
      if (size > MAX_FILE_BYTES) {
        loaded.errors.push({
          origin: { file },
          message: `the file is ${Math.round(size / 1024 / 1024)} MB; one JSON document can be at most 512 MB: split the export into several files in one directory (e.g. one per resource type or subscription)`,
        });
        continue;
      }
      // Read in one synchronous call: the file's buffer (as large as the file) is then garbage before the next
      // scavenge. Read asynchronously it outlived two scavenges and stayed, promoted, until a full collection,
      // which a large check may never reach (+350 MB of peak memory on a 360 MB estate).
      text = decodeText(readFileSync(file));
    } catch (e) {
      loaded.errors.push({ origin: { file }, message: `cannot read the file: ${systemMessage(e)}` });
      continue;
    }
    const parsed = parseEstateDocument(text, file, pages);
    loaded.resources.push(...parsed.resources);
    loaded.errors.push(...parsed.errors);
  }
  loaded.errors.push(...incompleteGraphResults(pages));
  return loaded;
}

/** UTF-8, or UTF-16 when the file starts with its byte-order mark (PowerShell 5.1's `>` and Out-File write that). */
function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return bytes.toString('utf8');
}

/**
 * Pages that say more rows exist are fine when the other pages of the same result were read too
 * (a directory of pages): the rows of all pages announcing one total must add up to it.
 */
function incompleteGraphResults(pages: readonly GraphPage[]): InputError[] {
  const rowsByTotal = new Map<number, number>();
  for (const p of pages) if (p.total !== undefined) rowsByTotal.set(p.total, (rowsByTotal.get(p.total) ?? 0) + p.rows);
  return pages
    .filter((p) => (p.total !== undefined ? rowsByTotal.get(p.total)! < p.total : p.skipToken))
    .map((p) => ({
      origin: { file: p.file },
      message:
        `the Resource Graph result is one page of ${p.rows} rows${p.total !== undefined ? ` out of ${p.total}` : ' and has a skip token for more'}: the estate is incomplete. ` +
        'Use `apim-vnet-guard export` (it reads every page), or save every page (az graph query --skip-token) into one directory',
    }));
}

/** Loads a path and builds the estate from it; file errors and resource errors end up in `estate.errors`. */
export async function openEstate(path: string, options: Omit<EstateOptions, 'errors'> = {}): Promise<Estate> {
  const loaded = await loadEstateFromPath(path);
  return Estate.fromLocated(loaded.resources, { ...options, errors: loaded.errors });
}

/** The resources of one file's text, each located by its path in the document (`value[3]`). */
export function parseEstateDocument(
  text: string,
  file: string,
  pages?: GraphPage[],
): { resources: LocatedResource[]; errors: InputError[] } {
  const parsed = parseJsonText(text);
  const { body } = parsed;
  if ('error' in parsed) {
    // Node's own message varies by version and quotes the text; describe the spot ourselves.
    const at = parsed.error;
    const found = at.offset < body.length ? `unexpected ${JSON.stringify(String.fromCodePoint(body.codePointAt(at.offset)!))}` : 'unexpected end of the file';
    // UTF-16 without its byte-order mark reads as text with a NUL between the characters.
    const hint = /\u0000/.test(body.slice(0, 64))
      ? '; the file looks like UTF-16 without a byte-order mark: save it as UTF-8 (PowerShell: `| Out-File -Encoding utf8`, or PowerShell 7)'
      : '';
    return {
      resources: [],
      errors: [{ origin: { file }, message: `not valid JSON at line ${at.line} column ${at.column} (position ${at.offset}): ${found}${hint}` }],
    };
  }
  const found = resourcesOfDocument(parsed.document, file, pages);
  // Where each resource starts, for SARIF regions (the document is valid JSON here).
  const offsets = resourceOffsets(body);
  if (offsets.length === found.resources.length) {
    linesAndColumns(body, offsets).forEach((at, k) => Object.assign(found.resources[k]!.origin, at));
  }
  return found;
}

/** Finds the resources in a parsed document of any of the supported shapes. */
export function resourcesOfDocument(document: unknown, file: string, pages?: GraphPage[]): { resources: LocatedResource[]; errors: InputError[] } {
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
    // An object without an ARM id is some other JSON file (package.json, settings), not a resource.
    if (typeof o.id !== 'string') return { resources: [], errors: [{ origin: { file }, message: `not an estate: ${SHAPES} (this object has no "id")` }] };
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
  // REST writes $skipToken and totalRecords, `az graph query` skip_token and total_records.
  const token = [o.$skipToken, o.skipToken, o.skip_token].some((t) => typeof t === 'string' && t !== '');
  const totalValue = o.totalRecords ?? o.total_records;
  const total = typeof totalValue === 'number' && totalValue > o.data.length ? totalValue : undefined;
  if (token || total !== undefined) {
    const page: GraphPage = { file, rows: o.data.length, skipToken: token, ...(total !== undefined ? { total } : {}) };
    if (pages) pages.push(page);
    else errors.push(...incompleteGraphResults([page]));
  }
  return { resources: listed(o.data, 'data'), errors };
}

const SHAPES = 'expected an array of resources, an object with "value" (ARM list) or "data" (Resource Graph), or one resource';

/** `*.json` files under `dir`, depth first, entries sorted by code point; dot-entries are skipped. */
interface Walk {
  errors: InputError[];
  skipped: number;
  /** Real paths of the directories entered, so that a symlink loop is read once. */
  seen: Set<string>;
}

/** `*.json` files under `dir`, depth first, entries sorted by code point; dot-entries are skipped; symlinks are followed. */
async function jsonFilesUnder(dir: string, walk: Walk): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    walk.errors.push({ origin: { file: dir }, message: `cannot list the directory: ${systemMessage(e)}` });
    return [];
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    const kind = entry.isSymbolicLink() ? await targetKind(full) : entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : 'other';
    if (kind === 'directory') {
      const real = await realpath(full);
      if (walk.seen.has(real)) continue; // a link back to a directory already read
      walk.seen.add(real);
      files.push(...(await jsonFilesUnder(full, walk)));
    } else if (kind === 'file' && entry.name.toLowerCase().endsWith('.json')) files.push(full);
    else if (kind === 'broken') walk.errors.push({ origin: { file: full }, message: 'the symbolic link points to nothing' });
    else walk.skipped++;
  }
  return files;
}

async function targetKind(path: string): Promise<'file' | 'directory' | 'broken' | 'other'> {
  try {
    const s = await stat(path);
    return s.isDirectory() ? 'directory' : s.isFile() ? 'file' : 'other';
  } catch {
    return 'broken';
  }
}

function systemMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
