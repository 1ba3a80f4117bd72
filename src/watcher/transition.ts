/**
 * From the stored state and a new evaluation to the next state and, when status or failing set
 * changed, the one transition to store with it. Pure: the state store calls it inside its ETag
 * retry loop, so a concurrent writer makes it run again against what that writer stored.
 */
import { diffFailing, fingerprintOf } from './fingerprint.js';
import type { ChangeRecord, EvaluationResult, InstanceState, Transition } from './ports.js';

export type NextState =
  | { kind: 'save'; state: InstanceState; transition?: Transition }
  | { kind: 'superseded' };

export function nextState(previous: InstanceState | undefined, result: EvaluationResult): NextState {
  const { report } = result;
  // A result read from an older view than the stored one is stale news: never overwrite newer state.
  if (previous && previous.observedAt > result.observedAt) return { kind: 'superseded' };
  const fingerprint = fingerprintOf(report.findings);
  const changed = !previous || previous.status !== report.status || previous.fingerprint !== fingerprint;
  const base: InstanceState = {
    instanceId: report.id,
    name: report.name,
    status: report.status,
    fingerprint,
    findings: report.findings,
    report,
    observedAt: result.observedAt,
    evaluatedAt: result.evaluatedAt,
    trigger: result.trigger,
    changedAt: changed ? result.evaluatedAt : previous.changedAt,
    ...(changed
      ? { attributionSince: previous?.observedAt ?? FROM_THE_START }
      : previous.attributionSince
        ? { attributionSince: previous.attributionSince }
        : {}),
    ...(previous?.alertState ? { alertState: previous.alertState } : {}),
  };
  const unknownSince = report.status !== 'unknown' ? undefined : previous?.status === 'unknown' ? previous.unknownSince : result.evaluatedAt;
  const state: InstanceState = unknownSince ? { ...base, unknownSince } : base;
  if (!changed) return { kind: 'save', state };
  const { added, removed } = diffFailing(previous?.findings ?? [], report.findings);
  const transition: Transition = {
    instanceId: report.id,
    at: result.evaluatedAt,
    ...(previous ? { from: { status: previous.status, fingerprint: previous.fingerprint } } : {}),
    to: { status: report.status, fingerprint },
    added,
    removed,
    trigger: result.trigger,
    changes: attributedChanges(result.changes, previous),
  };
  return { kind: 'save', state, transition };
}

const FROM_THE_START = new Date(0).toISOString();

/**
 * The changes that may explain the current status of `state`: those after the view read before its
 * last transition. A retried evaluation finds its own first attempt stored (no transition this
 * time), and still names the change that caused the transition. States stored before this field
 * existed fall back to the previous evaluation.
 */
export function changesBehindStatus(changes: readonly ChangeRecord[], state: InstanceState, previous: InstanceState | undefined): ChangeRecord[] {
  return attributedChanges(changes, state.attributionSince !== undefined ? { observedAt: state.attributionSince } : previous);
}

/**
 * The changes that may explain a difference from the previous evaluation: those that happened after
 * the previous view was read (earlier ones were already in it). All of them for a first evaluation.
 */
export function attributedChanges(changes: readonly ChangeRecord[], previous: Pick<InstanceState, 'observedAt'> | undefined): ChangeRecord[] {
  if (!previous) return [...changes];
  const since = Date.parse(previous.observedAt);
  return changes.filter((c) => Date.parse(c.time) > since);
}
