/**
 * The status page's use case: every stored instance in scope with its last verdict, failures first,
 * one page at a time (a large estate is paged, not rendered whole), each with its recent transitions
 * and the alerts not delivered yet. Reads stored state only: opening the page never calls ARM.
 */
import type { UndeliveredAlert } from '../alerts/outbox.js';
import { STATUSES } from '../engine/report.js';
import type { InstanceStatus } from '../model/finding.js';
import type { WatcherDeps } from './deps.js';
import { instanceIdOf, type InstanceRef } from './instance-ref.js';
import { inScope, storedInScope } from './instances.js';
import type { InstanceState, Transition } from './ports.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
/** Transitions shown per instance: enough for "what happened today", bounded for a page of many. */
export const TRANSITIONS_SHOWN = 10;

export interface StatusEntry {
  state: InstanceState;
  transitions: Transition[];
  undelivered: UndeliveredAlert[];
}

export interface StatusOverview {
  entries: StatusEntry[];
  /** Over the whole scope, not the page. */
  byStatus: Record<InstanceStatus, number>;
  total: number;
  /** Instances that match the status filter (what is paged). */
  matching: number;
  page: number;
  pageSize: number;
  pages: number;
  status?: InstanceStatus;
}

export interface StatusQuery {
  /** 1-based. */
  page: number;
  pageSize: number;
  status?: InstanceStatus;
}

async function entryOf(deps: WatcherDeps, state: InstanceState): Promise<StatusEntry> {
  const [transitions, undelivered] = await Promise.all([
    deps.store.listTransitions(state.instanceId, TRANSITIONS_SHOWN),
    deps.alerts ? deps.alerts.listUndelivered(state.instanceId) : Promise.resolve([]),
  ]);
  return { state, transitions, undelivered };
}

const rank = (s: InstanceState) => STATUSES.indexOf(s.status);

export async function statusOverview(deps: WatcherDeps, query: StatusQuery): Promise<StatusOverview> {
  const states = (await deps.store.listInstances()).filter((s) => storedInScope(deps, s));
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<InstanceStatus, number>;
  for (const s of states) byStatus[s.status] += 1;
  const matching = states
    .filter((s) => query.status === undefined || s.status === query.status)
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name) || a.instanceId.localeCompare(b.instanceId));
  const pages = Math.max(1, Math.ceil(matching.length / query.pageSize));
  const page = Math.min(query.page, pages);
  const slice = matching.slice((page - 1) * query.pageSize, page * query.pageSize);
  const entries = await Promise.all(slice.map((s) => entryOf(deps, s)));
  return {
    entries,
    byStatus,
    total: states.length,
    matching: matching.length,
    page,
    pageSize: query.pageSize,
    pages,
    ...(query.status ? { status: query.status } : {}),
  };
}

export type InstanceStatusResult = { kind: 'found'; entry: StatusEntry } | { kind: 'out-of-scope' } | { kind: 'not-found' };

export async function instanceStatus(deps: WatcherDeps, ref: InstanceRef): Promise<InstanceStatusResult> {
  if (!(await inScope(deps, ref.subscriptionId))) return { kind: 'out-of-scope' };
  const state = await deps.store.getInstance(instanceIdOf(ref));
  if (!state) return { kind: 'not-found' };
  return { kind: 'found', entry: await entryOf(deps, state) };
}
