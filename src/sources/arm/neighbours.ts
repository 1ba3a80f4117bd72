/**
 * Which other instances to read for the neighbours of a single-instance read (capacity, stv1 and v2
 * dedication, public-IP sharing), from the dependency index instead of a list of every instance of
 * the subscription: a read whose cost does not grow with the subscription. The same index names the
 * dependencies an instance used last time, so they are read in one round with the instance itself.
 *
 * The index is trusted only where it can be checked against what was just read. The list is the
 * fallback when:
 * - the index does not place the instance itself in that subnet or on that public IP (a first
 *   evaluation, a move): it has not seen this placement, so it may not know the others either;
 * - the subnet's navigation or association links name an API Management service the index does not
 *   place in it (an occupant it does not know).
 */
import { isType, normalizeResourceId, RESOURCE_TYPES, tryParseResourceId } from '../../arm/resource-id.js';
import type { DependencyEntry, DependencyKind, InstanceLocation } from '../../index/dependencies.js';
import type { Subnet } from '../../model/network.js';
import { found, type InstanceView } from '../../model/view.js';

/** Where a live read learns who shares a subnet or public IP: the watcher's dependency index. */
export interface OccupantIndex {
  dependentsOf(resourceId: string): Promise<InstanceLocation[]>;
  /** The edges of an instance as last evaluated: dependencies to read beside it, in one round. */
  dependenciesOf?(instanceId: string): Promise<DependencyEntry[]>;
}

/** Kinds read by id in the first round; a subnet comes inline with its VNet, the instance is read anyway. */
const PREFETCHED: ReadonlySet<DependencyKind> = new Set(['virtualNetwork', 'networkSecurityGroup', 'routeTable', 'publicIp']);

/** The dependencies the index last saw for these instances, to read together with them. */
export async function knownDependencies(instanceIds: readonly string[], index: OccupantIndex): Promise<string[]> {
  if (!index.dependenciesOf) return [];
  const ids = new Map<string, string>();
  for (const entries of await Promise.all(instanceIds.map((id) => index.dependenciesOf!(id)))) {
    for (const e of entries) if (PREFETCHED.has(e.kind)) ids.set(e.resourceId, e.resourceId);
  }
  return [...ids.values()];
}

export interface NeighbourPlan {
  /** Instance ids the index places beside the read instances, to read by id. */
  reads: string[];
  /** Subscriptions whose instances must be listed, because the index cannot be trusted there. */
  listSubscriptions: string[];
}

export async function planNeighbourReads(views: readonly InstanceView[], index: OccupantIndex): Promise<NeighbourPlan> {
  const reads = new Map<string, string>();
  const lists = new Map<string, string>();
  const read = new Set(views.map((v) => normalizeResourceId(v.instance.id)));
  const listFor = (resourceId: string) => {
    const sub = tryParseResourceId(resourceId)?.subscriptionId;
    if (sub) lists.set(sub.toLowerCase(), sub);
  };
  for (const view of views) {
    const self = normalizeResourceId(view.instance.id);
    for (const l of view.locations) {
      const shared: Array<[string | undefined, readonly string[]]> = [
        [l.location.subnetId, linkedInstances(found(l.subnet))],
        [l.location.publicIpAddressId, []],
      ];
      for (const [resourceId, occupants] of shared) {
        if (!resourceId || !tryParseResourceId(resourceId)) continue;
        const dependents = await index.dependentsOf(resourceId);
        const known = new Set(dependents.map((d) => normalizeResourceId(d.instanceId)));
        const unknown = occupants.some((o) => !known.has(o) && o !== self);
        if (!known.has(self) || unknown) {
          listFor(resourceId);
          continue;
        }
        for (const d of dependents) {
          const key = normalizeResourceId(d.instanceId);
          if (!read.has(key)) reads.set(key, d.instanceId);
        }
      }
    }
  }
  return { reads: [...reads.values()], listSubscriptions: [...lists.values()] };
}

/** The API Management services a subnet's links name (normalized); a link that names none is an unknown occupant. */
export function linkedInstances(subnet: Subnet | undefined): string[] {
  if (!subnet) return [];
  const out: string[] = [];
  for (const link of [...subnet.resourceNavigationLinks, ...subnet.serviceAssociationLinks]) {
    const apimLink = link.link && tryParseResourceId(link.link) && isType(link.link, RESOURCE_TYPES.apim);
    if (apimLink) out.push(normalizeResourceId(link.link!));
    else if (link.linkedResourceType?.toLowerCase() === RESOURCE_TYPES.apim.toLowerCase()) out.push('an API Management service the link does not name');
  }
  return out;
}
