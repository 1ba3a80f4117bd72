/**
 * The one parser of ARM resource ids. Ids compare case-insensitively (Azure returns
 * `resourceGroups` and `resourcegroups`, `Microsoft.Network` and `microsoft.network`).
 */
import { TextMemo } from '../network/memo.js';

export interface ResourceId {
  /** The id as given, without a trailing slash. */
  id: string;
  subscriptionId: string;
  resourceGroup?: string;
  /** e.g. `Microsoft.Network`; undefined for subscription or resource-group ids. */
  provider?: string;
  /** Full type, e.g. `Microsoft.Network/virtualNetworks/subnets`. */
  type?: string;
  /** Name of the last segment, e.g. the subnet name. */
  name?: string;
  /** Type/name pairs after the provider, outermost first. */
  segments: ReadonlyArray<{ readonly type: string; readonly name: string }>;
}

export class ResourceIdError extends Error {
  constructor(
    readonly value: string,
    reason: string,
  ) {
    super(`invalid ARM resource id "${truncate(value)}": ${reason}`);
    this.name = 'ResourceIdError';
  }
}

const GUIDISH = /^[0-9a-fA-F-]{1,64}$/;
// ARM names: letters, digits and a few punctuation marks; never a slash, never control characters.
const NAME = /^[^/\\?#\u0000-\u001f]{1,260}$/;

// Evaluations parse the same few ids over and over (every lookup, index key and message): parse each once.
// Results are frozen because they are shared; invalid ids are not cached and throw every time.
const parsedIds = new TextMemo<Readonly<ResourceId>>(65_536);

export function parseResourceId(value: string): Readonly<ResourceId> {
  const known = typeof value === 'string' ? parsedIds.get(value) : undefined;
  if (known !== undefined) return known;
  const parsed = parseUncached(value);
  Object.freeze(parsed.segments);
  parsedIds.set(value, Object.freeze(parsed));
  return parsed;
}

function parseUncached(value: string): ResourceId {
  if (typeof value !== 'string' || value.length === 0) throw new ResourceIdError(String(value), 'empty');
  if (value.length > 2048) throw new ResourceIdError(value, 'longer than 2048 characters');
  const trimmed = value.endsWith('/') ? value.slice(0, -1) : value;
  if (!trimmed.startsWith('/')) throw new ResourceIdError(value, 'must start with "/subscriptions/"');
  const parts = trimmed.slice(1).split('/');
  if (parts.some((p) => p.length === 0)) throw new ResourceIdError(value, 'empty segment');
  // A "." or ".." segment (also percent-encoded) would make a URL built from the id name another resource.
  if (parts.some(isDotSegment)) throw new ResourceIdError(value, 'a "." or ".." segment');
  if (parts[0]?.toLowerCase() !== 'subscriptions' || parts.length < 2) {
    throw new ResourceIdError(value, 'must start with "/subscriptions/{id}"');
  }
  const subscriptionId = parts[1]!;
  if (!GUIDISH.test(subscriptionId)) throw new ResourceIdError(value, 'subscription id is not a GUID');
  const result: ResourceId = { id: trimmed, subscriptionId, segments: [] };
  let i = 2;
  // A subscription-scope resource (a role assignment, a policy assignment) has no resource group.
  if (i < parts.length && parts[i]?.toLowerCase() !== 'providers') {
    if (parts[i]?.toLowerCase() !== 'resourcegroups' || i + 1 >= parts.length) {
      throw new ResourceIdError(value, 'expected "resourceGroups/{name}" after the subscription');
    }
    result.resourceGroup = parts[i + 1]!;
    i += 2;
  }
  if (i < parts.length) {
    if (parts[i]?.toLowerCase() !== 'providers' || i + 1 >= parts.length) {
      throw new ResourceIdError(value, 'expected "providers/{namespace}" after the resource group');
    }
    result.provider = parts[i + 1]!;
    i += 2;
    const rest = parts.slice(i);
    if (rest.length === 0 || rest.length % 2 !== 0) {
      throw new ResourceIdError(value, 'expected type/name pairs after the provider namespace');
    }
    const segments: Array<{ type: string; name: string }> = [];
    for (let j = 0; j < rest.length; j += 2) segments.push({ type: rest[j]!, name: decodeName(rest[j + 1]!, value) });
    result.segments = segments;
    result.type = [result.provider, ...segments.map((s) => s.type)].join('/');
    result.name = segments[segments.length - 1]!.name;
  }
  return result;
}

function isDotSegment(part: string): boolean {
  let decoded = part;
  try {
    decoded = decodeURIComponent(part);
  } catch {
    // Not valid URL encoding: decodeName says so where it matters.
  }
  return decoded.trim() === '.' || decoded.trim() === '..';
}

function decodeName(raw: string, whole: string): string {
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    throw new ResourceIdError(whole, `name "${truncate(raw)}" is not valid URL encoding`);
  }
  if (!NAME.test(name)) throw new ResourceIdError(whole, `name "${truncate(raw)}" has forbidden characters`);
  if (name.trim() === '') throw new ResourceIdError(whole, 'empty name');
  return name;
}

// The common shape of a valid id, for checking one without parsing it (estates hold hundreds of thousands
// of rule and route ids that nothing else reads). Matches only ids that parseResourceId accepts: the same
// case-insensitive keywords, GUID-like subscription, non-empty segments, names without forbidden characters;
// names with `%` (URL encoding) are left to the parser, as is anything longer than 2048 characters.
const NAME_SEGMENT = '[^/\\\\?#%\\u0000-\\u001f]{1,260}';
const VALID_SHAPE = new RegExp(
  `^/subscriptions/[0-9a-f-]{1,64}(?:/resourcegroups/[^/]+(?:/providers/[^/]+(?:/[^/]+/${NAME_SEGMENT})+)?)?/?$`,
  'i',
);

/** True when `value` is a valid ARM id; the same answer as parseResourceId not throwing, mostly without parsing. */
export function isValidResourceId(value: string): boolean {
  if (value.length <= 2048 && VALID_SHAPE.test(value)) return true;
  try {
    parseResourceId(value);
    return true;
  } catch {
    return false;
  }
}

const CHILD_NAME = new RegExp(`^${NAME_SEGMENT}$`);
const CHILD_TYPE = /^[A-Za-z][A-Za-z0-9.]*$/;
const HAS_PROVIDER = /\/providers\/[^/]+\/[^/]+\/[^/]+/i;

/**
 * True when `value` is `{parentId}/{childType}/{name}`: the id of a child (a subnet, a security rule, a
 * route) written under its parent's own id, checked by that prefix instead of parsing the whole id again.
 * `parentId` must be a valid id of a resource (with a provider). True only for ids that parseResourceId
 * accepts, whose parent is `parentId` (compared as sameResourceId does) and whose last type is `childType`;
 * false says nothing: parse the id to know more.
 */
export function isChildIdOf(value: string, parentId: string, childType: string): boolean {
  const n = parentId.length;
  const typeEnd = n + 1 + childType.length;
  if (value.length > 2048 || value.length <= typeEnd + 1 || !isParentAndType(parentId, childType)) return false;
  if (value.charCodeAt(n) !== 47 || value.charCodeAt(typeEnd) !== 47) return false;
  if (!value.startsWith(parentId) && value.slice(0, n).toLowerCase() !== parentId.toLowerCase()) return false;
  const type = value.slice(n + 1, typeEnd);
  if (type !== childType && type.toLowerCase() !== childType.toLowerCase()) return false;
  const name = value.endsWith('/') ? value.slice(typeEnd + 1, -1) : value.slice(typeEnd + 1);
  if (!CHILD_NAME.test(name)) return false;
  const trimmed = name.trim();
  return trimmed !== '' && trimmed !== '.' && trimmed !== '..';
}

// The children of one parent are checked one after another: its own checks are kept for the next child.
let checkedParent = '';
let checkedType = '';
let checkedAnswer = false;

function isParentAndType(parentId: string, childType: string): boolean {
  if (parentId !== checkedParent || childType !== checkedType) {
    checkedAnswer = !parentId.endsWith('/') && CHILD_TYPE.test(childType) && HAS_PROVIDER.test(parentId);
    checkedParent = parentId;
    checkedType = childType;
  }
  return checkedAnswer;
}

export function tryParseResourceId(value: unknown): Readonly<ResourceId> | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return parseResourceId(value);
  } catch {
    return undefined;
  }
}

/** The key under which ids are compared and stored: lower case, no trailing slash. */
export function normalizeResourceId(value: string): string {
  return (value.endsWith('/') ? value.slice(0, -1) : value).toLowerCase();
}

export function sameResourceId(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return normalizeResourceId(a) === normalizeResourceId(b);
}

/** Id of the parent resource (`.../virtualNetworks/v/subnets/s` → `.../virtualNetworks/v`), or undefined for a top-level resource. */
export function parentResourceId(value: string): string | undefined {
  const parsed = parseResourceId(value);
  if (parsed.segments.length < 2) return undefined;
  const trimmed = parsed.id.split('/');
  return trimmed.slice(0, -2).join('/');
}

/** Id of the top-level resource that owns a child (`.../networkSecurityGroups/x/securityRules/y` → the NSG). */
export function topLevelResourceId(value: string): string {
  const parsed = parseResourceId(value);
  if (parsed.segments.length <= 1) return parsed.id;
  const parts = parsed.id.split('/');
  const extra = (parsed.segments.length - 1) * 2;
  return parts.slice(0, parts.length - extra).join('/');
}

/** Resource type compared case-insensitively, e.g. `isType(id, 'Microsoft.Network/networkSecurityGroups')`. */
export function resourceTypeOf(value: string): string | undefined {
  return parseResourceId(value).type;
}

export function isType(value: string, type: string): boolean {
  const t = tryParseResourceId(value)?.type;
  return t !== undefined && t.toLowerCase() === type.toLowerCase();
}

export function subscriptionOf(value: string): string {
  return parseResourceId(value).subscriptionId;
}

export function nameOf(value: string): string {
  return parseResourceId(value).name ?? parseResourceId(value).id;
}

function truncate(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

/** The resource types the project reads, in one place. */
export const RESOURCE_TYPES = {
  apim: 'Microsoft.ApiManagement/service',
  virtualNetwork: 'Microsoft.Network/virtualNetworks',
  subnet: 'Microsoft.Network/virtualNetworks/subnets',
  networkSecurityGroup: 'Microsoft.Network/networkSecurityGroups',
  securityRule: 'Microsoft.Network/networkSecurityGroups/securityRules',
  routeTable: 'Microsoft.Network/routeTables',
  route: 'Microsoft.Network/routeTables/routes',
  publicIp: 'Microsoft.Network/publicIPAddresses',
  /** Not an ARM resource: how an estate holds what `listNetworkManagerEffectiveSecurityAdminRules` says of a VNet. */
  effectiveAdminRules: 'Microsoft.Network/virtualNetworks/effectiveSecurityAdminRules',
  networkManager: 'Microsoft.Network/networkManagers',
} as const;

/** The estate id of a VNet's effective security admin rules: `{vnetId}/effectiveSecurityAdminRules/default`. */
export function effectiveAdminRulesId(virtualNetworkId: string): string {
  return `${virtualNetworkId}/effectiveSecurityAdminRules/default`;
}
