/**
 * Use case "evaluate instance": read the instance as it is now, run the engine, keep its dependency
 * edges current, store the result (and the transition it makes, if any) and hand the alert policy
 * what it needs. Used by the debounced evaluations queue, the HTTP re-check and the sweep.
 */
import { evaluateInstance as runEngine } from '../engine/evaluate.js';
import { dependenciesOf } from '../index/dependencies.js';
import type { InstanceReport } from '../model/finding.js';
import type { InstanceView } from '../model/view.js';
import type { InstanceRead } from '../sources/reader.js';
import { iso, later, type WatcherDeps } from './deps.js';
import type { EstateReader, EvaluationRequest, EvaluationTrigger, InstanceState, Log, Transition } from './ports.js';
import { attributedChanges, changesBehindStatus } from './transition.js';

export type EvaluationOutcome =
  | { kind: 'evaluated'; report: InstanceReport; state: InstanceState; transition?: Transition; alerted: boolean }
  /** A concurrent evaluation stored a result read later than this one; this result was dropped. */
  | { kind: 'superseded'; report: InstanceReport; current: InstanceState }
  /** ARM says the instance does not exist (404): its state and edges were removed. */
  | { kind: 'gone'; instanceId: string }
  /** A debounced message that had nothing left to do (its window was evaluated already). */
  | { kind: 'skipped'; reason: string };

export interface EvaluateOptions {
  trigger: EvaluationTrigger;
  /** Whether the result may alert (manual re-checks only with ?notify=true). */
  notify: boolean;
  /** Time of the earliest event that led here, for the end-to-end latency. */
  firstEventTime?: string;
}

/** Reads the instance now (one live read) and records the result. */
export async function evaluateLive(deps: WatcherDeps, instanceId: string, options: EvaluateOptions, log: Log): Promise<EvaluationOutcome> {
  const started = deps.clock.now();
  const armBefore = deps.armRequests?.();
  const { view, notes } = await readInstance(deps.reader, instanceId);
  // The counter is per worker: when evaluations overlap in one worker this is an approximation.
  const armCalls = armBefore === undefined ? undefined : deps.armRequests!() - armBefore;
  if (armCalls !== undefined) deps.telemetry.metric('ArmCalls', armCalls, { trigger: options.trigger });
  // What the read could not see besides the instance (a neighbour list denied, a resource rejected).
  for (const note of notes) log.warn(`reading ${instanceId}: ${note}`);
  if (notes.length > 0) deps.telemetry.metric('ReadNotes', notes.length, { trigger: options.trigger });
  if (!view) {
    await forgetInstance(deps, instanceId, log);
    return { kind: 'gone', instanceId };
  }
  return recordEvaluation(deps, view, started, options, log);
}

/** Records the evaluation of a view read at `observedAt` (the sweep reads many views at once). */
export async function recordEvaluation(
  deps: WatcherDeps,
  view: InstanceView,
  observedAt: Date,
  options: EvaluateOptions,
  log: Log,
): Promise<EvaluationOutcome> {
  const { store, telemetry } = deps;
  const instanceId = view.instance.id;
  const report = runEngine(view, deps.rules);
  await store.replaceDependencies(instanceId, dependenciesOf(view));
  const now = deps.clock.now();
  const retentionStart = later(now, -deps.timing.changeRetentionHours * 3600);
  // Attribution older than the retention is of no use to an alert any more: it is deleted on the way.
  const recent = await store.recentChanges(instanceId, retentionStart);
  const saved = await store.saveEvaluation({ report, observedAt: iso(observedAt), evaluatedAt: iso(now), trigger: options.trigger, changes: recent });
  const end = deps.clock.now();
  telemetry.metric('Evaluations', 1, { trigger: options.trigger, status: report.status });
  telemetry.metric('EvaluationDurationMs', end.getTime() - observedAt.getTime(), { trigger: options.trigger });
  if (options.firstEventTime) telemetry.metric('EndToEndLatencyMs', end.getTime() - Date.parse(options.firstEventTime), { trigger: options.trigger });
  if (saved.kind === 'superseded') {
    log.info(`evaluation of ${instanceId} superseded by one read at ${saved.current.observedAt}`);
    return { kind: 'superseded', report, current: saved.current };
  }
  const { state, transition, previous } = saved;
  telemetry.event('EvaluationCompleted', { instanceId, trigger: options.trigger, status: state.status }, { findings: report.findings.length });
  if (transition) {
    telemetry.metric('StatusTransitions', 1, { from: transition.from?.status ?? 'none', to: transition.to.status });
    telemetry.event('StatusTransition', { instanceId, from: transition.from?.status ?? 'none', to: transition.to.status, trigger: options.trigger });
    log.info(`${instanceId}: ${transition.from?.status ?? 'new'} → ${transition.to.status} (${transition.added.length} failing added, ${transition.removed.length} removed)`);
  }
  let alerted = false;
  if (options.notify && deps.alerts) {
    const next = await deps.alerts.onEvaluation({
      report,
      tags: view.instance.tags,
      state,
      ...(state.alertState ? { alertState: state.alertState } : {}),
      ...(transition ? { transition } : {}),
      changes: changesBehindStatus(recent, state, previous),
      evaluatedAt: state.evaluatedAt,
    });
    if (next) await store.recordAlertState(instanceId, next);
    alerted = true;
  }
  return { kind: 'evaluated', report, state, ...(transition ? { transition } : {}), alerted };
}

function readInstance(reader: EstateReader, instanceId: string): Promise<InstanceRead> {
  if (reader.readInstance) return reader.readInstance(instanceId);
  return reader.loadInstance(instanceId).then((view) => ({ view, notes: [] }));
}

/**
 * The instance is gone: close the alerts it left open, then forget its state and its edges, so its
 * resources no longer lead to it. In that order: should forgetting fail, the retry finds the same
 * state and enqueues the same notices, which the outbox drops; once forgotten, nothing is sent again.
 */
export async function forgetInstance(deps: WatcherDeps, instanceId: string, log: Log): Promise<void> {
  const closed = await closeOpenAlerts(deps, instanceId, log);
  await deps.store.removeDependencies(instanceId);
  await deps.store.removeInstance(instanceId);
  deps.telemetry.event('InstanceRemoved', { instanceId }, { closedAlerts: closed });
  log.info(`${instanceId} no longer exists: its state and index entries were removed`);
}

/**
 * Sends "instance deleted: the alert is closed" to each channel with an open alert. Whatever asked
 * for the evaluation (a re-check without notify too): the state that remembers the open alerts is
 * about to be forgotten, and an alert not closed now stays open forever.
 */
async function closeOpenAlerts(deps: WatcherDeps, instanceId: string, log: Log): Promise<number> {
  if (!deps.alerts) return 0;
  const state = await deps.store.getInstance(instanceId);
  const open = Object.keys(state?.alertState?.open ?? {});
  if (!state || open.length === 0) return 0;
  const retentionStart = later(deps.clock.now(), -deps.timing.changeRetentionHours * 3600);
  const changes = attributedChanges(await deps.store.recentChanges(instanceId, retentionStart), state);
  const closed = await deps.alerts.onRemoval({ state, changes, removedAt: iso(deps.clock.now()) });
  log.info(`${instanceId} was deleted with open alerts (${open.join(', ')}): ${closed} notice(s) close them`);
  return closed;
}

/**
 * One message of the evaluations queue. A debounced message runs only if its window is still open
 * (a redelivered or replaced one is skipped), and events that arrived while it ran get exactly one
 * follow-up evaluation, one window later. A failure propagates, so that the host retries the
 * message and, after maxDequeueCount attempts, moves it to the poison queue.
 */
export async function runEvaluationRequest(
  deps: WatcherDeps,
  request: EvaluationRequest,
  delivery: { retry: boolean },
  log: Log,
): Promise<EvaluationOutcome> {
  const { store, timing } = deps;
  const { instanceId, windowId } = request;
  let firstEventTime = request.firstEventTime;
  if (windowId) {
    const now = deps.clock.now();
    const begun = await store.beginWindow(instanceId, windowId, later(now, timing.runningStaleSeconds), delivery.retry);
    if (begun.kind === 'skip') {
      log.info(`evaluation of ${instanceId} skipped: ${begun.reason}`);
      return { kind: 'skipped', reason: begun.reason };
    }
    firstEventTime = begun.firstEventTime;
  }
  let outcome: EvaluationOutcome;
  try {
    outcome = await evaluateLive(
      deps,
      instanceId,
      { trigger: request.trigger, notify: true, ...(firstEventTime ? { firstEventTime } : {}) },
      log,
    );
  } catch (e) {
    // A window left running would turn the next events into follow-ups of an evaluation nobody
    // runs: release it to the queue's retry and to the next event (the invariant in debounce.ts).
    if (windowId) await releaseWindow(deps, instanceId, windowId, log);
    throw e;
  }
  if (windowId) {
    const now = deps.clock.now();
    const dueAt = later(now, timing.debounceSeconds);
    const ended = await store.endWindow(instanceId, windowId, dueAt, later(now, timing.debounceSeconds + timing.pendingGraceSeconds));
    if (ended.kind === 'reopened') {
      await deps.queue.scheduleEvaluation(
        { instanceId, trigger: 'event', windowId: ended.windowId, firstEventTime: ended.firstEventTime },
        timing.debounceSeconds,
      );
      log.info(`events arrived for ${instanceId} while it was evaluated: one more evaluation at ${dueAt}`);
    }
  }
  return outcome;
}

/** Best effort: when storage is what failed, the queue's retry runs the window still marked running. */
async function releaseWindow(deps: WatcherDeps, instanceId: string, windowId: string, log: Log): Promise<void> {
  const { timing } = deps;
  try {
    const now = deps.clock.now();
    const released = await deps.store.releaseWindow(instanceId, windowId, iso(now), later(now, timing.debounceSeconds), later(now, timing.debounceSeconds + timing.pendingGraceSeconds));
    if (released.kind === 'reopened') {
      await deps.queue.scheduleEvaluation({ instanceId, trigger: 'event', windowId: released.windowId, firstEventTime: released.firstEventTime }, timing.debounceSeconds);
      log.info(`events arrived for ${instanceId} while its failed evaluation ran: evaluated again at ${released.dueAt}`);
    }
  } catch (e) {
    log.warn(`could not release window ${windowId} of ${instanceId} after its evaluation failed: ${(e as Error).message}`);
  }
}
