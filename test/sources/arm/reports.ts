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

/**
 * A single-instance read does not list the other NSGs of the estate, so it cannot suggest an
 * unattached one as a file or a sweep does: comparisons of single reads leave that suggestion out.
 */
export function instanceReport(view: InstanceView): InstanceReport {
  const known = { ...view, locations: view.locations.map(({ unattachedNetworkSecurityGroups: _spare, ...l }) => l) };
  return evaluateInstance(known, RULES);
}

export function reportsById(views: readonly InstanceView[]): Map<string, InstanceReport> {
  return new Map(views.map((v) => [v.instance.id.toLowerCase(), instanceReport(v)]));
}
