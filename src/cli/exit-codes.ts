/**
 * The exit status of `check`, in one place (also printed by --help). A usage or input error wins,
 * then a finding at or above --fail-on, then an instance that could not be evaluated.
 */
import type { Report } from '../model/finding.js';
import { isAtLeast, SEVERITIES, type Severity } from '../model/severity.js';

export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  unknown: 3,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Every severity but info (which never fails a check), worst first, then `never`. */
export type FailOn = Exclude<Severity, 'info'> | 'never';
export const FAIL_ON: readonly FailOn[] = [...SEVERITIES.filter((s): s is Exclude<Severity, 'info'> => s !== 'info'), 'never'];
export const DEFAULT_FAIL_ON: FailOn = 'breaks-on-apply';

export const EXIT_CODES_HELP = `
Exit status:
  0  nothing reached --fail-on
  1  at least one finding reached --fail-on
  2  usage error, unreadable estate, unknown --instance, or malformed resources in the estate
     (each is named on stderr; the report for the rest of the estate is still printed);
     also an estate without any instance (unless --allow-empty) or known to be incomplete
  3  some instance could not be evaluated (status unknown) and no finding reached --fail-on`;

export interface OutcomeFacts {
  report: Report;
  failOn: FailOn;
  /** Malformed resources in the input (already printed on stderr). */
  inputErrors: number;
  /** Parts of the scope the reader could not read. */
  incomplete: number;
}

export function exitCodeFor({ report, failOn, inputErrors, incomplete }: OutcomeFacts): ExitCode {
  if (inputErrors > 0) return EXIT.usage;
  if (failOn !== 'never' && reachesThreshold(report, failOn)) return EXIT.failed;
  if (incomplete > 0 || report.instances.some((i) => i.status === 'unknown')) return EXIT.unknown;
  return EXIT.ok;
}

export function reachesThreshold(report: Report, threshold: Severity): boolean {
  return report.instances.some((i) => i.findings.some((f) => isAtLeast(f.severity, threshold)));
}
