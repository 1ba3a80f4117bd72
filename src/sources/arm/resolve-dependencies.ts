/**
 * Completes what was read into an Estate whose views the engine can evaluate. The Estate (the one
 * place that joins an instance to its subnet, VNet, NSG, route table and public IP) says which
 * dependencies it lacks; they are read by id, and the joins are redone, until nothing is lacking:
 * round 1 the VNets (with their subnets inline), their effective security admin rules and the public IPs,
 * round 2 the NSGs and route tables.
 * What answered 404 is marked missing (a finding); what could not be read is marked unreadable
 * (the instance ends `unknown`).
 */
import type { ArmResource } from '../../arm/arm-resource.js';
import { normalizeResourceId, parentResourceId, RESOURCE_TYPES, isType, tryParseResourceId } from '../../arm/resource-id.js';
import type { InstanceView, Lookup, UnreadableCause } from '../../model/view.js';
import { normalizeResources, type NormalizeResult } from '../../arm/normalize.js';
import { Estate } from '../estate.js';
import type { ReadSession } from './read-session.js';

/** Absent reason of a dependency not read yet; never left in a finished estate. */
const NOT_READ = 'not read yet';

type Mark = { state: 'missing' } | { state: 'unreadable'; reason: string; cause?: UnreadableCause };

/** Resources read so far and the outcome of those that could not be. */
export class Collected {
  private readonly found = new Map<string, ArmResource>();
  /** Each body normalized once: rebuilding the estate after a round re-normalizes only what is new. */
  private readonly normalized = new Map<string, { resource: ArmResource; path: string; result: NormalizeResult }>();
  readonly marks = new Map<string, Mark & { id: string }>();
  /** One line per resource the normalizer rejected (it is marked unreadable). */
  readonly rejected: string[] = [];

  /** `adminRules`: every VNet's effective security admin rules are read (the estate expects them). */
  constructor(private readonly options: { adminRules?: boolean } = {}) {}

  add(resource: ArmResource): void {
    this.found.set(normalizeResourceId(resource.id), resource);
  }

  has(id: string): boolean {
    const key = normalizeResourceId(id);
    return this.found.has(key) || this.marks.has(key);
  }

  mark(id: string, mark: Mark): void {
    this.marks.set(normalizeResourceId(id), { id, ...mark });
  }

  get resources(): ArmResource[] {
    return [...this.found.values()];
  }

  /** The estate of what was read, with every mark applied. */
  toEstate(): Estate {
    const estate = Estate.fromNormalized(this.normalizeAll(), { absentReason: NOT_READ, expectAdminRules: this.options.adminRules ?? false });
    this.rejected.length = 0;
    for (const e of estate.errors) {
      // A resource read but rejected by the normalizer cannot be evaluated: unreadable, with the reason.
      if (e.resource && tryParseResourceId(e.resource)) {
        const key = normalizeResourceId(e.resource);
        if (!this.marks.has(key)) estate.markUnreadable(e.resource, `ARM returned a resource the normalizer rejected: ${e.message}`);
      }
      this.rejected.push(`${e.resource ?? 'a resource'}: ${e.message}`);
    }
    for (const m of this.marks.values()) {
      if (m.state === 'missing') estate.markMissing(m.id);
      else estate.markUnreadable(m.id, m.reason, m.cause);
    }
    return estate;
  }

  /** What Estate.fromResources(this.resources, { source: 'ARM' }) would normalize, reusing earlier results. */
  private normalizeAll(): NormalizeResult {
    const all: NormalizeResult = { resources: [], errors: [], ignored: {} };
    let i = 0;
    for (const [key, resource] of this.found) {
      const path = `[${i++}]`;
      let held = this.normalized.get(key);
      if (held?.resource !== resource || held.path !== path) {
        held = { resource, path, result: normalizeResources([{ resource, origin: { file: 'ARM', path } }]) };
        this.normalized.set(key, held);
      }
      all.resources.push(...held.result.resources);
      all.errors.push(...held.result.errors);
      for (const [type, n] of Object.entries(held.result.ignored)) all.ignored[type] = (all.ignored[type] ?? 0) + n;
    }
    return all;
  }
}

export interface ResolveOptions {
  /** Only these instances' dependencies (a single-instance check); every instance when absent. */
  instanceIds?: readonly string[];
  /** At most this many reads by id; beyond, dependencies are marked unreadable (bounded work). */
  maxReads?: number;
  onRound?: () => void;
}

export async function resolveDependencies(collected: Collected, session: ReadSession, options: ResolveOptions = {}): Promise<Estate> {
  let budget = options.maxReads ?? Number.POSITIVE_INFINITY;
  for (;;) {
    const estate = collected.toEstate();
    const wanted = new Map<string, string>();
    let marked = false;
    for (const view of viewsOf(estate, options.instanceIds)) {
      const need = lacking(view, collected, session);
      for (const id of need.reads) wanted.set(normalizeResourceId(id), id);
      marked ||= need.marked;
    }
    if (wanted.size === 0 && !marked) return estate;

    const ids = [...wanted.values()];
    const now = ids.slice(0, Math.max(0, Math.min(ids.length, budget)));
    for (const id of ids.slice(now.length)) {
      collected.mark(id, { state: 'unreadable', reason: `not read: more than ${options.maxReads} dependencies were missing from the sweep` });
    }
    budget -= now.length;
    const outcomes = await Promise.all(now.map(async (id) => [id, await session.read(id)] as const));
    for (const [id, outcome] of outcomes) {
      if (outcome.state === 'found') collected.add(outcome.resource);
      else if (outcome.state === 'missing') collected.mark(id, { state: 'missing' });
      else collected.mark(id, { state: 'unreadable', reason: outcome.reason, ...(outcome.cause ? { cause: outcome.cause } : {}) });
    }
    options.onRound?.();
  }
}

function viewsOf(estate: Estate, instanceIds: readonly string[] | undefined): InstanceView[] {
  if (instanceIds === undefined) return estate.buildViews();
  return instanceIds.flatMap((id) => estate.buildView(id) ?? []);
}

/**
 * Ids to read for a view: the dependencies the estate lacks and nobody has read yet. Lacking ones
 * that can be settled without a read are marked instead (`marked`: the estate must be rebuilt).
 */
function lacking(view: InstanceView, collected: Collected, session: ReadSession): { reads: string[]; marked: boolean } {
  const out: string[] = [];
  let marked = false;
  const settle = (id: string, mark: Mark) => {
    collected.mark(id, mark);
    marked = true;
  };
  const want = (lookup: Lookup<unknown> | undefined) => {
    if (lookup?.state !== 'unreadable' || lookup.reason !== NOT_READ) return;
    const id = lookup.id;
    if (isType(id, RESOURCE_TYPES.subnet)) {
      const vnetId = parentResourceId(id)!;
      // The VNet brings its subnets inline: read it first. A subnet whose VNet is gone is gone too.
      const vnetMark = collected.marks.get(normalizeResourceId(vnetId));
      if (vnetMark?.state === 'missing') return settle(id, { state: 'missing' });
      if (vnetMark?.state === 'unreadable') return settle(id, { state: 'unreadable', reason: vnetMark.reason, ...(vnetMark.cause ? { cause: vnetMark.cause } : {}) });
      if (!collected.has(vnetId) && !session.attempted(vnetId)) {
        out.push(vnetId);
        return;
      }
    }
    if (session.attempted(id) || collected.has(id)) {
      // Read already, and still the estate cannot use it: never read twice, never leave it "not read".
      return settle(id, { state: 'unreadable', reason: 'ARM returned it, but it is not the kind of resource referenced' });
    }
    out.push(id);
  };
  for (const l of view.locations) {
    want(l.subnet);
    want(l.virtualNetwork);
    want(l.networkSecurityGroup);
    want(l.routeTable);
    want(l.publicIp);
    want(l.adminRules);
  }
  return { reads: out, marked };
}
