/**
 * The state store in memory, with the same behaviour as the Table storage one (the same contract
 * tests run on both): for the benchmark, which measures the watcher rather than a storage emulator,
 * and for one-process uses. Each operation reads and writes without an `await` in between, so it is
 * atomic on Node's single thread, as the ETag-guarded Table writes are across workers.
 */
import { randomUUID } from 'node:crypto';
import type { PreviousAlertState } from '../alerts/types.js';
import { normalizeResourceId } from '../arm/resource-id.js';
import { dependencyKeyOf, type DependencyEntry, type InstanceLocation } from '../index/dependencies.js';
import { decideBegin, decideEnd, decideOpen, decideRelease, type WindowMarker } from '../watcher/debounce.js';
import type { ChangeRecord, EvaluationResult, InstanceState, SaveOutcome, StateStore, Transition, WindowRequest } from '../watcher/ports.js';
import { nextState } from '../watcher/transition.js';

interface InstanceRows {
  state?: InstanceState;
  transitions: Transition[];
  /** By event id and resource, as the Table rows are keyed. */
  changes: Map<string, ChangeRecord>;
  window?: WindowMarker;
}

export class MemoryStateStore implements StateStore {
  private readonly instances = new Map<string, InstanceRows>();
  private readonly processed = new Map<string, string>();
  /** normalized instance id → its edges. */
  private readonly edges = new Map<string, DependencyEntry[]>();
  /** resource key → (normalized instance id + region → location). */
  private readonly dependents = new Map<string, Map<string, InstanceLocation>>();

  private rows(instanceId: string): InstanceRows {
    const key = normalizeResourceId(instanceId);
    let rows = this.instances.get(key);
    if (!rows) this.instances.set(key, (rows = { transitions: [], changes: new Map() }));
    return rows;
  }

  async getInstance(instanceId: string): Promise<InstanceState | undefined> {
    return clone(this.instances.get(normalizeResourceId(instanceId))?.state);
  }

  async listInstances(): Promise<InstanceState[]> {
    return [...this.instances.values()].flatMap((r) => (r.state ? [clone(r.state)] : []));
  }

  async saveEvaluation(result: EvaluationResult): Promise<SaveOutcome> {
    const rows = this.rows(result.report.id);
    const previous = rows.state;
    const next = nextState(previous, clone(result));
    if (next.kind === 'superseded') return { kind: 'superseded', current: clone(previous!) };
    rows.state = next.state;
    if (next.transition) rows.transitions.unshift(next.transition);
    return { kind: 'saved', state: clone(next.state), ...(previous ? { previous: clone(previous) } : {}), ...(next.transition ? { transition: clone(next.transition) } : {}) };
  }

  async removeInstance(instanceId: string): Promise<void> {
    const rows = this.instances.get(normalizeResourceId(instanceId));
    if (!rows) return;
    delete rows.state;
    delete rows.window;
    rows.changes.clear();
  }

  async listTransitions(instanceId: string, limit = 50): Promise<Transition[]> {
    return clone(this.instances.get(normalizeResourceId(instanceId))?.transitions.slice(0, limit) ?? []);
  }

  async recordAlertState(instanceId: string, alertState: PreviousAlertState): Promise<void> {
    const rows = this.instances.get(normalizeResourceId(instanceId));
    if (rows?.state) rows.state = { ...rows.state, alertState: clone(alertState) };
  }

  async recordChange(instanceId: string, change: ChangeRecord): Promise<void> {
    this.rows(instanceId).changes.set(`${change.eventId}\n${normalizeResourceId(change.resourceId)}`, clone(change));
  }

  async recentChanges(instanceId: string, retainedSince: string): Promise<ChangeRecord[]> {
    const rows = this.instances.get(normalizeResourceId(instanceId));
    if (!rows) return [];
    const since = Date.parse(retainedSince);
    for (const [key, c] of rows.changes) if (Date.parse(c.time) <= since) rows.changes.delete(key);
    return clone([...rows.changes.values()].sort((a, b) => Date.parse(a.time) - Date.parse(b.time)));
  }

  async isEventProcessed(eventId: string): Promise<boolean> {
    return this.processed.has(eventId);
  }

  async markEventProcessed(eventId: string, at: string): Promise<void> {
    this.processed.set(eventId, at);
  }

  async pruneProcessedEvents(olderThan: string): Promise<number> {
    let n = 0;
    for (const [id, at] of this.processed) if (at < olderThan && this.processed.delete(id)) n++;
    return n;
  }

  async openWindow(request: WindowRequest) {
    const rows = this.rows(request.instanceId);
    const decision = decideOpen(rows.window, request, randomUUID());
    if (decision.write === 'put') rows.window = decision.marker;
    if (decision.write === 'follow-up') rows.window = { ...rows.window!, followUp: true, followUpEventTime: decision.followUpEventTime };
    rows.changes.set(`${request.change.eventId}\n${normalizeResourceId(request.change.resourceId)}`, clone(request.change));
    return decision.result;
  }

  async beginWindow(instanceId: string, windowId: string, staleAt: string, retry: boolean) {
    const rows = this.rows(instanceId);
    const decision = decideBegin(rows.window, windowId, staleAt, retry);
    if (decision.write === 'put') rows.window = decision.marker;
    return decision.result;
  }

  async releaseWindow(instanceId: string, windowId: string, now: string, dueAt: string, staleAt: string) {
    const rows = this.rows(instanceId);
    const decision = decideRelease(rows.window, windowId, now, dueAt, staleAt, randomUUID());
    if (decision.write === 'put') rows.window = decision.marker;
    return decision.result;
  }

  async endWindow(instanceId: string, windowId: string, dueAt: string, staleAt: string) {
    const rows = this.rows(instanceId);
    const decision = decideEnd(rows.window, windowId, dueAt, staleAt, randomUUID());
    if (decision.write === 'delete') delete rows.window;
    if (decision.write === 'put') rows.window = decision.marker;
    return decision.result;
  }

  async dependentsOf(resourceId: string): Promise<InstanceLocation[]> {
    const key = dependencyKeyOf(resourceId);
    return key ? [...(this.dependents.get(key)?.values() ?? [])].map((l) => ({ ...l })) : [];
  }

  async replaceDependencies(instanceId: string, entries: readonly DependencyEntry[]): Promise<void> {
    const id = normalizeResourceId(instanceId);
    for (const old of this.edges.get(id) ?? []) this.dependents.get(old.resourceId)?.delete(`${id}\n${old.region}`);
    const mine = entries.filter((e) => normalizeResourceId(e.instanceId) === id).map((e) => ({ ...e }));
    if (mine.length === 0) this.edges.delete(id);
    else this.edges.set(id, mine);
    for (const e of mine) {
      let map = this.dependents.get(e.resourceId);
      if (!map) this.dependents.set(e.resourceId, (map = new Map()));
      map.set(`${id}\n${e.region}`, { instanceId: e.instanceId, region: e.region });
    }
  }

  async removeDependencies(instanceId: string): Promise<void> {
    await this.replaceDependencies(instanceId, []);
  }

  async indexedInstances(): Promise<string[]> {
    return [...this.edges.values()].map((list) => list[0]!.instanceId);
  }
}

/** Callers get copies, as they would from storage: nothing they change leaks into the store. */
function clone<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}
