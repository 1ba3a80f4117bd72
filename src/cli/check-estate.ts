/**
 * The "check an estate" use case: read instances through an EstateReader (estate file today, live
 * Azure later), evaluate each with the rule catalogue and build one report. No I/O of its own, so
 * every reader and every entry point shares it.
 */
import type { ArmResource } from '../arm/arm-resource.js';
import { tryParseResourceId, isType, RESOURCE_TYPES } from '../arm/resource-id.js';
import { evaluateInstance } from '../engine/evaluate.js';
import { buildReport } from '../engine/report.js';
import type { Report } from '../model/finding.js';
import type { InstanceView } from '../model/view.js';
import type { AddressData, Rule } from '../rules/rule.js';
import type { EstateReader, SweepProgress } from '../sources/reader.js';

export interface CheckRequest {
  /** One instance: its ARM id, or its name when that is unique in the estate. */
  instance?: string;
  onProgress?: (p: SweepProgress) => void;
  /** Optional address data for the engine (service-tag ranges). */
  addressData?: AddressData;
  /** After each instance evaluated (a large estate takes seconds). */
  onEvaluated?: (done: number, total: number) => void;
}

export type CheckOutcome =
  /** `views`: what the report was evaluated on (the HTML report shows the NSG rules from them). */
  | { kind: 'report'; report: Report; incomplete: string[]; views: readonly InstanceView[]; /** What a sweep read, in the ARM shape. */ resources?: ArmResource[] }
  | { kind: 'instance-not-found'; instance: string; reason: string };

export async function checkEstate(reader: EstateReader, rules: readonly Rule[], request: CheckRequest = {}): Promise<CheckOutcome> {
  if (request.instance === undefined) {
    const sweep = await reader.sweep(request.onProgress);
    return { kind: 'report', report: evaluateViews(sweep.views, rules, request.onEvaluated, request.addressData), incomplete: sweep.incomplete, views: sweep.views, resources: sweep.resources };
  }
  const selected = await selectInstance(reader, request.instance, request.onProgress);
  if ('reason' in selected) return { kind: 'instance-not-found', instance: request.instance, reason: selected.reason };
  return { kind: 'report', report: evaluateViews([selected.view], rules, undefined, request.addressData), incomplete: selected.incomplete, views: [selected.view] };
}

/** A rule that cannot decide is the engine's business (RULE_NOT_EVALUATED): one instance never stops the others. */
export function evaluateViews(views: readonly InstanceView[], rules: readonly Rule[], onEvaluated?: (done: number, total: number) => void, addressData?: AddressData): Report {
  return buildReport(
    views.map((v, i) => {
      const report = evaluateInstance(v, rules, addressData);
      onEvaluated?.(i + 1, views.length);
      return report;
    }),
  );
}

type Selection = { view: InstanceView; incomplete: string[] } | { reason: string };

async function selectInstance(reader: EstateReader, wanted: string, onProgress?: (p: SweepProgress) => void): Promise<Selection> {
  if (wanted.startsWith('/')) {
    if (!tryParseResourceId(wanted) || !isType(wanted, RESOURCE_TYPES.apim)) {
      return { reason: `"${wanted}" is not the ARM id of a ${RESOURCE_TYPES.apim}` };
    }
    const view = await reader.loadInstance(wanted);
    return view ? { view, incomplete: [] } : { reason: `no instance with id ${wanted} in the estate` };
  }
  // A bare name: look it up among the swept instances (names are unique only per resource group).
  const sweep = await reader.sweep(onProgress);
  const matches = sweep.views.filter((v) => v.instance.name.toLowerCase() === wanted.toLowerCase());
  if (matches.length === 1) return { view: matches[0]!, incomplete: sweep.incomplete };
  if (matches.length > 1) {
    const ids = matches.map((v) => `  ${v.instance.id}`).sort();
    return { reason: `${matches.length} instances are named "${wanted}"; give the ARM id of one:\n${ids.join('\n')}` };
  }
  const names = sweep.views.map((v) => v.instance.name).sort();
  const known = names.length === 0 ? 'the estate holds no instance' : `instances in the estate: ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', …' : ''}`;
  return { reason: `no instance named "${wanted}" (${known})` };
}
