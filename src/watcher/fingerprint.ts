/**
 * The failing set of a report and its fingerprint. A transition is a change of status or of the
 * failing set; two evaluations with equal status and fingerprint are the same news and do not alert.
 */
import { createHash } from 'node:crypto';
import { normalizeResourceId } from '../arm/resource-id.js';
import { UNKNOWN_RULE_IDS } from '../engine/evaluate.js';
import type { Finding } from '../model/finding.js';
import { isBreaking } from '../model/severity.js';

/** Fingerprint of an empty failing set. */
export const NO_FAILURES = 'none';

/**
 * Findings that count: those that break, degrade, or make the instance unknown. Recommendations and
 * info stay out, so that advice changing wording or order never looks like drift.
 */
export function isFailing(finding: Finding): boolean {
  return isBreaking(finding.severity) || finding.severity === 'degraded' || UNKNOWN_RULE_IDS.has(finding.ruleId);
}

/** Identity of a failing finding: which rule, where, about which resource. Evidence is not part of it. */
export function findingKey(finding: Finding): string {
  return `${finding.ruleId}|${finding.location}|${normalizeResourceId(finding.resourceId)}`;
}

export function failingKeys(findings: readonly Finding[]): string[] {
  return [...new Set(findings.filter(isFailing).map(findingKey))].sort();
}

export function fingerprintOf(findings: readonly Finding[]): string {
  const keys = failingKeys(findings);
  if (keys.length === 0) return NO_FAILURES;
  return createHash('sha256').update(keys.join('\n'), 'utf8').digest('hex').slice(0, 32);
}

/** Keys in `after` but not in `before`, and the reverse. */
export function diffFailing(before: readonly Finding[], after: readonly Finding[]): { added: string[]; removed: string[] } {
  const b = new Set(failingKeys(before));
  const a = new Set(failingKeys(after));
  return { added: [...a].filter((k) => !b.has(k)), removed: [...b].filter((k) => !a.has(k)) };
}
