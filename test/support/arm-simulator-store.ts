/**
 * The ARM simulator's in-memory estate: top-level resources by id, with their child resources
 * (subnets, securityRules, routes) kept inline as ARM returns them. A child given on its own in the
 * input is folded into its parent, so a child is always served the same way inline and by id.
 */
import type { ArmResource } from '../../src/arm/arm-resource.js';
import { normalizeResourceId, parseResourceId, parentResourceId } from '../../src/arm/resource-id.js';

/** Child collections ARM serves both inline (`properties.<name>`) and at `<parent id>/<name>/<child>`. */
export const CHILD_COLLECTIONS: Readonly<Record<string, readonly string[]>> = {
  'microsoft.network/virtualnetworks': ['subnets'],
  'microsoft.network/networksecuritygroups': ['securityRules', 'defaultSecurityRules'],
  'microsoft.network/routetables': ['routes'],
};

const GRAPH_ONLY_COLUMNS = ['subscriptionId', 'resourceGroup', 'tenantId'];

export class SimulatorStore {
  private readonly topLevel = new Map<string, ArmResource>();
  /** Children whose parent is not in the estate: still served by id. */
  private readonly orphans = new Map<string, ArmResource>();
  /** Top-level resources per resource group (`/subscriptions/s/resourcegroups/g/`), so that a request does not scan the store. */
  private readonly perResourceGroup = new Map<string, number>();

  constructor(resources: readonly ArmResource[] = []) {
    const children: ArmResource[] = [];
    for (const r of resources) {
      if (parseResourceId(r.id).segments.length > 1) children.push(r);
      else this.put(r);
    }
    for (const c of children) this.put(c);
  }

  /** Adds or replaces a resource (a child goes into its parent's inline collection). */
  put(resource: ArmResource): void {
    const copy = structuredClone(resource);
    // Resource Graph exports carry table columns that ARM's GET does not return.
    for (const column of GRAPH_ONLY_COLUMNS) delete copy[column];
    const parsed = parseResourceId(copy.id);
    if (parsed.segments.length <= 1) {
      const key = normalizeResourceId(copy.id);
      if (!this.topLevel.has(key)) this.countResourceGroup(key, 1);
      this.topLevel.set(key, copy);
      return;
    }
    const parentId = parentResourceId(copy.id)!;
    const parent = this.topLevel.get(normalizeResourceId(parentId));
    const collection = collectionOf(copy.id);
    if (!parent || !collection) {
      this.orphans.set(normalizeResourceId(copy.id), copy);
      return;
    }
    const props = (parent.properties ??= {});
    const list = Array.isArray(props[collection]) ? (props[collection] as ArmResource[]) : [];
    const at = list.findIndex((c) => typeof c?.id === 'string' && normalizeResourceId(c.id) === normalizeResourceId(copy.id));
    if (at >= 0) list[at] = copy;
    else list.push(copy);
    props[collection] = list;
  }

  /** Removes a resource so that it answers 404 from now on. */
  remove(id: string): boolean {
    const key = normalizeResourceId(id);
    if (this.topLevel.delete(key)) {
      this.countResourceGroup(key, -1);
      return true;
    }
    if (this.orphans.delete(key)) return true;
    const parentId = parentResourceId(id);
    const parent = parentId ? this.topLevel.get(normalizeResourceId(parentId)) : undefined;
    const collection = collectionOf(id);
    if (!parent?.properties || !collection) return false;
    const list = parent.properties[collection];
    if (!Array.isArray(list)) return false;
    const kept = list.filter((c: ArmResource) => normalizeResourceId(c.id) !== key);
    parent.properties[collection] = kept;
    return kept.length !== list.length;
  }

  get(id: string): ArmResource | undefined {
    const key = normalizeResourceId(id);
    const top = this.topLevel.get(key) ?? this.orphans.get(key);
    if (top) return top;
    const parentId = parentResourceId(id);
    if (!parentId) return undefined;
    return this.children(parentId, collectionOf(id) ?? '')?.find((c) => normalizeResourceId(c.id) === key);
  }

  /** The inline children of a parent, or undefined when the parent does not exist. */
  children(parentId: string, collection: string): ArmResource[] | undefined {
    const parent = this.topLevel.get(normalizeResourceId(parentId));
    if (!parent) return undefined;
    const list = parent.properties?.[collection];
    return Array.isArray(list) ? (list as ArmResource[]) : [];
  }

  /** Top-level resources of one type, in one subscription and optionally one resource group, sorted by id. */
  list(type: string, subscriptionId: string, resourceGroup?: string): ArmResource[] {
    const t = type.toLowerCase();
    return this.all().filter((r) => {
      const p = parseResourceId(r.id);
      return (
        p.type?.toLowerCase() === t &&
        p.subscriptionId.toLowerCase() === subscriptionId.toLowerCase() &&
        (resourceGroup === undefined || p.resourceGroup?.toLowerCase() === resourceGroup.toLowerCase())
      );
    });
  }

  all(): ArmResource[] {
    return [...this.topLevel.values()].sort((a, b) => compareIds(a.id, b.id));
  }

  subscriptions(): string[] {
    return [...new Set(this.all().map((r) => parseResourceId(r.id).subscriptionId.toLowerCase()))].sort();
  }

  resourceGroupExists(subscriptionId: string, resourceGroup: string): boolean {
    return (this.perResourceGroup.get(`/subscriptions/${subscriptionId}/resourcegroups/${resourceGroup}/`.toLowerCase()) ?? 0) > 0;
  }

  private countResourceGroup(key: string, delta: number): void {
    const m = /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\//.exec(key);
    if (!m) return;
    const n = (this.perResourceGroup.get(m[0]) ?? 0) + delta;
    if (n > 0) this.perResourceGroup.set(m[0], n);
    else this.perResourceGroup.delete(m[0]);
  }
}

export function compareIds(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `.../virtualNetworks/v/subnets/s` → `subnets` (in the spelling the parent's properties use). */
function collectionOf(childId: string): string | undefined {
  const p = parseResourceId(childId);
  const last = p.segments[p.segments.length - 1]?.type;
  if (!last || p.segments.length !== 2) return undefined;
  const parentType = `${p.provider}/${p.segments[0]!.type}`.toLowerCase();
  return CHILD_COLLECTIONS[parentType]?.find((c) => c.toLowerCase() === last.toLowerCase());
}
