/**
 * The one severity order of the project. Everything that compares, sorts or filters
 * by severity goes through this file.
 */
export const SEVERITIES = ['breaks-now', 'breaks-on-apply', 'degraded', 'recommendation', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** 0 is the worst. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** True when `severity` is as bad as `threshold` or worse. */
export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold);
}

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/** Worst first; stable for equal severities. */
export function compareSeverity(a: Severity, b: Severity): number {
  return severityRank(a) - severityRank(b);
}

/** Severities that make an instance `fail`. */
export function isBreaking(severity: Severity): boolean {
  return isAtLeast(severity, 'breaks-on-apply');
}

/** How urgent a set of findings is, in the words alerts lead with; undefined when nothing breaks. */
export function urgencyOf(severities: Iterable<Severity>): 'BREAKS NOW' | 'BREAKS ON NEXT CHANGE' | undefined {
  let worst: Severity | undefined;
  for (const s of severities) if (worst === undefined || isAtLeast(s, worst)) worst = s;
  if (worst === 'breaks-now') return 'BREAKS NOW';
  if (worst === 'breaks-on-apply') return 'BREAKS ON NEXT CHANGE';
  return undefined;
}
