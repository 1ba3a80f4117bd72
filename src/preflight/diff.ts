/**
 * The diff of two evaluations of one instance: the findings a change introduces and resolves, and the
 * verdict. Findings are matched by rule, location and resource (the watcher's finding key), so a
 * message that only changes wording is not news. Pure.
 */
import { UNKNOWN_RULE_IDS } from '../engine/evaluate.js';
import type { Finding, InstanceStatus } from '../model/finding.js';
import { isAtLeast, type Severity } from '../model/severity.js';
import { findingKey } from '../watcher/fingerprint.js';

export const VERDICTS = ['worse', 'unknown', 'better', 'same'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** `absent`: the instance does not exist on that side (created, or deleted, by the change). */
export type PreflightStatus = InstanceStatus | 'absent';

export interface FindingDiff {
  introduced: Finding[];
  resolved: Finding[];
}

export function diffFindings(before: readonly Finding[], after: readonly Finding[]): FindingDiff {
  const was = new Set(before.map(findingKey));
  const is = new Set(after.map(findingKey));
  return { introduced: after.filter((f) => !was.has(findingKey(f))), resolved: before.filter((f) => !is.has(findingKey(f))) };
}

/** A finding that says something is wrong (not an info note, not "could not evaluate"). */
export function counts(f: Finding): boolean {
  return f.severity !== 'info' && !UNKNOWN_RULE_IDS.has(f.ruleId);
}

export interface VerdictFacts {
  after: PreflightStatus;
  introduced: readonly Finding[];
  resolved: readonly Finding[];
  /** Values the change cannot know before apply reach this instance. */
  unknownValues: boolean;
}

/**
 * worse: the change introduces a problem (even when something else is unknown: that part is certain);
 * unknown: otherwise, anything the instance depends on is not known after the change — never a pass;
 * better: it resolves a problem or an unknown; same: nothing that counts moves.
 */
export function verdictOf(f: VerdictFacts): Verdict {
  if (f.introduced.some(counts)) return 'worse';
  if (f.unknownValues || f.after === 'unknown' || f.introduced.some((x) => UNKNOWN_RULE_IDS.has(x.ruleId))) return 'unknown';
  if (f.resolved.some((x) => counts(x) || UNKNOWN_RULE_IDS.has(x.ruleId))) return 'better';
  return 'same';
}

/** Whether some instance gets worse with an introduced finding at or above `threshold` (the gate of exit 1). */
export function worseAtOrAbove(instances: ReadonlyArray<{ verdict: Verdict; introduced: readonly Finding[] }>, threshold: Severity): boolean {
  return instances.some((i) => i.verdict === 'worse' && i.introduced.some((f) => counts(f) && isAtLeast(f.severity, threshold)));
}
