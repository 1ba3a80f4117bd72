/** Reports as the CLI prints them (JSON), from views of any reader, for live-vs-file comparisons. */
import { evaluateInstance } from '../../../src/engine/evaluate.js';
import { buildReport } from '../../../src/engine/report.js';
import type { InstanceReport } from '../../../src/model/finding.js';
import type { InstanceView } from '../../../src/model/view.js';
import { renderJson } from '../../../src/report/json.js';
import { RULES } from '../../../src/rules/catalogue.js';

export function jsonReport(views: readonly InstanceView[]): string {
  return renderJson(buildReport(views.map((v) => evaluateInstance(v, RULES))), { toolVersion: 'test' });
}

export function instanceReport(view: InstanceView): InstanceReport {
  return evaluateInstance(view, RULES);
}

export function reportsById(views: readonly InstanceView[]): Map<string, InstanceReport> {
  return new Map(views.map((v) => [v.instance.id.toLowerCase(), instanceReport(v)]));
}
