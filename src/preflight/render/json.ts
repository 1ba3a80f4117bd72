/** The JSON answer of a pre-flight (the CLI's --format json and the body of POST /api/preflight). */
import type { PreflightResult } from '../preflight.js';
import { safeJson } from '../../output/safe-text.js';

export const PREFLIGHT_JSON_VERSION = 1;

export function toPreflightJson(result: PreflightResult, toolVersion: string) {
  return {
    formatVersion: PREFLIGHT_JSON_VERSION,
    tool: { name: 'apim-vnet-guard', version: toolVersion },
    change: { format: result.format, file: result.file },
    instances: result.instances.map((i) => ({
      id: i.id,
      name: i.name,
      before: i.before,
      after: i.after,
      introduced: i.introduced,
      resolved: i.resolved,
      changedResources: i.changedResources,
      unknownValues: i.unknownValues,
      verdict: i.verdict,
    })),
    changes: result.changes.map((c) => ({
      resourceId: c.resourceId,
      action: c.action,
      source: c.source,
      applied: c.applied,
      ...(c.reason !== undefined ? { reason: c.reason } : {}),
      ...(c.unknown !== undefined ? { unknown: c.unknown } : {}),
    })),
    notes: result.notes,
    summary: result.summary,
  };
}

export function renderPreflightJson(result: PreflightResult, toolVersion: string): string {
  return `${safeJson(toPreflightJson(result, toolVersion), 2)}\n`;
}
