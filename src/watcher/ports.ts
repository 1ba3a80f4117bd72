/**
 * The ports of the watcher's use cases: what the outside must provide. The use cases import only
 * these (and the pure core); Table storage, Storage queues, Application Insights and ARM implement
 * them in src/state, src/telemetry and src/sources.
 */
import type { UndeliveredAlert } from '../alerts/outbox.js';
import type { PreviousAlertState } from '../alerts/types.js';
import type { Caller } from '../events/change.js';
import type { DependencyEntry, InstanceLocation } from '../index/dependencies.js';
import type { Finding, InstanceReport, InstanceStatus } from '../model/finding.js';

export type { EstateReader } from '../sources/reader.js';

/** What asked for an evaluation. */
export type EvaluationTrigger = 'event' | 'sweep' | 'http';

/** A change as kept for attribution: who did what to which resource, when (from the event). */
export interface ChangeRecord {
  eventId: string;
  /** The resource the event names (possibly a child: a security rule, a route). */
  resourceId: string;
  /** ARM operation, e.g. `Microsoft.Network/networkSecurityGroups/securityRules/delete`. */
  operation: string;
  /** Who made it, from the event's claims (named fields only). */
  caller: Caller;
  /** When ARM says the change happened (ISO 8601). */
  time: string;
  /** ARM correlation id, to find the operation in the activity log. */
  correlationId?: string;
}

/** The last evaluation of one instance, as stored. */
export interface InstanceState {
  instanceId: string;
  name: string;
  status: InstanceStatus;
  /** Fingerprint of the failing set (see fingerprint.ts); equal fingerprints mean the same problems. */
  fingerprint: string;
  findings: Finding[];
  report: InstanceReport;
  /** When the view was read; an evaluation that read an older view never overwrites a newer one. */
  observedAt: string;
  evaluatedAt: string;
  trigger: EvaluationTrigger;
  /** Since when the instance has been `unknown` (set on the transition into `unknown`). */
  unknownSince?: string;
  /** The last transition's time. */
  changedAt: string;
  /**
   * When the view before the last transition was read: changes after it may explain the current
   * status, however many times the evaluation that stored it ran (epoch for a first evaluation).
   */
  attributionSince?: string;
  /** What the alert policy remembers between evaluations (open alerts, last sent); it owns the shape. */
  alertState?: PreviousAlertState;
}

/** A change of status or failing set: the only thing that alerts. Stored once per real change. */
export interface Transition {
  instanceId: string;
  at: string;
  /** undefined for the first evaluation ever stored for the instance. */
  from?: { status: InstanceStatus; fingerprint: string };
  to: { status: InstanceStatus; fingerprint: string };
  /** Keys (see fingerprint.ts) of failing findings that appeared and disappeared. */
  added: string[];
  removed: string[];
  trigger: EvaluationTrigger;
  /** The changes recorded since the previous evaluation: who probably caused it. */
  changes: ChangeRecord[];
}

export type SaveOutcome =
  | { kind: 'saved'; previous?: InstanceState; state: InstanceState; transition?: Transition }
  /** A concurrent evaluation stored a result read from a newer view; this one was dropped. */
  | { kind: 'superseded'; current: InstanceState };

/** The evaluation about to be stored. */
export interface EvaluationResult {
  report: InstanceReport;
  observedAt: string;
  evaluatedAt: string;
  trigger: EvaluationTrigger;
  /** Attribution for a transition, if this evaluation turns out to be one. */
  changes: ChangeRecord[];
}

/** Asks for an evaluation of one instance after the debounce window. Times are ISO 8601 (UTC, ms). */
export interface WindowRequest {
  instanceId: string;
  now: string;
  /** When the evaluation should run (now + the window). */
  dueAt: string;
  /** After this time an open marker is presumed abandoned (lost message, poisoned evaluation) and replaced. */
  staleAt: string;
  /** The change asking: recorded for attribution; its time feeds the end-to-end latency, its event id recognises its own redelivery. */
  change: ChangeRecord;
}

/** The outcome of asking (the debounce marker). */
export type WindowOpen =
  /** A new window: the caller sends the delayed evaluation message. */
  | { kind: 'opened'; windowId: string; dueAt: string }
  /** An evaluation is already due for this instance; this event rides along. `openedBy`: the event that opened it. */
  | { kind: 'coalesced'; windowId: string; dueAt: string; openedBy: string; firstEventTime: string }
  /** An evaluation is running; one follow-up evaluation will be scheduled when it ends. */
  | { kind: 'follow-up'; windowId: string };

export type WindowBegin = { kind: 'run'; firstEventTime: string } | { kind: 'skip'; reason: string };

export type WindowEnd =
  | { kind: 'closed' }
  /** Events arrived while it ran: a new window is open and the caller sends its message. */
  | { kind: 'reopened'; windowId: string; dueAt: string; firstEventTime: string };

/** The state store: everything the watcher keeps between invocations. */
export interface StateStore {
  // Last evaluation and transitions of each instance.
  getInstance(instanceId: string): Promise<InstanceState | undefined>;
  listInstances(): Promise<InstanceState[]>;
  /** Stores an evaluation and, in the same transaction, the transition it makes (if any). ETag-guarded. */
  saveEvaluation(result: EvaluationResult): Promise<SaveOutcome>;
  /** The instance no longer exists: forget its state (its transitions stay for history). */
  removeInstance(instanceId: string): Promise<void>;
  /** Newest first. */
  listTransitions(instanceId: string, limit?: number): Promise<Transition[]>;
  /** Stores the alert policy's next state, after its alerts are in the outbox. ETag-guarded merge. */
  recordAlertState(instanceId: string, alertState: PreviousAlertState): Promise<void>;

  // Attribution.
  recordChange(instanceId: string, change: ChangeRecord): Promise<void>;
  /** Changes of one instance after `retainedSince` (ISO), oldest first; older ones are deleted on the way. */
  recentChanges(instanceId: string, retainedSince: string): Promise<ChangeRecord[]>;

  // Dedupe of redelivered events.
  isEventProcessed(eventId: string): Promise<boolean>;
  markEventProcessed(eventId: string, at: string): Promise<void>;
  pruneProcessedEvents(olderThan: string): Promise<number>;

  // Debounce: at most one pending evaluation per instance and window.
  /** Records the change for the instance and opens its window, or joins the one open. */
  openWindow(request: WindowRequest): Promise<WindowOpen>;
  /**
   * Marks the window running; `skip` when the message is a redelivery of a finished or replaced
   * window, or a duplicate of one already running. `retry`: the host retries this message after a
   * failure (dequeueCount > 1), so a window left running by the failed attempt runs again.
   */
  beginWindow(instanceId: string, windowId: string, staleAt: string, retry: boolean): Promise<WindowBegin>;
  /**
   * The evaluation of the window failed: the window goes back to pending and is stale at once, so
   * that the queue's retry of its message runs it and the next event takes it over; a follow-up
   * asked for meanwhile becomes a new window (`reopened`, due at `dueAt`) whose message the caller
   * sends (see debounce.ts).
   */
  releaseWindow(instanceId: string, windowId: string, now: string, dueAt: string, staleAt: string): Promise<WindowEnd>;
  /** Closes the window, or reopens it (due at `dueAt`) when events asked for a follow-up meanwhile. */
  endWindow(instanceId: string, windowId: string, dueAt: string, staleAt: string): Promise<WindowEnd>;

  // The dependency index.
  dependentsOf(resourceId: string): Promise<InstanceLocation[]>;
  replaceDependencies(instanceId: string, entries: readonly DependencyEntry[]): Promise<void>;
  removeDependencies(instanceId: string): Promise<void>;
  /** Every instance id the index knows (for the sweep's removal of vanished instances). */
  indexedInstances(): Promise<string[]>;
}

/** One evaluation to run, as carried by the evaluations queue. */
export interface EvaluationRequest {
  instanceId: string;
  trigger: EvaluationTrigger;
  /** The debounce window this evaluation closes (event-triggered evaluations only). */
  windowId?: string;
  /** Time of the earliest event of the window, for the end-to-end latency. */
  firstEventTime?: string;
}

/** The work queue of evaluations. */
export interface WorkQueue {
  scheduleEvaluation(request: EvaluationRequest, delaySeconds: number): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Custom telemetry; the adapter is a no-op when Application Insights is not configured. */
export interface Telemetry {
  event(name: TelemetryEvent, properties?: Record<string, string>, measurements?: Record<string, number>): void;
  metric(name: TelemetryMetric, value: number, properties?: Record<string, string>): void;
  flush(): Promise<void>;
}

export type TelemetryEvent = 'EventsReceived' | 'EvaluationCompleted' | 'StatusTransition' | 'SweepCompleted' | 'InstanceRemoved';
export type TelemetryMetric =
  | 'EventsReceived'
  | 'EventsDropped'
  | 'EventsDuplicate'
  | 'EventsMalformed'
  | 'InstancesAffected'
  | 'Evaluations'
  | 'StatusTransitions'
  | 'ArmCalls'
  /** Notes of a live read: what it could not read or list besides the instance (it still evaluated). */
  | 'ReadNotes'
  | 'EndToEndLatencyMs'
  | 'EvaluationDurationMs'
  | 'AlertsSent'
  | 'AlertsRetrying'
  | 'AlertsFailed';

/** What the alert policy is handed after every stored evaluation. */
export interface EvaluationNotice {
  report: InstanceReport;
  /** The instance's tags (alert routing reads one). */
  tags: Readonly<Record<string, string>>;
  state: InstanceState;
  /** The policy's own state from the previous evaluation; undefined the first time. */
  alertState?: PreviousAlertState;
  transition?: Transition;
  /** Changes recorded since the previous evaluation (oldest first), for attribution. */
  changes: ChangeRecord[];
  evaluatedAt: string;
}

/** What the alert policy is handed when an instance turns out to be deleted, before its state is forgotten. */
export interface RemovalNotice {
  /** The last stored state: its report and the policy's state with the alerts left open. */
  state: InstanceState;
  /** Changes recorded since its last evaluation (oldest first): the delete event, usually. */
  changes: ChangeRecord[];
  removedAt: string;
}

/**
 * The alert side, behind a port: runs the policy, puts its alerts in the outbox and returns the
 * policy's next state, which the watcher stores (undefined: nothing to remember).
 */
export interface AlertSink {
  onEvaluation(notice: EvaluationNotice): Promise<PreviousAlertState | undefined>;
  /** Closes the alerts a deleted instance left open (one notice per channel); returns how many. */
  onRemoval(notice: RemovalNotice): Promise<number>;
  /** Alerts of the instance not delivered (yet), for the HTTP API; no secrets, addresses masked. */
  listUndelivered(instanceId: string): Promise<UndeliveredAlert[]>;
}

/** Writes the logs of one invocation (the Functions InvocationContext implements it). */
export interface Log {
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string, ...args: unknown[]): void;
}
