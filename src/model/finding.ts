import type { Corroboration } from './network-status.js';
import type { Severity } from './severity.js';

/** Evidence is structured so that alerts and SARIF can quote the deciding NSG rule or route. */
export interface Evidence {
  [key: string]: unknown;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** Normalized region of the location the finding is about; `instance` for instance-wide rules. */
  location: string;
  /** The resource to change to fix it. */
  resourceId: string;
  title: string;
  message: string;
  remediation: string;
  docs: string;
  evidence: Evidence;
  /** What the instance's own connectivity probes say of it (src/corroboration); set only when asked for. */
  corroboration?: Corroboration;
}

export type InstanceStatus = 'pass' | 'warn' | 'fail' | 'unknown' | 'not-injected';

export interface InstanceReport {
  id: string;
  name: string;
  sku: string;
  capacity: number;
  platform: string;
  networkMode: string;
  locations: string[];
  status: InstanceStatus;
  findings: Finding[];
}

export interface ReportSummary {
  instances: number;
  byStatus: Record<InstanceStatus, number>;
  findingsBySeverity: Record<Severity, number>;
}

export interface Report {
  instances: InstanceReport[];
  summary: ReportSummary;
}
