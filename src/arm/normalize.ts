/**
 * ARM JSON → model. Takes resources exactly as ARM or Resource Graph return them, validates them with
 * the schemas in ./schemas.ts, applies Azure's defaults for absent properties and merges the
 * singular/plural property pairs. A bad resource becomes one InputError naming the file, the path in
 * the file and the resource; it is dropped and nothing else is. Pure: no I/O.
 */
import type { z } from 'zod';
import type { ApimInstance, ApimLocation, NetworkMode } from '../model/instance.js';
import type {
  EffectiveAdminRules,
  NetworkSecurityGroup,
  PublicIpAddress,
  Route,
  RouteTable,
  SecurityRule,
  AdminAddress,
  SecurityAdminRule,
  Subnet,
  SubnetLink,
  VirtualNetwork,
} from '../model/network.js';
import { normalizeRegion } from '../model/region.js';
import { RecentMemo } from '../network/memo.js';
import { platformOf } from '../engine/classify.js';
import { AZURE_DEFAULT_SECURITY_RULES } from '../network/default-rules.js';
import { securityRuleProblem } from '../network/nsg-evaluator.js';
import { adminRuleProblem } from '../network/admin-layer.js';
import { routePrefixProblem } from '../network/routes.js';
import type { ArmResource, InputError, InputOrigin } from './arm-resource.js';
import { isChildIdOf, nameOf, parentResourceId, RESOURCE_TYPES, sameResourceId, tryParseResourceId } from './resource-id.js';
import { isPlainApiManagementService, isPlainNetworkSecurityGroup, isPlainPublicIp, isPlainRouteTable, isPlainSubnet, isPlainVirtualNetwork } from './shape-checks.js';
import {
  ACCESSES,
  apimSchema,
  NETWORK_MODES,
  effectiveAdminRulesSchema,
  DIRECTIONS,
  networkSecurityGroupSchema,
  publicIpSchema,
  routeTableSchema,
  standaloneSubnetSchema,
  virtualNetworkSchema,
  type ApimJson,
  type EffectiveAdminRulesJson,
  type NetworkSecurityGroupJson,
  type PublicIpJson,
  type RouteTableJson,
  type SecurityRuleJson,
  type SubnetJson,
  type VirtualNetworkJson,
} from './schemas.js';

export type NormalizedResource =
  | { kind: 'instance'; value: ApimInstance }
  | { kind: 'virtualNetwork'; value: VirtualNetwork }
  | { kind: 'subnet'; value: Subnet }
  | { kind: 'networkSecurityGroup'; value: NetworkSecurityGroup }
  | { kind: 'routeTable'; value: RouteTable }
  | { kind: 'publicIp'; value: PublicIpAddress }
  | { kind: 'effectiveAdminRules'; value: EffectiveAdminRules };

export type ResourceKind = NormalizedResource['kind'];

/** A piece of input and where it came from. */
export interface LocatedResource {
  resource: unknown;
  origin: InputOrigin;
}

export type NormalizeOutcome =
  | { outcome: 'normalized'; resource: NormalizedResource; raw: ArmResource }
  /** A type the project does not read; `type` as spelled in the input. */
  | { outcome: 'ignored'; type: string }
  | { outcome: 'rejected'; error: InputError };

export interface NormalizedEntry {
  resource: NormalizedResource;
  raw: ArmResource;
  origin: InputOrigin;
}

export interface NormalizeResult {
  resources: NormalizedEntry[];
  errors: InputError[];
  /** How many resources of each unread type were skipped, keyed by the type in lower case. */
  ignored: Record<string, number>;
}

type PathSegment = string | number;

/** A problem found while mapping a validated resource; `path` is relative to the resource. */
class MappingProblem {
  constructor(
    readonly path: PathSegment[],
    readonly message: string,
  ) {}
}

/** Normalizes a batch; never throws on bad input. */
export function normalizeResources(items: readonly LocatedResource[]): NormalizeResult {
  const result: NormalizeResult = { resources: [], errors: [], ignored: {} };
  for (const item of items) {
    const outcome = normalizeResource(item.resource, item.origin);
    if (outcome.outcome === 'normalized') {
      result.resources.push({ resource: outcome.resource, raw: outcome.raw, origin: item.origin });
    } else if (outcome.outcome === 'ignored') {
      const key = outcome.type.toLowerCase();
      result.ignored[key] = (result.ignored[key] ?? 0) + 1;
    } else {
      result.errors.push(outcome.error);
    }
  }
  return result;
}

export interface NormalizeOptions {
  /**
   * Every resource through its zod schema, none through the fast checks (./shape-checks.ts): the reference
   * the tests compare the fast paths with.
   */
  schemaOnly?: boolean;
}

/** Normalizes one resource found at `origin` (whose `path` locates it in the file). */
export function normalizeResource(raw: unknown, origin: InputOrigin, options: NormalizeOptions = {}): NormalizeOutcome {
  const reject = (path: PathSegment[], message: string, label?: string): NormalizeOutcome => ({
    outcome: 'rejected',
    error: { origin: { ...origin, path: joinPath(origin.path, path) }, resource: label, message },
  });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return reject([], `expected a resource object, got ${describe(raw)}`);
  }
  const record = raw as Record<string, unknown>;
  const label = labelOf(record);
  if (typeof record.type !== 'string' || record.type.length === 0) {
    return reject(['type'], 'the resource has no type', label);
  }
  const normalizer = NORMALIZERS.get(record.type.toLowerCase());
  if (normalizer === undefined) return { outcome: 'ignored', type: record.type };

  if (typeof record.id !== 'string' || record.id.length === 0) {
    return reject(['id'], 'the resource has no id', label);
  }
  const declared = record.type;
  const idType = tryParseResourceId(record.id)?.type;
  if (idType !== undefined && idType.toLowerCase() !== declared.toLowerCase()) {
    return reject(['type'], `type "${declared}" does not match the type of the id ("${idType}")`, label);
  }
  const flattened = flattenedProperties(record);
  if (flattened.length > 0) {
    return reject(
      [],
      `properties appear at the top level (${flattened.join(', ')}): this looks like Azure CLI output (az network/az apim … list/show flatten "properties"), ` +
        'which would be read as a resource without rules or settings. Export ARM JSON instead: az rest, az graph query, or apim-vnet-guard export',
      label,
    );
  }
  let data: unknown = record;
  if (options.schemaOnly === true || normalizer.accepts?.(record) !== true) {
    const parsed = normalizer.schema.safeParse(record);
    if (!parsed.success) return rejectIssues(parsed.error, reject, label);
    data = parsed.data;
  }
  try {
    const resource = normalizer.map(data);
    return { outcome: 'normalized', resource, raw: record as ArmResource };
  } catch (e) {
    if (e instanceof MappingProblem) return reject(e.path, e.message, label);
    throw e;
  }
}

// Keys that ARM nests under `properties` and the Azure CLI's typed commands lift to the top level.
const FLATTENED_KEYS = [
  'provisioningState',
  'securityRules',
  'defaultSecurityRules',
  'subnets',
  'addressSpace',
  'routes',
  'virtualNetworkType',
  'virtualNetworkConfiguration',
  'additionalLocations',
  'publicIpAllocationMethod',
  'publicIPAllocationMethod',
  'addressPrefix',
  'networkSecurityGroup',
];

/** A resource read with flattened properties must be refused: reading it would silently drop them. */
function flattenedProperties(record: Record<string, unknown>): string[] {
  if (record.properties !== undefined && record.properties !== null) return [];
  return FLATTENED_KEYS.filter((k) => k in record);
}

interface Normalizer {
  schema: z.ZodType;
  /** A fast check (./shape-checks.ts): true only for input the schema accepts as it is, which is then mapped unparsed. */
  accepts?: (record: Record<string, unknown>) => boolean;
  map(data: unknown): NormalizedResource;
}

function normalizer<S extends z.ZodType>(
  schema: S,
  map: (data: z.output<S>) => NormalizedResource,
  accepts?: (record: Record<string, unknown>) => boolean,
): Normalizer {
  return { schema, map: map as (data: unknown) => NormalizedResource, ...(accepts ? { accepts } : {}) };
}

const NORMALIZERS: ReadonlyMap<string, Normalizer> = new Map([
  [RESOURCE_TYPES.apim.toLowerCase(), normalizer(apimSchema, (d) => ({ kind: 'instance', value: toInstance(d) }), isPlainApiManagementService)],
  [RESOURCE_TYPES.virtualNetwork.toLowerCase(), normalizer(virtualNetworkSchema, (d) => ({ kind: 'virtualNetwork', value: toVirtualNetwork(d) }), isPlainVirtualNetwork)],
  [RESOURCE_TYPES.subnet.toLowerCase(), normalizer(standaloneSubnetSchema, (d) => ({ kind: 'subnet', value: toSubnet(d, d.id, []) }), isPlainSubnet)],
  [RESOURCE_TYPES.networkSecurityGroup.toLowerCase(), normalizer(networkSecurityGroupSchema, (d) => ({ kind: 'networkSecurityGroup', value: toNetworkSecurityGroup(d) }), isPlainNetworkSecurityGroup)],
  [RESOURCE_TYPES.routeTable.toLowerCase(), normalizer(routeTableSchema, (d) => ({ kind: 'routeTable', value: toRouteTable(d) }), isPlainRouteTable)],
  [RESOURCE_TYPES.publicIp.toLowerCase(), normalizer(publicIpSchema, (d) => ({ kind: 'publicIp', value: toPublicIp(d) }), isPlainPublicIp)],
  [RESOURCE_TYPES.effectiveAdminRules.toLowerCase(), normalizer(effectiveAdminRulesSchema, (d) => ({ kind: 'effectiveAdminRules', value: toEffectiveAdminRules(d) }))],
]);

// --- mapping -------------------------------------------------------------------------------------

function toInstance(d: ApimJson): ApimInstance {
  const p = d.properties ?? {};
  const region = normalizeRegion(d.location);
  if (region === '') throw new MappingProblem(['location'], `"${d.location}" is not a region name`);
  const platformVersion = p.platformVersion || 'undetermined';
  const capacity = d.sku.capacity ?? 1;
  // Canonical already when zod parsed the instance; as written when the fast check let it through unparsed.
  const networkMode = (p.virtualNetworkType === null || p.virtualNetworkType === undefined ? 'None' : canonical(p.virtualNetworkType, NETWORK_MODES)) as NetworkMode;
  const primary: ApimLocation = {
    region,
    displayName: d.location,
    isPrimary: true,
    index: 0,
    subnetId: present(p.virtualNetworkConfiguration?.subnetResourceId),
    publicIpAddressId: present(p.publicIpAddressId),
    // Copies: the model keeps nothing of the input's objects, which can then be let go.
    zones: d.zones ? [...d.zones] : [],
    skuName: d.sku.name,
    capacity,
    platform: platformOf(platformVersion),
    platformVersion,
    disableGateway: false,
  };
  const additional = (p.additionalLocations ?? []).map((a, i): ApimLocation => {
    const aRegion = normalizeRegion(a.location);
    if (aRegion === '') {
      throw new MappingProblem(['properties', 'additionalLocations', i, 'location'], `"${a.location}" is not a region name`);
    }
    // An additional location reports its own platform; older exports omit it, and it then follows the instance.
    const aPlatformVersion = a.platformVersion || platformVersion;
    return {
      region: aRegion,
      displayName: a.location,
      isPrimary: false,
      index: i + 1,
      subnetId: present(a.virtualNetworkConfiguration?.subnetResourceId),
      publicIpAddressId: present(a.publicIpAddressId),
      zones: a.zones ? [...a.zones] : [],
      skuName: a.sku?.name || d.sku.name,
      // ARM requires the sku of an additional location; hand-written estates may omit it: one unit.
      capacity: a.sku?.capacity ?? 1,
      platform: platformOf(aPlatformVersion),
      platformVersion: aPlatformVersion,
      disableGateway: a.disableGateway ?? false,
    };
  });
  return {
    id: d.id,
    name: d.name || nameOf(d.id),
    region,
    skuName: d.sku.name,
    capacity,
    platform: platformOf(platformVersion),
    platformVersion,
    networkMode,
    tags: copyRecord(d.tags),
    locations: [primary, ...additional],
  };
}

function toVirtualNetwork(d: VirtualNetworkJson): VirtualNetwork {
  const p = d.properties ?? {};
  return {
    id: d.id,
    name: d.name || nameOf(d.id),
    location: regionOf(d.location),
    addressSpace: [...(p.addressSpace?.addressPrefixes ?? [])],
    dnsServers: [...(p.dhcpOptions?.dnsServers ?? [])],
    subnets: (p.subnets ?? []).map((s, i) => toInlineSubnet(s, d.id, ['properties', 'subnets', i])),
  };
}

/** An inline subnet may come without an id (templates); it is then derived from the VNet id and its name. */
function toInlineSubnet(s: SubnetJson, vnetId: string, path: PathSegment[]): Subnet {
  let id = present(s.id);
  if (id === undefined) {
    if (!s.name) throw new MappingProblem([...path, 'id'], 'an inline subnet needs an id or a name');
    id = `${vnetId}/subnets/${encodeURIComponent(s.name)}`;
  }
  // Nearly always written under the VNet's own id: checked by that prefix, parsed only otherwise.
  if (isChildIdOf(id, vnetId, 'subnets')) {
    const name = s.name || (id.endsWith('/') ? id.slice(vnetId.length + 9, -1) : id.slice(vnetId.length + 9));
    return toSubnet(s, id, path, id.slice(0, vnetId.length), name);
  }
  const parsed = tryParseResourceId(id);
  if (parsed?.type?.toLowerCase() !== RESOURCE_TYPES.subnet.toLowerCase() || !sameResourceId(parentResourceId(id), vnetId)) {
    throw new MappingProblem([...path, 'id'], `"${id}" is not a subnet of this virtual network`);
  }
  return toSubnet(s, id, path);
}

function toSubnet(s: SubnetJson, id: string, path: PathSegment[], parentId?: string, subnetName?: string): Subnet {
  const p = s.properties ?? {};
  const virtualNetworkId = parentId ?? parentResourceId(id);
  if (virtualNetworkId === undefined) throw new MappingProblem([...path, 'id'], `"${id}" has no parent virtual network`);
  return {
    id,
    name: subnetName ?? (s.name || nameOf(id)),
    virtualNetworkId,
    addressPrefixes: merged(p.addressPrefix, p.addressPrefixes),
    delegations: (p.delegations ?? []).map((d) => d.properties?.serviceName || d.name || '(unnamed delegation)'),
    networkSecurityGroupId: present(p.networkSecurityGroup?.id),
    routeTableId: present(p.routeTable?.id),
    natGatewayId: present(p.natGateway?.id),
    serviceEndpoints: (p.serviceEndpoints ?? []).flatMap((e) => (e.service ? [e.service] : [])),
    serviceEndpointPolicyIds: ids(p.serviceEndpointPolicies),
    ipConfigurationIds: ids(p.ipConfigurations),
    resourceNavigationLinks: (p.resourceNavigationLinks ?? []).map(toLink),
    serviceAssociationLinks: (p.serviceAssociationLinks ?? []).map(toLink),
  };
}

function toLink(l: { id?: string | null; name?: string | null; properties?: { linkedResourceType?: string | null; link?: string | null } | null }): SubnetLink {
  const link: SubnetLink = {};
  if (present(l.id) !== undefined) link.id = l.id!;
  if (l.name) link.name = l.name;
  if (l.properties?.linkedResourceType) link.linkedResourceType = l.properties.linkedResourceType;
  if (l.properties?.link) link.link = l.properties.link;
  return link;
}

function toNetworkSecurityGroup(d: NetworkSecurityGroupJson): NetworkSecurityGroup {
  const p = d.properties ?? {};
  const custom = (p.securityRules ?? []).map((r, i) => toSecurityRule(r, false, ['properties', 'securityRules', i]));
  // What Azure refuses for custom rules: a priority outside 100–4096, two rules with one priority and direction.
  const taken = new Map<number, string>();
  custom.forEach((rule, i) => {
    if (!Number.isInteger(rule.priority) || rule.priority < 100 || rule.priority > 4096) {
      const path = ['properties', 'securityRules', i, 'properties', 'priority'];
      throw new MappingProblem(path, `rule "${rule.name}": priority ${rule.priority} is outside 100–4096, the range Azure accepts for custom rules`);
    }
    // Priority and direction as one number (priorities are below 10,000): no key text per rule.
    const key = (rule.direction.toLowerCase() === 'inbound' ? 0 : 10_000) + rule.priority;
    const other = taken.get(key);
    if (other !== undefined) {
      throw new MappingProblem(['properties', 'securityRules', i, 'properties', 'priority'], `rules "${other}" and "${rule.name}" both have priority ${rule.priority} for ${rule.direction} traffic; Azure refuses two rules with the same priority and direction`);
    }
    taken.set(key, rule.name);
  });
  const defaults = (p.defaultSecurityRules ?? []).map((r, i) => toSecurityRule(r, true, ['properties', 'defaultSecurityRules', i]));
  return {
    id: d.id,
    name: d.name || nameOf(d.id),
    location: regionOf(d.location),
    securityRules: custom,
    ...(p.subnets || p.networkInterfaces ? { attachments: (p.subnets?.length ?? 0) + (p.networkInterfaces?.length ?? 0) } : {}),
    // The defaults cannot be deleted: an NSG read without them (a template, a trimmed export) still has them.
    defaultSecurityRules: defaults.length > 0 ? defaults : AZURE_DEFAULT_SECURITY_RULES.map(copyRule),
  };
}

function toSecurityRule(r: SecurityRuleJson, isDefault: boolean, path: PathSegment[]): SecurityRule {
  const p = r.properties;
  const id = present(r.id);
  const name = r.name || (id !== undefined ? nameOf(id) : undefined);
  if (name === undefined) throw new MappingProblem([...path, 'name'], 'a security rule needs a name or an id');
  const sourceApplicationSecurityGroups = ids(p.sourceApplicationSecurityGroups);
  const destinationApplicationSecurityGroups = ids(p.destinationApplicationSecurityGroups);
  const sourceAddressPrefixes = merged(p.sourceAddressPrefix, p.sourceAddressPrefixes);
  const destinationAddressPrefixes = merged(p.destinationAddressPrefix, p.destinationAddressPrefixes);
  const sourcePortRanges = merged(p.sourcePortRange, p.sourcePortRanges);
  const destinationPortRanges = merged(p.destinationPortRange, p.destinationPortRanges);
  // Azure rejects a rule without a source, destination or ports; guessing `*` could hide a deny or invent an allow.
  const need = (values: string[], alsoOk: string[], field: string, what: string) => {
    if (values.length === 0 && alsoOk.length === 0) {
      throw new MappingProblem([...path, 'properties', field], `rule "${name}" has no ${what}`);
    }
  };
  need(sourceAddressPrefixes, sourceApplicationSecurityGroups, 'sourceAddressPrefix', 'sourceAddressPrefix(es) or sourceApplicationSecurityGroups');
  need(destinationAddressPrefixes, destinationApplicationSecurityGroups, 'destinationAddressPrefix', 'destinationAddressPrefix(es) or destinationApplicationSecurityGroups');
  need(sourcePortRanges, [], 'sourcePortRange', 'sourcePortRange(s)');
  need(destinationPortRanges, [], 'destinationPortRange', 'destinationPortRange(s)');
  // Canonical already when zod parsed the rule; as written when the fast check let it through unparsed.
  const direction = canonical(p.direction, DIRECTIONS) as SecurityRule['direction'];
  const access = canonical(p.access, ACCESSES) as SecurityRule['access'];
  const protocol = p.protocol;
  const priority = p.priority;
  const description = p.description || undefined;
  // One literal per shape, in the field order of the model: no property added later (each addition
  // allocated a property store per rule).
  const rule: SecurityRule =
    id === undefined
      ? description === undefined
        ? { name, priority, direction, access, protocol, sourceAddressPrefixes, sourcePortRanges, destinationAddressPrefixes, destinationPortRanges, sourceApplicationSecurityGroups, destinationApplicationSecurityGroups, isDefault }
        : { name, priority, direction, access, protocol, sourceAddressPrefixes, sourcePortRanges, destinationAddressPrefixes, destinationPortRanges, sourceApplicationSecurityGroups, destinationApplicationSecurityGroups, isDefault, description }
      : description === undefined
        ? { name, priority, direction, access, protocol, sourceAddressPrefixes, sourcePortRanges, destinationAddressPrefixes, destinationPortRanges, sourceApplicationSecurityGroups, destinationApplicationSecurityGroups, isDefault, id }
        : { name, priority, direction, access, protocol, sourceAddressPrefixes, sourcePortRanges, destinationAddressPrefixes, destinationPortRanges, sourceApplicationSecurityGroups, destinationApplicationSecurityGroups, isDefault, id, description };
  const problem = securityRuleProblem(rule);
  if (problem !== undefined) throw new MappingProblem([...path, 'properties'], problem);
  return rule;
}

const NEXT_HOP_TYPES = ['Internet', 'VirtualAppliance', 'VirtualNetworkGateway', 'VnetLocal', 'None'];

function toRouteTable(d: RouteTableJson): RouteTable {
  const p = d.properties ?? {};
  return {
    id: d.id,
    name: d.name || nameOf(d.id),
    location: regionOf(d.location),
    routes: (p.routes ?? []).map((r, i): Route => {
      const id = present(r.id);
      const name = r.name || (id !== undefined ? nameOf(id) : undefined);
      if (name === undefined) throw new MappingProblem(['properties', 'routes', i, 'name'], 'a route needs a name or an id');
      const addressPrefix = r.properties.addressPrefix;
      const nextHopType = canonical(r.properties.nextHopType, NEXT_HOP_TYPES);
      const nextHopIpAddress = r.properties.nextHopIpAddress || undefined;
      // One literal per shape, fields in the model's order (see toSecurityRule).
      const route: Route =
        id === undefined
          ? nextHopIpAddress === undefined
            ? { name, addressPrefix, nextHopType }
            : { name, addressPrefix, nextHopType, nextHopIpAddress }
          : nextHopIpAddress === undefined
            ? { name, addressPrefix, nextHopType, id }
            : { name, addressPrefix, nextHopType, id, nextHopIpAddress };
      const problem = routePrefixProblem(route);
      if (problem !== undefined) throw new MappingProblem(['properties', 'routes', i, 'properties', 'addressPrefix'], problem);
      return route;
    }),
    disableBgpRoutePropagation: p.disableBgpRoutePropagation ?? false,
  };
}

function toPublicIp(d: PublicIpJson): PublicIpAddress {
  const p = d.properties ?? {};
  const pip: PublicIpAddress = {
    id: d.id,
    name: d.name || nameOf(d.id),
    location: regionOf(d.location),
    // Azure's defaults when the property is absent.
    version: canonical(p.publicIPAddressVersion || 'IPv4', ['IPv4', 'IPv6']),
    allocationMethod: canonical(p.publicIPAllocationMethod || 'Dynamic', ['Static', 'Dynamic']),
    ipTags: (p.ipTags ?? []).map((t) => ({ ipTagType: t.ipTagType, tag: t.tag })),
    zones: [...(d.zones ?? [])],
  };
  if (d.sku?.name) pip.skuName = d.sku.name;
  if (d.sku?.tier) pip.skuTier = d.sku.tier;
  if (p.dnsSettings?.domainNameLabel) pip.domainNameLabel = p.dnsSettings.domainNameLabel;
  const ipConfigurationId = present(p.ipConfiguration?.id);
  if (ipConfigurationId !== undefined) pip.ipConfigurationId = ipConfigurationId;
  return pip;
}

function toEffectiveAdminRules(d: EffectiveAdminRulesJson): EffectiveAdminRules {
  const virtualNetworkId = parentResourceId(d.id);
  if (virtualNetworkId === undefined) throw new MappingProblem(['id'], 'the id does not name a virtual network');
  return {
    id: d.id,
    virtualNetworkId,
    rules: d.properties.value.map((r, i): SecurityAdminRule => {
      const p = r.properties;
      // …/networkManagers/{m}/securityAdminConfigurations/{c}/ruleCollections/{rc}/rules/{name}
      const parsed = tryParseResourceId(r.id);
      const segment = (type: string) => parsed?.segments.find((s) => s.type.toLowerCase() === type.toLowerCase())?.name ?? '';
      const manager = segment('networkManagers');
      const managerId = manager ? r.id.slice(0, r.id.toLowerCase().indexOf('/securityadminconfigurations/')) : '';
      const address = (a: { addressPrefix: string; addressPrefixType?: AdminAddress['type'] | null }): AdminAddress => ({
        prefix: a.addressPrefix,
        type: a.addressPrefixType ?? 'IPPrefix',
      });
      const rule: SecurityAdminRule = {
        id: r.id,
        name: nameOf(r.id),
        networkManagerId: managerId.includes('/') ? managerId : '',
        configuration: segment('securityAdminConfigurations'),
        ruleCollection: segment('ruleCollections'),
        kind: r.kind ?? 'Custom',
        priority: p.priority,
        direction: p.direction,
        access: p.access,
        protocol: p.protocol === 'Any' ? '*' : p.protocol,
        sources: (p.sources ?? []).map(address),
        destinations: (p.destinations ?? []).map(address),
        // `0-65535` is how Azure writes "any port" here.
        sourcePortRanges: (p.sourcePortRanges ?? []).filter((x) => x !== ''),
        destinationPortRanges: (p.destinationPortRanges ?? []).filter((x) => x !== ''),
      };
      if (p.description) rule.description = p.description;
      const problem = adminRuleProblem(rule);
      if (problem !== undefined) throw new MappingProblem(['properties', 'value', i, 'properties'], problem);
      return rule;
    }),
  };
}

// --- helpers -------------------------------------------------------------------------------------

/** Each NSG owns its copy of the shared defaults. */
function copyRule(r: SecurityRule): SecurityRule {
  return {
    ...r,
    sourceAddressPrefixes: [...r.sourceAddressPrefixes],
    sourcePortRanges: [...r.sourcePortRanges],
    destinationAddressPrefixes: [...r.destinationAddressPrefixes],
    destinationPortRanges: [...r.destinationPortRanges],
    sourceApplicationSecurityGroups: [...r.sourceApplicationSecurityGroups],
    destinationApplicationSecurityGroups: [...r.destinationApplicationSecurityGroups],
  };
}

// The model's lists are read, never changed, once normalized. An estate holds hundreds of thousands of rule
// fields that are empty or a single value repeated across rules (`*`, `443`, `VirtualNetwork`): those are
// one shared frozen list each instead of an array per field, which kept most of the model's memory.
const NO_TEXT: string[] = Object.freeze([]) as unknown as string[];
const singles = new RecentMemo<string[]>(12);

function single(value: string): string[] {
  let list = singles.get(value);
  if (list === undefined) singles.set(value, (list = Object.freeze([value]) as unknown as string[]));
  return list;
}

/** A list as the model keeps it: empty and one-value lists shared, others exactly sized. */
function listOf(values: string[]): string[] {
  return values.length === 0 ? NO_TEXT : values.length === 1 ? single(values[0]!) : values;
}

/** `addressPrefix` + `addressPrefixes` (and the like): singular first, no empty strings, no duplicates. */
export function merged(one: string | null | undefined, plural: readonly string[] | null | undefined): string[] {
  const first = typeof one === 'string' && one !== '' ? one : undefined;
  if (plural === null || plural === undefined || plural.length === 0) return first === undefined ? NO_TEXT : single(first);
  if (plural.length === 1 && (first === undefined || first === plural[0])) {
    const only = plural[0];
    return typeof only === 'string' && only !== '' ? single(only) : first === undefined ? NO_TEXT : single(first);
  }
  const out: string[] = first === undefined ? [] : [first];
  for (const v of plural) {
    if (typeof v === 'string' && v !== '' && !out.includes(v)) out.push(v);
  }
  return out.length > 1 ? out.slice() : listOf(out);
}

function present(id: string | null | undefined): string | undefined {
  return id === null || id === undefined || id === '' ? undefined : id;
}

function ids(refs: ReadonlyArray<{ id?: string | null } | null | undefined> | null | undefined): string[] {
  if (refs === null || refs === undefined || refs.length === 0) return NO_TEXT;
  const out: string[] = [];
  for (const r of refs) {
    const id = present(r?.id);
    if (id !== undefined) out.push(id);
  }
  return out.length === 0 ? NO_TEXT : out.slice();
}

/** Network resources carry regions as `westeurope`; hand-written estates may say `West Europe`. */
function regionOf(location: string | null | undefined): string {
  return normalizeRegion(location ?? undefined);
}

/** Known values in their canonical spelling (comparisons stay simple); anything else as given. */
function canonical(value: string, known: readonly string[]): string {
  return known.find((k) => k.toLowerCase() === value.toLowerCase()) ?? value;
}

function copyRecord(tags: Record<string, string> | null | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(tags ?? {}));
}

function labelOf(record: Record<string, unknown>): string | undefined {
  if (typeof record.id === 'string' && record.id !== '') return record.id;
  if (typeof record.name === 'string' && record.name !== '') return record.name;
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function rejectIssues(
  error: z.ZodError,
  reject: (path: PathSegment[], message: string, label?: string) => NormalizeOutcome,
  label: string | undefined,
): NormalizeOutcome {
  const [first, ...rest] = error.issues;
  if (first === undefined) return reject([], 'invalid resource', label);
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
  const path = first.path.filter((s): s is PathSegment => typeof s !== 'symbol');
  return reject(path, `${first.message}${more}`, label);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `value[3]` + `properties.securityRules[2].properties.priority`. */
export function joinPath(base: string | undefined, segments: readonly PathSegment[]): string | undefined {
  let out = base ?? '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (IDENTIFIER.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out === '' ? undefined : out;
}
