/** The resources an instance depends on, per location: what a change must touch to affect the instance. */
import { normalizeResourceId, parentResourceId, tryParseResourceId } from '../arm/resource-id.js';
import { INSTANCE_LOCATION } from '../engine/evaluate.js';
import type { InstanceView } from '../model/view.js';

/** Normalized id → the locations (regions, or `instance`) that depend on it. */
export function dependenciesOf(view: InstanceView): Map<string, Set<string>> {
  const deps = new Map<string, Set<string>>();
  const add = (id: string | undefined, where: string) => {
    if (id === undefined || id === '') return;
    const key = normalizeResourceId(id);
    const set = deps.get(key) ?? new Set<string>();
    set.add(where);
    deps.set(key, set);
  };
  add(view.instance.id, INSTANCE_LOCATION);
  for (const l of view.locations) {
    const where = l.location.region;
    const subnetId = l.subnet?.id ?? l.location.subnetId;
    add(subnetId, where);
    if (subnetId !== undefined && tryParseResourceId(subnetId)) add(parentResourceId(subnetId), where);
    add(l.networkSecurityGroup?.id, where);
    add(l.routeTable?.id, where);
    add(l.publicIp?.id ?? l.location.publicIpAddressId, where);
    // Another instance in the same subnet or on the same public IP changes capacity and sharing verdicts.
    for (const n of [...l.subnetNeighbours, ...l.publicIpNeighbours]) add(n.instanceId, where);
  }
  return deps;
}
