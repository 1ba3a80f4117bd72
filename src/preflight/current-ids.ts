/** The ids of the current resources, inline subnets included: what a change document's names are matched against. */
import type { ArmResource } from '../arm/arm-resource.js';

export function currentResourceIds(resources: readonly ArmResource[]): string[] {
  const ids: string[] = [];
  for (const r of resources) {
    if (typeof r.id === 'string') ids.push(r.id);
    const subnets = (r.properties as { subnets?: unknown } | undefined)?.subnets;
    if (Array.isArray(subnets)) for (const s of subnets) if (typeof (s as { id?: unknown })?.id === 'string') ids.push((s as { id: string }).id);
  }
  return ids;
}
