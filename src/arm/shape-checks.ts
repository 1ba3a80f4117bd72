/**
 * Fast acceptance checks for the bulkiest resources (NSGs with hundreds of rules, route tables), run
 * before their zod schemas in ./schemas.ts. Each check returns true only for input that the schema
 * certainly accepts unchanged (apart from the case of enum values, which the mapping puts right), so the
 * mapping can read the resource as it is; anything else, valid or not, goes through zod, which then
 * words the precise error. Keep each check a subset of its schema when either changes.
 */
import { isValidResourceId } from './resource-id.js';
import { ACCESSES, DIRECTIONS } from './schemas.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isAbsent = (v: unknown) => v === null || v === undefined;
const optText = (v: unknown) => isAbsent(v) || typeof v === 'string';
const text = (v: unknown) => typeof v === 'string' && v.length > 0;
const optTextList = (v: unknown) => isAbsent(v) || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
const id = (v: unknown) => typeof v === 'string' && (v === '' || isValidResourceId(v));
const optId = (v: unknown) => isAbsent(v) || id(v);
const optReferences = (v: unknown) => isAbsent(v) || (Array.isArray(v) && v.every((r) => isAbsent(r) || (isObject(r) && optId(r.id))));
const optList = (v: unknown, item: (x: unknown) => boolean) => isAbsent(v) || (Array.isArray(v) && v.every(item));
const tags = (v: unknown) => isAbsent(v) || (isObject(v) && Object.values(v).every((x) => typeof x === 'string'));
const oneOf = (values: readonly string[]) => (v: unknown) => typeof v === 'string' && values.some((k) => k.toLowerCase() === v.toLowerCase());
const isDirection = oneOf(DIRECTIONS);
const isAccess = oneOf(ACCESSES);

/** The fields every top-level resource has, and a location. */
function located(r: Json): boolean {
  return id(r.id) && typeof r.type === 'string' && optText(r.name) && optTextList(r.zones) && tags(r.tags) && text(r.location);
}

function securityRule(v: unknown): boolean {
  if (!isObject(v) || !optId(v.id) || !optText(v.name) || !isObject(v.properties)) return false;
  const p = v.properties;
  return (
    Number.isSafeInteger(p.priority) &&
    isDirection(p.direction) &&
    isAccess(p.access) &&
    text(p.protocol) &&
    optText(p.sourceAddressPrefix) &&
    optTextList(p.sourceAddressPrefixes) &&
    optText(p.sourcePortRange) &&
    optTextList(p.sourcePortRanges) &&
    optText(p.destinationAddressPrefix) &&
    optTextList(p.destinationAddressPrefixes) &&
    optText(p.destinationPortRange) &&
    optTextList(p.destinationPortRanges) &&
    optReferences(p.sourceApplicationSecurityGroups) &&
    optReferences(p.destinationApplicationSecurityGroups) &&
    optText(p.description)
  );
}

export function isPlainNetworkSecurityGroup(r: Json): boolean {
  if (!located(r)) return false;
  const p = r.properties;
  return isAbsent(p) || (isObject(p) && optList(p.securityRules, securityRule) && optList(p.defaultSecurityRules, securityRule));
}

function route(v: unknown): boolean {
  if (!isObject(v) || !optId(v.id) || !optText(v.name) || !isObject(v.properties)) return false;
  const p = v.properties;
  return text(p.addressPrefix) && text(p.nextHopType) && optText(p.nextHopIpAddress);
}

export function isPlainRouteTable(r: Json): boolean {
  if (!located(r)) return false;
  const p = r.properties;
  return isAbsent(p) || (isObject(p) && optList(p.routes, route) && (isAbsent(p.disableBgpRoutePropagation) || typeof p.disableBgpRoutePropagation === 'boolean'));
}
