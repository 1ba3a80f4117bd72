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
