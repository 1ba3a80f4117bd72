import type { InstanceReport, InstanceStatus, Report, ReportSummary } from '../model/finding.js';
import { SEVERITIES, type Severity } from '../model/severity.js';

/** Every status, worst first: the order of summaries and of failures-first listings. */
export const STATUSES: readonly InstanceStatus[] = ['fail', 'unknown', 'warn', 'pass', 'not-injected'];

export function buildReport(instances: InstanceReport[]): Report {
  const sorted = [...instances].sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()));
  return { instances: sorted, summary: summarize(sorted) };
}

export function summarize(instances: readonly InstanceReport[]): ReportSummary {
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<InstanceStatus, number>;
  const findingsBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const i of instances) {
    byStatus[i.status] += 1;
    for (const f of i.findings) findingsBySeverity[f.severity] += 1;
  }
  return { instances: instances.length, byStatus, findingsBySeverity };
}
