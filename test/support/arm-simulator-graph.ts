/**
 * The ARM simulator's Resource Graph endpoint. It is not a KQL interpreter: it answers the one query
 * shapes the sweep and the live reader send (a type filter, a projection, an order by id; the reader's
 * occupants query adds a filter on ids its properties name) and rejects anything else
 * loudly, so a change to the sweep's queries cannot pass unnoticed against a simulator that guesses.
 */
import type { ArmResource } from '../../src/arm/arm-resource.js';
import { parseResourceId } from '../../src/arm/resource-id.js';
import { normalizeRegion } from '../../src/model/region.js';

export interface GraphRequestBody {
  subscriptions?: string[];
  managementGroups?: string[];
  query?: string;
  options?: { $top?: number; $skip?: number; $skipToken?: string; resultFormat?: string };
}

export interface KnownQuery {
  /** Lower-case resource type the query filters on. */
  type: string;
  columns: string[];
  /** The live reader's occupants query: only resources whose properties name one of these ids (any case). */
  naming?: string[];
}

// resources | where type =~ '<type>' | project <columns> | order by id asc
const QUERY_SHAPE = /^resources \| where type =~ '([A-Za-z0-9./]+)' \| project ([a-zA-Z, ]+) \| order by id asc$/i;
const KNOWN_COLUMNS = new Set(['id', 'name', 'type', 'location', 'sku', 'zones', 'tags', 'properties', 'kind', 'resourcegroup', 'subscriptionid']);

// resources | where type =~ '<type>' | where tostring(properties) contains '"<id>"' [or …] | project id | order by id asc
const OCCUPANTS_SHAPE = /^resources \| where type =~ '([A-Za-z0-9./]+)' \| where ((?:tostring\(properties\) contains '"[^'"]+"'(?: or )?)+) \| project id \| order by id asc$/i;

export function parseKnownQuery(query: string): KnownQuery | undefined {
  const occupants = OCCUPANTS_SHAPE.exec(query.replace(/\s+/g, ' ').trim());
  if (occupants) {
    const naming = [...occupants[2]!.matchAll(/contains '"([^'"]+)"'/g)].map((n) => n[1]!.toLowerCase());
    return { type: occupants[1]!.toLowerCase(), columns: ['id'], naming };
  }
  const m = QUERY_SHAPE.exec(query.replace(/\s+/g, ' ').trim());
  if (!m) return undefined;
  const columns = m[2]!.split(',').map((c) => c.trim());
  if (columns.some((c) => !KNOWN_COLUMNS.has(c.toLowerCase())) || !columns.includes('id')) return undefined;
  return { type: m[1]!.toLowerCase(), columns };
}

/**
 * A row as Resource Graph returns it: the type, location and resource group are stored lower case,
 * absent columns are null, and properties come as ARM has them (child resources inline).
 */
export function toGraphRow(resource: ArmResource, columns: readonly string[]): Record<string, unknown> {
  const parsed = parseResourceId(resource.id);
  const full: Record<string, unknown> = {
    id: resource.id,
    name: resource.name ?? parsed.name ?? null,
    type: resource.type.toLowerCase(),
    location: resource.location === undefined ? null : normalizeRegion(resource.location),
    sku: resource.sku ?? null,
    zones: resource.zones ?? null,
    tags: resource.tags ?? null,
    properties: resource.properties ?? null,
    kind: (resource.kind as string | undefined) ?? '',
    resourcegroup: parsed.resourceGroup?.toLowerCase() ?? null,
    subscriptionid: parsed.subscriptionId,
  };
  const row: Record<string, unknown> = {};
  for (const c of columns) row[c] = structuredClone(full[c.toLowerCase()]);
  return row;
}

/** An opaque continuation token that also pins the query it belongs to. */
export function encodeSkipToken(query: string, offset: number): string {
  return Buffer.from(JSON.stringify({ q: query.length, o: offset })).toString('base64');
}

export function decodeSkipToken(query: string, token: string): number | undefined {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { q?: unknown; o?: unknown };
    return v.q === query.length && typeof v.o === 'number' && v.o >= 0 ? v.o : undefined;
  } catch {
    return undefined;
  }
}
