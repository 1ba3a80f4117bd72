/**
 * Which resources one instance location depends on, read off a view: the edges of the dependency
 * index. Pure: the same view always gives the same edges.
 */
import { normalizeResourceId, parentResourceId, RESOURCE_TYPES, tryParseResourceId } from '../arm/resource-id.js';
import { normalizeRegion } from '../model/region.js';
import { found, type InstanceView, type LocationView } from '../model/view.js';

/** The kinds of resource an instance location depends on (children map to one of these). */
export type DependencyKind = 'apim' | 'subnet' | 'virtualNetwork' | 'networkSecurityGroup' | 'routeTable' | 'publicIp';

/** One location of one instance: what an event fans out to. */
export interface InstanceLocation {
  /** The instance id as the latest view spelled it (usable for ARM reads and messages). */
  instanceId: string;
  /** Normalized region (`westeurope`). */
  region: string;
}

/** One edge of the index: `instanceId` in `region` depends on `resourceId`. Table-friendly (flat strings). */
export interface DependencyEntry extends InstanceLocation {
  /** Normalized (lower-case) id of the resource depended on: the key events are looked up by. */
  resourceId: string;
  kind: DependencyKind;
}

const SUBNET_TYPE = RESOURCE_TYPES.subnet.toLowerCase();
const VNET_SEGMENT = 'virtualnetworks';
const SUBNET_SEGMENT = 'subnets';

/**
 * The index key that a (possibly child) resource id is looked up under, or undefined for a value
 * that is not an ARM resource id:
 * - a subnet (or anything under a subnet) → the subnet, so a change to one subnet does not reach
 *   instances in its sibling subnets;
 * - any other child (`.../networkSecurityGroups/x/securityRules/y`, `.../routeTables/x/routes/y`,
 *   `.../virtualNetworks/v/virtualNetworkPeerings/p`) → its top-level resource;
 * - a top-level resource (NSG, route table, VNet, public IP, APIM service) → itself.
 */
export function dependencyKeyOf(resourceId: string): string | undefined {
  const parsed = tryParseResourceId(resourceId);
  if (!parsed?.provider) return undefined;
  const [first, second] = parsed.segments;
  if (!first) return undefined;
  const parts = parsed.id.split('/');
  // The id ends with the provider's type/name pairs; drop every pair after the ones we keep.
  const keep = (pairs: number) => normalizeResourceId(parts.slice(0, parts.length - (parsed.segments.length - pairs) * 2).join('/'));
  const isVnetChild = parsed.provider.toLowerCase() === 'microsoft.network' && first.type.toLowerCase() === VNET_SEGMENT;
  if (isVnetChild && second && second.type.toLowerCase() === SUBNET_SEGMENT) return keep(2);
  return keep(1);
}

/** Every edge of one instance: each location with its subnet, VNet, NSG, route table, public IP and the service itself. */
export function dependenciesOf(view: InstanceView): DependencyEntry[] {
  const instanceId = view.instance.id;
  const seen = new Map<string, DependencyEntry>();
  const add = (resourceId: string | undefined, kind: DependencyKind, region: string) => {
    if (!resourceId) return;
    const key = dependencyKeyOf(resourceId);
    if (!key) return; // not an ARM id: nothing an event could name
    const entry: DependencyEntry = { resourceId: key, kind, instanceId, region };
    seen.set(`${key}\n${region}`, entry);
  };
  for (const lv of view.locations) {
    const region = normalizeRegion(lv.location.region);
    add(instanceId, 'apim', region);
    for (const [id, kind] of locationDependencies(lv)) add(id, kind, region);
  }
  return [...seen.values()].sort(compareEntries);
}

function locationDependencies(lv: LocationView): Array<[string | undefined, DependencyKind]> {
  const subnet = found(lv.subnet);
  const subnetId = lv.location.subnetId ?? lv.subnet?.id;
  return [
    [subnetId, 'subnet'],
    // The VNet is derived from the subnet id, so it is known even when the subnet could not be read.
    [vnetOf(subnetId), 'virtualNetwork'],
    [lv.virtualNetwork?.id, 'virtualNetwork'],
    // The subnet says which NSG / route table it uses; the lookups say which ones were read. Both, so
    // an association seen by either side is indexed.
    [subnet?.networkSecurityGroupId, 'networkSecurityGroup'],
    [lv.networkSecurityGroup?.id, 'networkSecurityGroup'],
    [subnet?.routeTableId, 'routeTable'],
    [lv.routeTable?.id, 'routeTable'],
    [lv.location.publicIpAddressId, 'publicIp'],
    [lv.publicIp?.id, 'publicIp'],
  ];
}

function vnetOf(subnetId: string | undefined): string | undefined {
  if (!subnetId) return undefined;
  const parsed = tryParseResourceId(subnetId);
  if (parsed?.type?.toLowerCase() !== SUBNET_TYPE) return undefined;
  return parentResourceId(subnetId);
}

/** Deterministic order: by resource, then instance, then region. */
export function compareEntries(a: DependencyEntry, b: DependencyEntry): number {
  return (
    cmp(a.resourceId, b.resourceId) ||
    cmp(normalizeResourceId(a.instanceId), normalizeResourceId(b.instanceId)) ||
    cmp(a.region, b.region) ||
    cmp(a.kind, b.kind)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
