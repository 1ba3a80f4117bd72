/**
 * Use cases behind the HTTP API: list the known instances with their last status, show one with its
 * findings and transitions, and re-check one now. Only instances inside the configured scope are
 * answered: the watcher's identity may be able to read more than the operators meant to watch.
 */
import type { UndeliveredAlert } from '../alerts/outbox.js';
import { normalizeResourceId, parseResourceId } from '../arm/resource-id.js';
import type { InstanceReport } from '../model/finding.js';
import type { WatcherDeps } from './deps.js';
import { evaluateLive } from './evaluate-instance.js';
import { failingKeys } from './fingerprint.js';
import { instanceIdOf, type InstanceRef } from './instance-ref.js';
import type { InstanceState, Log, Transition } from './ports.js';

/** One instance in the API's answers. */
export interface InstanceSummary {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  status: InstanceState['status'];
  /** Fingerprint of the failing set (equal fingerprints: the same problems). */
  fingerprint: string;
  /** Count of failing findings (breaking, degraded or unknown). */
  failing: number;
  evaluatedAt: string;
  trigger: InstanceState['trigger'];
  /** When status or failing set last changed. */
  changedAt: string;
  unknownSince?: string;
}

export function summaryOf(state: InstanceState): InstanceSummary {
  const id = parseResourceId(state.instanceId);
  return {
    id: state.instanceId,
    subscriptionId: id.subscriptionId,
    resourceGroup: id.resourceGroup ?? '',
    name: state.name,
    status: state.status,
    fingerprint: state.fingerprint,
    failing: failingKeys(state.findings).length,
    evaluatedAt: state.evaluatedAt,
    trigger: state.trigger,
    changedAt: state.changedAt,
    ...(state.unknownSince ? { unknownSince: state.unknownSince } : {}),
  };
}

/**
 * Whether a subscription is inside the watched scope. With a management group, the subscriptions
 * below it are those the sweep found instances in (the watcher does not list the group itself).
 */
export async function inScope(deps: WatcherDeps, subscriptionId: string, known?: () => Promise<Set<string>>): Promise<boolean> {
  const sub = subscriptionId.toLowerCase();
  if (deps.scope.subscriptions.includes(sub)) return true;
  if (!deps.scope.managementGroup) return false;
  return (await (known ?? (() => knownSubscriptions(deps)))()).has(sub);
}

async function knownSubscriptions(deps: WatcherDeps): Promise<Set<string>> {
  const ids = [...(await deps.store.indexedInstances()), ...(await deps.store.listInstances()).map((s) => s.instanceId)];
  return new Set(ids.map((id) => parseResourceId(id).subscriptionId.toLowerCase()));
}

/** Whether an instance id is answered: with a management group every stored instance came from a sweep of it; with a list, filter. */
function idInScope(deps: WatcherDeps, id: string): boolean {
  return Boolean(deps.scope.managementGroup) || deps.scope.subscriptions.includes(parseResourceId(id).subscriptionId.toLowerCase());
}

/** Every instance in scope that the watcher knows (indexed or evaluated), each id once. */
export async function everyKnownInstance(deps: WatcherDeps): Promise<string[]> {
  const ids = new Map<string, string>();
  for (const id of [...(await deps.store.indexedInstances()), ...(await deps.store.listInstances()).map((s) => s.instanceId)]) {
    if (idInScope(deps, id)) ids.set(normalizeResourceId(id), id);
  }
  return [...ids.values()];
}

/** Whether a stored instance is answered (see idInScope). */
export function storedInScope(deps: WatcherDeps, state: InstanceState): boolean {
  return idInScope(deps, state.instanceId);
}

export async function listInstances(deps: WatcherDeps): Promise<InstanceSummary[]> {
  const states = await deps.store.listInstances();
  return states
    .filter((s) => storedInScope(deps, s))
    .map(summaryOf)
    .sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()));
}

export type ShowResult =
  | { kind: 'found'; instance: InstanceSummary; report: InstanceReport; transitions: Transition[]; undeliveredAlerts: UndeliveredAlert[] }
  | { kind: 'out-of-scope' }
  | { kind: 'not-found' };

export async function showInstance(deps: WatcherDeps, ref: InstanceRef): Promise<ShowResult> {
  if (!(await inScope(deps, ref.subscriptionId))) return { kind: 'out-of-scope' };
  const state = await deps.store.getInstance(instanceIdOf(ref));
  if (!state) return { kind: 'not-found' };
  const transitions = await deps.store.listTransitions(state.instanceId, 20);
  const undeliveredAlerts = deps.alerts ? await deps.alerts.listUndelivered(state.instanceId) : [];
  return { kind: 'found', instance: summaryOf(state), report: state.report, transitions, undeliveredAlerts };
}

export type CheckResult =
  | { kind: 'checked'; instance: InstanceSummary; report: InstanceReport; transition?: Transition; notified: boolean; stored: boolean }
  | { kind: 'out-of-scope' }
  | { kind: 'not-found' }
  /** The instance itself could not be read (403, retries exhausted); details are logged, not returned. */
  | { kind: 'unreadable' };

/** Evaluates an instance now, live; `notify` lets the result alert as an event-driven one would. */
export async function checkInstance(deps: WatcherDeps, ref: InstanceRef, notify: boolean, log: Log, corroborate = false): Promise<CheckResult> {
  if (!(await inScope(deps, ref.subscriptionId))) return { kind: 'out-of-scope' };
  const instanceId = instanceIdOf(ref);
  let outcome;
  try {
    outcome = await evaluateLive(deps, instanceId, { trigger: 'http', notify, ...(corroborate ? { corroborate } : {}) }, log);
  } catch (e) {
    log.error(`re-check of ${instanceId}: reading it failed: ${(e as Error).message}`);
    return { kind: 'unreadable' };
  }
  switch (outcome.kind) {
    case 'gone':
      return { kind: 'not-found' };
    case 'superseded':
      // A newer evaluation is stored; the caller still gets what it asked for: the report read now.
      return { kind: 'checked', instance: summaryOf(outcome.current), report: outcome.report, notified: false, stored: false };
    case 'evaluated':
      return {
        kind: 'checked',
        instance: summaryOf(outcome.state),
        report: outcome.report,
        ...(outcome.transition ? { transition: outcome.transition } : {}),
        notified: outcome.alerted,
        stored: true,
      };
    case 'skipped':
      throw new Error('a live check is never skipped');
  }
}
