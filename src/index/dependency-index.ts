/**
 * The dependency index: from a resource (subnet, VNet, NSG, route table, public IP, APIM service, or
 * any child of them) to the instance locations that depend on it. A plain in-memory structure; the
 * watcher persists it through `entries()` / `fromEntries()` and the keys in table-keys.ts.
 *
 * Every instance's edges are replaced as a whole, so moves to another subnet, added or removed
 * regions and deletions leave no stale edge behind.
 */
import { normalizeResourceId } from '../arm/resource-id.js';
import type { InstanceView } from '../model/view.js';
import { compareEntries, dependenciesOf, dependencyKeyOf, type DependencyEntry, type InstanceLocation } from './dependencies.js';

/** What a replace changed: the edges to delete and to write (what a Table adapter needs). */
export interface IndexDelta {
  added: DependencyEntry[];
  removed: DependencyEntry[];
}

export class DependencyIndex {
  /** normalized resource id → (edge key → entry). */
  private readonly byResource = new Map<string, Map<string, DependencyEntry>>();
  /** normalized instance id → its entries. */
  private readonly byInstance = new Map<string, DependencyEntry[]>();

  static fromViews(views: Iterable<InstanceView>): DependencyIndex {
    const index = new DependencyIndex();
    for (const view of views) index.replaceInstance(view);
    return index;
  }

  /** Rebuilds an index from stored entries (see parseDependencyEntry for reading rows). */
  static fromEntries(entries: Iterable<DependencyEntry>): DependencyIndex {
    const index = new DependencyIndex();
    const grouped = new Map<string, DependencyEntry[]>();
    for (const e of entries) {
      const entry = { ...e, resourceId: normalizeResourceId(e.resourceId) };
      const key = normalizeResourceId(entry.instanceId);
      grouped.set(key, [...(grouped.get(key) ?? []), entry]);
    }
    for (const [key, list] of grouped) index.setInstance(key, dedupe(list));
    return index;
  }

  /** The instance locations that depend on a resource id (any case, child ids map to their parent), sorted. */
  dependentsOf(resourceId: string): InstanceLocation[] {
    const key = dependencyKeyOf(resourceId);
    const edges = key ? this.byResource.get(key) : undefined;
    if (!edges) return [];
    const seen = new Map<string, InstanceLocation>();
    for (const e of edges.values()) seen.set(edgeKey(e), { instanceId: e.instanceId, region: e.region });
    return [...seen.values()].sort((a, b) => cmp(normalizeResourceId(a.instanceId), normalizeResourceId(b.instanceId)) || cmp(a.region, b.region));
  }

  /** The distinct instances that depend on a resource id (what the watcher debounces on), sorted. */
  instancesOf(resourceId: string): string[] {
    const ids = new Map<string, string>();
    for (const l of this.dependentsOf(resourceId)) ids.set(normalizeResourceId(l.instanceId), l.instanceId);
    return [...ids.values()];
  }

  /** The current edges of one instance (any case), sorted. */
  entriesOf(instanceId: string): DependencyEntry[] {
    return [...(this.byInstance.get(normalizeResourceId(instanceId)) ?? [])];
  }

  /** Whether the index knows this instance (any case). */
  hasInstance(instanceId: string): boolean {
    return this.byInstance.has(normalizeResourceId(instanceId));
  }

  /** Every indexed instance id, as last spelled, sorted. */
  instances(): string[] {
    return [...this.byInstance.entries()].sort(([a], [b]) => cmp(a, b)).map(([, list]) => list[0]?.instanceId ?? '');
  }

  /** Replaces every edge of the view's instance with the edges read off this view. */
  replaceInstance(view: InstanceView): IndexDelta {
    const key = normalizeResourceId(view.instance.id);
    const before = this.byInstance.get(key) ?? [];
    const after = dependenciesOf(view);
    this.setInstance(key, after);
    return diffEntries(before, after);
  }

  /** Forgets an instance (deleted, or out of scope). Returns the edges removed. */
  removeInstance(instanceId: string): DependencyEntry[] {
    const key = normalizeResourceId(instanceId);
    const before = this.byInstance.get(key) ?? [];
    this.setInstance(key, []);
    return before;
  }

  /** Every edge, in a stable order: what to persist, and what two equal indexes agree on. */
  entries(): DependencyEntry[] {
    return [...this.byInstance.values()].flat().sort(compareEntries);
  }

  get size(): number {
    let n = 0;
    for (const list of this.byInstance.values()) n += list.length;
    return n;
  }

  private setInstance(instanceKey: string, entries: DependencyEntry[]): void {
    for (const old of this.byInstance.get(instanceKey) ?? []) {
      const edges = this.byResource.get(old.resourceId);
      edges?.delete(edgeKey(old));
      if (edges?.size === 0) this.byResource.delete(old.resourceId);
    }
    if (entries.length === 0) {
      this.byInstance.delete(instanceKey);
      return;
    }
    const sorted = [...entries].sort(compareEntries);
    this.byInstance.set(instanceKey, sorted);
    for (const e of sorted) {
      let edges = this.byResource.get(e.resourceId);
      if (!edges) this.byResource.set(e.resourceId, (edges = new Map()));
      edges.set(edgeKey(e), e);
    }
  }
}

/**
 * The edges to delete and to upsert to turn `before` into `after`. Order-independent for a Table
 * adapter: `removed` holds only edges whose (resource, instance, region) is gone, so an edge that
 * merely changed kind or instance-id spelling is in `added` (an upsert of the same keys) alone.
 */
export function diffEntries(before: readonly DependencyEntry[], after: readonly DependencyEntry[]): IndexDelta {
  const place = (e: DependencyEntry) => `${e.resourceId}\n${edgeKey(e)}`;
  const full = (e: DependencyEntry) => `${place(e)}\n${e.kind}\n${e.instanceId}`;
  const beforeFull = new Set(before.map(full));
  const afterPlaces = new Set(after.map(place));
  return {
    added: after.filter((e) => !beforeFull.has(full(e))),
    removed: before.filter((e) => !afterPlaces.has(place(e))),
  };
}

function edgeKey(e: InstanceLocation): string {
  return `${normalizeResourceId(e.instanceId)}\n${e.region}`;
}

function dedupe(list: DependencyEntry[]): DependencyEntry[] {
  const seen = new Map<string, DependencyEntry>();
  for (const e of list) seen.set(`${e.resourceId}\n${e.region}`, e);
  return [...seen.values()];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
