/**
 * Fast acceptance checks for every resource type read in bulk (NSGs with hundreds of rules, route tables,
 * VNets with their subnets, subnets, public IPs, API Management instances), run before their zod schemas
 * in ./schemas.ts. Each check returns true only for input that the schema
 * certainly accepts unchanged (apart from the case of enum values, which the mapping puts right), so the
 * mapping can read the resource as it is; anything else, valid or not, goes through zod, which then
 * words the precise error. Keep each check a subset of its schema when either changes.
 */
import { isChildIdOf, isValidResourceId } from './resource-id.js';
import { ACCESSES, DIRECTIONS, NETWORK_MODES } from './schemas.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isAbsent = (v: unknown) => v === null || v === undefined;
const optText = (v: unknown) => isAbsent(v) || typeof v === 'string';
const text = (v: unknown) => typeof v === 'string' && v.length > 0;
/** Every element, holes included (`every` skips holes, which zod reads as undefined). */
function all(list: readonly unknown[], item: (x: unknown) => boolean): boolean {
  for (let i = 0; i < list.length; i++) if (!item(list[i])) return false;
  return true;
}
const isString = (x: unknown) => typeof x === 'string';
const optTextList = (v: unknown) => isAbsent(v) || (Array.isArray(v) && all(v, isString));
const id = (v: unknown) => typeof v === 'string' && (v === '' || isValidResourceId(v));
const optId = (v: unknown) => isAbsent(v) || id(v);
/** The id of a child written under its parent's id is checked by that prefix (see isChildIdOf). */
const optChildId = (v: unknown, parentId: string, childType: string) =>
  isAbsent(v) || (typeof v === 'string' && (v === '' || isChildIdOf(v, parentId, childType) || isValidResourceId(v)));
const optReferences = (v: unknown) => isAbsent(v) || (Array.isArray(v) && all(v, (r) => isAbsent(r) || (isObject(r) && optId(r.id))));
const optList = (v: unknown, item: (x: unknown) => boolean) => isAbsent(v) || (Array.isArray(v) && all(v, item));
const tags = (v: unknown) => isAbsent(v) || (isObject(v) && Object.values(v).every((x) => typeof x === 'string'));
const oneOf = (values: readonly string[]) => (v: unknown) => typeof v === 'string' && values.some((k) => k.toLowerCase() === v.toLowerCase());
const isDirection = oneOf(DIRECTIONS);
const isAccess = oneOf(ACCESSES);
const isNetworkMode = oneOf(NETWORK_MODES);
const optBoolean = (v: unknown) => isAbsent(v) || typeof v === 'boolean';
/** zod's `.int().nonnegative()`. */
const optCapacity = (v: unknown) => isAbsent(v) || (Number.isSafeInteger(v) && (v as number) >= 0);
const optObject = (v: unknown, fields: (o: Json) => boolean) => isAbsent(v) || (isObject(v) && fields(v));
const reference = (v: unknown) => optObject(v, (o) => optId(o.id));

/** The fields every top-level resource has, and a location. */
function located(r: Json): boolean {
  return id(r.id) && typeof r.type === 'string' && optText(r.name) && optTextList(r.zones) && tags(r.tags) && text(r.location);
}

function securityRule(v: unknown, parentId: string, childType: string): boolean {
  if (!isObject(v) || !optChildId(v.id, parentId, childType) || !optText(v.name) || !isObject(v.properties)) return false;
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
  const nsgId = r.id as string;
  return (
    isAbsent(p) ||
    (isObject(p) &&
      optList(p.securityRules, (v) => securityRule(v, nsgId, 'securityRules')) &&
      optList(p.defaultSecurityRules, (v) => securityRule(v, nsgId, 'defaultSecurityRules')))
  );
}

function route(v: unknown, tableId: string): boolean {
  if (!isObject(v) || !optChildId(v.id, tableId, 'routes') || !optText(v.name) || !isObject(v.properties)) return false;
  const p = v.properties;
  return text(p.addressPrefix) && text(p.nextHopType) && optText(p.nextHopIpAddress);
}

export function isPlainRouteTable(r: Json): boolean {
  if (!located(r)) return false;
  const p = r.properties;
  return isAbsent(p) || (isObject(p) && optList(p.routes, (v) => route(v, r.id as string)) && (isAbsent(p.disableBgpRoutePropagation) || typeof p.disableBgpRoutePropagation === 'boolean'));
}

// --- Microsoft.Network/virtualNetworks and subnets ------------------------------------------------

function subnetLink(v: unknown): boolean {
  return isObject(v) && optId(v.id) && optText(v.name) && optObject(v.properties, (p) => optText(p.linkedResourceType) && optText(p.link));
}

function subnetProperties(p: Json): boolean {
  return (
    optText(p.addressPrefix) &&
    optTextList(p.addressPrefixes) &&
    optList(p.delegations, (d) => isObject(d) && optText(d.name) && optObject(d.properties, (x) => optText(x.serviceName))) &&
    reference(p.networkSecurityGroup) &&
    reference(p.routeTable) &&
    reference(p.natGateway) &&
    optList(p.serviceEndpoints, (e) => isObject(e) && optText(e.service)) &&
    optReferences(p.serviceEndpointPolicies) &&
    optReferences(p.ipConfigurations) &&
    optList(p.resourceNavigationLinks, subnetLink) &&
    optList(p.serviceAssociationLinks, subnetLink)
  );
}

/** A subnet inline in its VNet (its id may be absent) or, without `vnetId`, standalone. */
function subnet(v: unknown, vnetId?: string): boolean {
  return isObject(v) && (vnetId === undefined ? optId(v.id) : optChildId(v.id, vnetId, 'subnets')) && optText(v.name) && optObject(v.properties, subnetProperties);
}

export function isPlainSubnet(r: Json): boolean {
  return id(r.id) && subnet(r);
}

export function isPlainVirtualNetwork(r: Json): boolean {
  if (!located(r)) return false;
  return optObject(
    r.properties,
    (p) =>
      optObject(p.addressSpace, (a) => optTextList(a.addressPrefixes)) &&
      optObject(p.dhcpOptions, (d) => optTextList(d.dnsServers)) &&
      optList(p.subnets, (v) => subnet(v, r.id as string)),
  );
}

// --- Microsoft.Network/publicIPAddresses --------------------------------------------------------

export function isPlainPublicIp(r: Json): boolean {
  if (!located(r)) return false;
  return (
    optObject(r.sku, (k) => optText(k.name) && optText(k.tier)) &&
    optObject(
      r.properties,
      (p) =>
        optText(p.publicIPAddressVersion) &&
        optText(p.publicIPAllocationMethod) &&
        optObject(p.dnsSettings, (d) => optText(d.domainNameLabel)) &&
        optList(p.ipTags, (t) => isObject(t) && typeof t.ipTagType === 'string' && typeof t.tag === 'string') &&
        reference(p.ipConfiguration),
    )
  );
}

// --- Microsoft.ApiManagement/service ------------------------------------------------------------

const vnetConfiguration = (v: unknown) => optObject(v, (c) => optId(c.subnetResourceId));

function additionalLocation(v: unknown): boolean {
  return (
    isObject(v) &&
    text(v.location) &&
    optObject(v.sku, (k) => optText(k.name) && optCapacity(k.capacity)) &&
    optTextList(v.zones) &&
    optId(v.publicIpAddressId) &&
    vnetConfiguration(v.virtualNetworkConfiguration) &&
    optText(v.platformVersion) &&
    optBoolean(v.disableGateway)
  );
}

export function isPlainApiManagementService(r: Json): boolean {
  if (!located(r)) return false;
  const sku = r.sku;
  if (!isObject(sku) || !text(sku.name) || !optCapacity(sku.capacity)) return false;
  return optObject(
    r.properties,
    (p) =>
      (isAbsent(p.virtualNetworkType) || isNetworkMode(p.virtualNetworkType)) &&
      vnetConfiguration(p.virtualNetworkConfiguration) &&
      optId(p.publicIpAddressId) &&
      optText(p.platformVersion) &&
      optList(p.additionalLocations, additionalLocation),
  );
}
