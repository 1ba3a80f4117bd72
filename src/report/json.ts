/**
 * The JSON output format. Fields are written in a fixed order and findings keep the engine's order
 * (worst first, then location, then rule id) and instances the report's (by id), so that two runs
 * over the same estate diff clean.
 */
import type { Finding, InstanceReport, Report, ReportSummary } from '../model/finding.js';
import { safeJson } from '../output/safe-text.js';
import { modeInWords } from '../model/mode.js';

export const JSON_FORMAT_VERSION = 1;

/** The contract's finding and instance are the model's; the functions below fix the field order. */
export type JsonFinding = Finding;
/** `mode` names the virtual network mode in words (`outbound VNet integration`, `VNet injection`, `External VNet`). */
export type JsonInstance = InstanceReport & { mode: string };

export interface JsonReport {
  formatVersion: number;
  tool: { name: string; version: string };
  instances: JsonInstance[];
  summary: ReportSummary;
  /** What the input lacked or got wrong (malformed files, incomplete reads): the report covers the rest. */
  inputProblems: Array<{ level: 'error' | 'warning'; message: string; file?: string }>;
}

export interface JsonOptions {
  toolVersion: string;
  notifications?: ReadonlyArray<{ level: 'error' | 'warning'; text: string; uri?: string }>;
}

export function toJsonReport(report: Report, options: JsonOptions): JsonReport {
  return {
    formatVersion: JSON_FORMAT_VERSION,
    tool: { name: 'apim-vnet-guard', version: options.toolVersion },
    instances: report.instances.map(jsonInstance),
    summary: {
      instances: report.summary.instances,
      byStatus: { ...report.summary.byStatus },
      findingsBySeverity: { ...report.summary.findingsBySeverity },
    },
    inputProblems: (options.notifications ?? []).map((n) => ({ level: n.level, message: n.text, ...(n.uri ? { file: n.uri } : {}) })),
  };
}

export function renderJson(report: Report, options: JsonOptions): string {
  return `${safeJson(toJsonReport(report, options), 2)}\n`;
}

function jsonInstance(i: InstanceReport): JsonInstance {
  return {
    id: i.id,
    name: i.name,
    sku: i.sku,
    capacity: i.capacity,
    platform: i.platform,
    networkMode: i.networkMode,
    mode: modeInWords(i.sku, i.networkMode),
    locations: [...i.locations],
    status: i.status,
    findings: i.findings.map(jsonFinding),
  };
}

function jsonFinding(f: Finding): JsonFinding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    location: f.location,
    resourceId: f.resourceId,
    title: f.title,
    message: f.message,
    remediation: f.remediation,
    docs: f.docs,
    evidence: f.evidence,
  };
}
