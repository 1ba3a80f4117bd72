/** The words every pre-flight renderer uses for verdicts and the headline, in one place. */
import type { Verdict } from '../diff.js';
import type { PreflightResult } from '../preflight.js';

export const VERDICT_LOOK: Record<Verdict, { mark: string; label: string }> = {
  worse: { mark: '✖', label: 'worse' },
  unknown: { mark: '?', label: 'unknown' },
  better: { mark: '✔', label: 'better' },
  same: { mark: '=', label: 'same' },
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One line: what the change does to the instances, worst first. */
export function headline(result: PreflightResult): string {
  const { byVerdict, instances } = result.summary;
  if (instances === 0) return 'no instance depends on what this change touches';
  const parts: string[] = [];
  if (byVerdict.worse > 0) parts.push(`${plural(byVerdict.worse, 'instance')} ${byVerdict.worse === 1 ? 'gets' : 'get'} worse`);
  if (byVerdict.unknown > 0) parts.push(`${plural(byVerdict.unknown, 'instance')} cannot be decided before apply`);
  if (byVerdict.better > 0) parts.push(`${plural(byVerdict.better, 'instance')} ${byVerdict.better === 1 ? 'gets' : 'get'} better`);
  if (parts.length === 0) parts.push(`no instance changes`);
  return `${parts.join(', ')} (${plural(instances, 'instance')} affected)`;
}

export function changesLine(result: PreflightResult): string {
  const { changes, applied, skipped } = result.summary;
  return `${plural(changes, 'change item')}: ${applied} applied, ${skipped} skipped`;
}
