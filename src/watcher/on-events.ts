/**
 * Use case "on events": parsed resource events → the instances they affect → one debounced
 * evaluation per instance and window. Nothing is evaluated here: an evaluation always reads the
 * current state, so a stale, repeated or reordered event can change nothing but the timing.
 *
 * - An event for a resource nobody depends on costs one index lookup and is dropped.
 * - A write or delete of an APIM service schedules that instance: its evaluation re-reads it and
 *   rewrites its index edges (a new instance, a moved subnet, an added region) or removes it.
 * - A Virtual Network Manager commit schedules every known instance (its admin rules may have changed).
 * - A malformed event is logged with its id and skipped; it never fails the rest of the batch.
 * - An event whose handling fails (storage unavailable) fails the message after the others are
 *   done, so the host retries it; the events already handled are skipped on the retry (dedupe).
 */
import { parseResourceId } from '../arm/resource-id.js';
import type { Change, ParsedEvents } from '../events/change.js';
import { iso, later, type WatcherDeps } from './deps.js';
import { everyKnownInstance } from './instances.js';
import type { ChangeRecord, Log } from './ports.js';

export interface EventsSummary {
  /** Events in the delivery, whatever became of them. */
  received: number;
  malformed: number;
  /** Well-formed but not a watched change (the subscription filter should keep these out). */
  ignored: number;
  duplicates: number;
  /** Watched changes no instance depends on. */
  dropped: number;
  /** Distinct instances the changes touched. */
  affectedInstances: number;
  /** Evaluations newly scheduled (windows opened). */
  scheduled: number;
  /** Changes that joined a window already open or asked for a follow-up. */
  coalesced: number;
}

/** How many changes of one delivery are handled at once. */
const CONCURRENCY = 8;

export async function handleEvents(deps: WatcherDeps, parsed: ParsedEvents, delivery: { retry: boolean }, log: Log): Promise<EventsSummary> {
  const { telemetry } = deps;
  const summary: EventsSummary = {
    received: parsed.changes.length + parsed.ignored.length + parsed.problems.length + parsed.validations.length,
    malformed: parsed.problems.length,
    ignored: parsed.ignored.length,
    duplicates: 0,
    dropped: 0,
    affectedInstances: 0,
    scheduled: 0,
    coalesced: 0,
  };
  for (const p of parsed.problems) {
    log.warn(`skipped malformed event ${p.eventId ?? '(no id)'}${p.index === undefined ? '' : ` at position ${p.index}`}: ${p.reason}`);
  }
  for (const v of parsed.validations) {
    log.warn(`subscription validation event ${v.eventId} arrived through a queue, where it cannot be answered; the handshake belongs to the webhook`);
  }
  if (parsed.ignored.length > 0) {
    log.info(`ignored ${parsed.ignored.length} event(s) that are not watched changes: ${parsed.ignored.slice(0, 3).map((i) => `${i.eventId} (${i.reason})`).join(', ')}`);
  }

  const affected = new Set<string>();
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < parsed.changes.length) {
      const change = parsed.changes[next++]!;
      try {
        const instances = await handleChange(deps, change, delivery, summary);
        for (const id of instances) affected.add(id.toLowerCase());
      } catch (e) {
        failures.push(`event ${change.eventId} (${change.resourceIdAsGiven}): ${(e as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, parsed.changes.length) }, worker));
  summary.affectedInstances = affected.size;

  telemetry.metric('EventsReceived', summary.received);
  if (summary.malformed) telemetry.metric('EventsMalformed', summary.malformed);
  if (summary.duplicates) telemetry.metric('EventsDuplicate', summary.duplicates);
  if (summary.dropped) telemetry.metric('EventsDropped', summary.dropped);
  telemetry.metric('InstancesAffected', summary.affectedInstances);
  telemetry.event('EventsReceived', {}, { ...summary });

  if (failures.length > 0) {
    // Thrown so that the host retries the message (and finally moves it to the poison queue).
    const reason = `${failures.length} of ${parsed.changes.length} event(s) could not be handled: ${failures.join('; ')}`;
    log.error(reason);
    throw new Error(reason);
  }
  return summary;
}

/** One change: the instances it affects, each with the change recorded and a window asked for. */
async function handleChange(deps: WatcherDeps, change: Change, delivery: { retry: boolean }, summary: EventsSummary): Promise<string[]> {
  const { store, timing } = deps;
  const instances = await affectedInstances(deps, change);
  if (instances.length === 0) {
    summary.dropped++;
    return [];
  }
  if (await store.isEventProcessed(change.eventId)) {
    summary.duplicates++;
    return [];
  }
  const record = changeRecordOf(change);
  for (const instanceId of instances) {
    const now = deps.clock.now();
    const window = await store.openWindow({
      instanceId,
      now: iso(now),
      dueAt: later(now, timing.debounceSeconds),
      staleAt: later(now, timing.debounceSeconds + timing.pendingGraceSeconds),
      change: record,
    });
    if (window.kind === 'opened') {
      await deps.queue.scheduleEvaluation({ instanceId, trigger: 'event', windowId: window.windowId, firstEventTime: change.time }, timing.debounceSeconds);
      summary.scheduled++;
    } else if (window.kind === 'coalesced' && window.openedBy === change.eventId && delivery.retry) {
      // This very event opened the window on an attempt that failed: its message may never have been
      // sent. Send it again; should both arrive, the second finds the window running or closed.
      const delay = Math.max(0, (Date.parse(window.dueAt) - now.getTime()) / 1000);
      await deps.queue.scheduleEvaluation({ instanceId, trigger: 'event', windowId: window.windowId, firstEventTime: window.firstEventTime }, delay);
      summary.scheduled++;
    } else {
      summary.coalesced++;
    }
  }
  await store.markEventProcessed(change.eventId, iso(deps.clock.now()));
  return instances;
}

async function affectedInstances(deps: WatcherDeps, change: Change): Promise<string[]> {
  if (change.operation.kind === 'apim') {
    return inConfiguredSubscriptions(deps, change.resourceIdAsGiven) ? [change.resourceIdAsGiven] : [];
  }
  if (change.operation.kind === 'networkManager') {
    // A commit can change the admin rules of any VNet in the manager's scope (a management group, other
    // subscriptions), and the event does not say which: every instance the watcher knows is re-evaluated,
    // each in its own debounce window.
    return everyKnownInstance(deps);
  }
  const ids = new Map<string, string>();
  for (const l of await deps.store.dependentsOf(change.resourceId)) ids.set(l.instanceId.toLowerCase(), l.instanceId);
  return [...ids.values()];
}

/**
 * With a management-group scope the subscriptions are not listed in the configuration, and events
 * only come from subscriptions the infra subscribed to, so they are trusted; with a list, an APIM
 * event from elsewhere is not ours to evaluate.
 */
function inConfiguredSubscriptions(deps: WatcherDeps, instanceId: string): boolean {
  if (deps.scope.managementGroup) return true;
  const sub = parseResourceId(instanceId).subscriptionId.toLowerCase();
  return deps.scope.subscriptions.includes(sub);
}

export function changeRecordOf(change: Change): ChangeRecord {
  return {
    eventId: change.eventId,
    resourceId: change.resourceIdAsGiven,
    operation: change.operation.operationName,
    caller: change.caller,
    time: change.time,
    ...(change.correlationId ? { correlationId: change.correlationId } : {}),
  };
}
