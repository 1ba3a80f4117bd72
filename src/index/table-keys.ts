/**
 * Keys for keeping the dependency index in Azure Table storage. PartitionKey and RowKey may not hold
 * `/ \ # ?` nor control characters (U+0000–U+001F, U+007F–U+009F), and are limited to 1 KiB, while
 * every ARM id is full of slashes. `encodeTableKey` is the one encoding for that.
 */
import { createHash } from 'node:crypto';
import { normalizeResourceId } from '../arm/resource-id.js';
import type { DependencyEntry, DependencyKind } from './dependencies.js';

/** Encoded keys longer than this (UTF-8 bytes) are replaced by a hash; Azure's limit is 1 KiB. */
export const MAX_TABLE_KEY_BYTES = 512;

// Left as they are: ASCII letters and digits, a few marks that need no escaping anywhere (URLs,
// OData literals), and every character from U+00A0 up (ARM names may be Unicode). `%`, `'` and `+`
// are escaped too: they have meanings in URLs and OData that a key should never trigger.
const SAFE_ASCII = /^[A-Za-z0-9\-._~()]$/;

/**
 * One Table key from one or more parts, readable and injective:
 * - every other character up to U+009F becomes `!` + two hex digits (`/` → `!2f`, `!` → `!21`);
 * - a lone UTF-16 surrogate becomes `!u` + four hex digits;
 * - parts are joined with `!!`, which no escaped part contains;
 * - a result over MAX_TABLE_KEY_BYTES becomes `!h` + the SHA-256 of the joined form, which no
 *   escaped form can produce either.
 */
export function encodeTableKey(...parts: string[]): string {
  const joined = parts.map(escapePart).join('!!');
  if (Buffer.byteLength(joined, 'utf8') <= MAX_TABLE_KEY_BYTES) return joined;
  return `!h${createHash('sha256').update(joined, 'utf8').digest('hex')}`;
}

/** The parts back from a key, or undefined for a hashed key (the original is not recoverable). */
export function decodeTableKey(key: string): string[] | undefined {
  if (key.startsWith('!h')) return undefined;
  return key.split('!!').map(unescapePart);
}

function escapePart(part: string): string {
  let out = '';
  for (let i = 0; i < part.length; i++) {
    const ch = part[i]!;
    const code = ch.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < part.length && isLowSurrogate(part.charCodeAt(i + 1))) {
      out += ch + part[i + 1]!; // a whole astral character
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      out += `!u${code.toString(16).padStart(4, '0')}`;
    } else if (code >= 0xa0 || SAFE_ASCII.test(ch)) {
      out += ch;
    } else {
      out += `!${code.toString(16).padStart(2, '0')}`;
    }
  }
  return out;
}

function unescapePart(part: string): string {
  return part.replace(/!u([0-9a-f]{4})|!([0-9a-f]{2})/g, (_, u: string | undefined, x: string | undefined) =>
    String.fromCharCode(parseInt((u ?? x)!, 16)),
  );
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

export interface TableKeys {
  partitionKey: string;
  rowKey: string;
}

/**
 * Keys of an entry looked up by resource: one partition per resource id (what an event names), one
 * row per dependent instance location. `dependentsOf` is then a single-partition query.
 */
export function resourceKeys(entry: DependencyEntry): TableKeys {
  return { partitionKey: encodeTableKey(entry.resourceId), rowKey: encodeTableKey(normalizeResourceId(entry.instanceId), entry.region) };
}

/**
 * Keys of the same entry looked up by instance: one partition per instance, so that replacing or
 * removing an instance can find its old edges without a scan. The `instance` part keeps these
 * partitions apart from the by-resource ones (an APIM id is both), so both can share one table.
 */
export function instanceKeys(entry: DependencyEntry): TableKeys {
  return { partitionKey: instancePartitionKey(entry.instanceId), rowKey: encodeTableKey(entry.resourceId, entry.region) };
}

/** The by-instance partition of one instance (for a partition query or delete). */
export function instancePartitionKey(instanceId: string): string {
  return encodeTableKey('instance', normalizeResourceId(instanceId));
}

/** The by-resource partition of a resource id; pass the key from `dependencyKeyOf` for child ids. */
export function resourcePartitionKey(resourceId: string): string {
  return encodeTableKey(normalizeResourceId(resourceId));
}

const KINDS: ReadonlySet<string> = new Set<DependencyKind>(['apim', 'subnet', 'virtualNetwork', 'networkSecurityGroup', 'routeTable', 'publicIp']);

/** Reads an entry back from a stored row (extra properties such as keys and timestamps are ignored). */
export function parseDependencyEntry(row: unknown): { entry: DependencyEntry } | { error: string } {
  if (typeof row !== 'object' || row === null) return { error: 'dependency entry is not an object' };
  const r = row as Record<string, unknown>;
  for (const field of ['resourceId', 'instanceId', 'region', 'kind'] as const) {
    if (typeof r[field] !== 'string' || r[field] === '') return { error: `dependency entry has no string "${field}"` };
  }
  if (!KINDS.has(r.kind as string)) return { error: `dependency entry has unknown kind "${String(r.kind)}"` };
  return {
    entry: {
      resourceId: normalizeResourceId(r.resourceId as string),
      kind: r.kind as DependencyKind,
      instanceId: r.instanceId as string,
      region: r.region as string,
    },
  };
}
