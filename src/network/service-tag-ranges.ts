/**
 * Service-tag ranges: optional address data handed to the core, from the Service Tags discovery API
 * (`Microsoft.Network/locations/{location}/serviceTags`) or the weekly downloadable JSON (the same shape:
 * `{ changeNumber, cloud, values: [{ name, properties: { region, addressPrefixes } }] }`). With them, a
 * rule's CIDR list is compared with the tag's real ranges instead of by containment only. Pure: parsing
 * and lookups; nobody here fetches anything.
 */
import { parseCidr } from './cidr.js';
import { normalizeRegion } from '../model/region.js';

export interface TagRanges {
  name: string;
  /** ARM region name (`westeurope`); `''` for a global tag. */
  region: string;
  /** IPv4 prefixes only: the flows the rules ask about are IPv4. */
  prefixes: readonly string[];
}

export interface ServiceTagRanges {
  changeNumber: string;
  cloud: string;
  /** By lower-case tag name (`apimanagement.westeurope`). */
  tags: ReadonlyMap<string, TagRanges>;
}

export class ServiceTagDataError extends Error {
  override name = 'ServiceTagDataError';
}

/** Parses a service-tags document; `source` names it in errors (a file, `the discovery API`). */
export function parseServiceTagRanges(document: unknown, source: string): ServiceTagRanges {
  const fail = (where: string, what: string): never => {
    throw new ServiceTagDataError(`${source}: ${where}: ${what} (expected the Service Tags JSON: { "changeNumber", "values": [{ "name", "properties": { "addressPrefixes" } }] })`);
  };
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return fail('the document', 'is not a JSON object');
  const o = document as Record<string, unknown>;
  if (!Array.isArray(o.values)) return fail('"values"', 'is not an array');
  // One page of a paged discovery-API answer: judging by part of the ranges could pass a CIDR list that misses some.
  if (typeof o.nextLink === 'string' && o.nextLink !== '') return fail('"nextLink"', 'is set, so this is one page of a paged answer (put the values of every page in one document)');
  const tags = new Map<string, TagRanges>();
  o.values.forEach((value, i) => {
    const v = value as { name?: unknown; properties?: { region?: unknown; addressPrefixes?: unknown } } | null;
    if (typeof v?.name !== 'string' || v.name === '') return fail(`values[${i}].name`, 'is not a tag name');
    const prefixes = v.properties?.addressPrefixes;
    if (!Array.isArray(prefixes)) return fail(`values[${i}].properties.addressPrefixes`, 'is not an array');
    const ipv4: string[] = [];
    prefixes.forEach((p, j) => {
      const cidr = typeof p === 'string' ? parseCidr(p) : undefined;
      if (!cidr) return fail(`values[${i}].properties.addressPrefixes[${j}]`, `${JSON.stringify(p)} is not a CIDR prefix`);
      if (cidr.family === 'ipv4') ipv4.push(cidr.text);
    });
    const region = typeof v.properties?.region === 'string' ? normalizeRegion(v.properties.region) : '';
    tags.set(v.name.toLowerCase(), { name: v.name, region, prefixes: ipv4 });
  });
  if (tags.size === 0) return fail('"values"', 'holds no service tag');
  return { changeNumber: String(o.changeNumber ?? ''), cloud: String(o.cloud ?? ''), tags };
}

/**
 * The ranges of a flow's tag at a location: the regional entry (`ApiManagement.WestEurope`) when the flow is
 * regional and the data has one, else the tag's own entry; undefined when the data does not know the tag.
 */
export function rangesOfTag(data: ServiceTagRanges, tag: string, region?: string): TagRanges | undefined {
  if (region !== undefined && !tag.includes('.')) {
    const wanted = normalizeRegion(region);
    for (const entry of data.tags.values()) {
      if (entry.region === wanted && entry.name.toLowerCase().startsWith(`${tag.toLowerCase()}.`)) return entry;
    }
  }
  return data.tags.get(tag.toLowerCase());
}

/** Tags whose flows come from (or go to) the region of the location, not the whole cloud. */
export const REGIONAL_FLOW_TAGS: ReadonlySet<string> = new Set(['apimanagement']);
