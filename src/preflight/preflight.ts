/**
 * The pre-flight use case: current resources + a change document → for each instance the change
 * touches, its status before and after, the findings the change introduces and resolves (each named
 * by the change item that did it) and a verdict. Both sides are evaluated the same way (the estate,
 * the normalizer and the engine of `check`); a Terraform replace is also evaluated between its delete
 * and its create. Pure: the entry points read the files or Azure.
 */
import type { ArmResource } from '../arm/arm-resource.js';
import { normalizeResourceId } from '../arm/resource-id.js';
import { evaluateInstance, INSTANCE_LOCATION } from '../engine/evaluate.js';
import type { Finding, InstanceStatus } from '../model/finding.js';
import type { InstanceView } from '../model/view.js';
import type { Rule } from '../rules/rule.js';
import { Estate } from '../sources/estate.js';
import { findingKey } from '../watcher/fingerprint.js';
import type { ChangeDocument, ChangeItem } from './change.js';
import { dependenciesOf } from './dependencies.js';
import { diffFindings, verdictOf, VERDICTS, type PreflightStatus, type Verdict } from './diff.js';
import { overlay, type ChangeOutcome, type Overlaid } from './overlay.js';

export interface PreflightRequest {
  /** The current resources in ARM's shape (an estate file, or what a live sweep read). */
  current: readonly ArmResource[];
  document: ChangeDocument;
  rules: readonly Rule[];
  /** Report every instance, not only those the change touches. */
  all?: boolean;
}

/** A finding of the diff, with the change that caused (or removed) it. */
export interface PreflightFinding extends Finding {
  /** The changed resource the finding comes from (the item's resource id). */
  changedResource?: string;
  /** The change item: Terraform address, what-if `changes[i]`, file and position. */
  change?: string;
  /** `while-replacing`: only between the delete and the create of a Terraform replace. */
  moment: 'after' | 'while-replacing';
}

export interface PreflightSide {
  status: PreflightStatus;
  findings: Finding[];
}

export interface PreflightInstance {
  id: string;
  name: string;
  before: PreflightSide;
  after: PreflightSide;
  introduced: PreflightFinding[];
  resolved: PreflightFinding[];
  /** Ids of the changed resources this instance depends on. */
  changedResources: string[];
  /** Why the after state is not fully known (unknown values reaching it), if so. */
  unknownValues: string[];
  verdict: Verdict;
}

export interface PreflightSummary {
  /** Instances in the answer (affected ones, or all with --all). */
  instances: number;
  byVerdict: Record<Verdict, number>;
  changes: number;
  applied: number;
  skipped: number;
  /** The worst verdict of the answer; `same` when no instance is affected. */
  verdict: Verdict;
}

export interface PreflightResult {
  format: ChangeDocument['format'];
  file: string;
  instances: PreflightInstance[];
  changes: ChangeOutcome[];
  notes: string[];
  summary: PreflightSummary;
}

export function preflight(request: PreflightRequest): PreflightResult {
  const { current, document, rules } = request;
  const items = document.items;
  const before = Estate.fromResources(current, { source: 'current resources' });
  const proposed = overlay(current, items);
  const after = proposedEstate(proposed, document);

  // Instances on either side: one created or deleted by the change is there on one side only.
  const ids = new Map<string, string>();
  for (const i of [...before.instances, ...after.instances]) if (!ids.has(normalizeResourceId(i.id))) ids.set(normalizeResourceId(i.id), i.id);

  // Each replace's in-between state is built once, when an instance depends on it.
  const moments = new Map<number, Estate>();
  const momentOf = (i: number): Estate => {
    let estate = moments.get(i);
    if (estate === undefined) moments.set(i, (estate = proposedEstate(overlay(current, items, { replacing: i }), document)));
    return estate;
  };
  const instances: PreflightInstance[] = [];
  for (const id of ids.values()) {
    const beforeView = before.buildView(id);
    const afterView = after.buildView(id);
    const deps = mergeDeps(beforeView, afterView);
    const hits = [...deps.keys()].filter((k) => proposed.touched.has(k));
    if (hits.length === 0 && !request.all) continue;
    const b = side(beforeView, rules);
    const a = side(afterView, rules);
    const diff = diffFindings(b.findings, a.findings);
    const attribute = attributor(items, proposed, deps);
    const introduced: PreflightFinding[] = diff.introduced.map((f) => ({ ...f, ...attribute(f), moment: 'after' }));
    const resolved: PreflightFinding[] = diff.resolved.map((f) => ({ ...f, ...attribute(f), moment: 'after' }));
    introduced.push(...whileReplacing(request, momentOf, proposed, id, b.findings, a.findings, deps));
    const unknownValues = hits.flatMap((k) => (proposed.unknown.has(k) ? [proposed.unknown.get(k)!] : []));
    instances.push({
      id,
      name: (afterView ?? beforeView)!.instance.name,
      before: b,
      after: a,
      introduced,
      resolved,
      changedResources: changedResourceIds(items, proposed, hits),
      unknownValues,
      // An instance the change does not touch (listed with --all) is the same by construction.
      verdict: hits.length === 0 ? 'same' : verdictOf({ after: a.status, introduced, resolved, unknownValues: unknownValues.length > 0 }),
    });
  }
  instances.sort((x, y) => VERDICTS.indexOf(x.verdict) - VERDICTS.indexOf(y.verdict) || x.id.toLowerCase().localeCompare(y.id.toLowerCase()));
  return {
    format: document.format,
    file: document.file,
    instances,
    changes: proposed.outcomes,
    notes: [...document.notes],
    summary: summarize(instances, proposed.outcomes),
  };
}

/** The proposed estate: unknown values and proposed bodies the normalizer refuses make their resource unreadable. */
function proposedEstate(proposed: Overlaid, document: ChangeDocument): Estate {
  const estate = Estate.fromResources(proposed.resources, { source: document.file });
  for (const error of estate.errors) {
    if (error.resource === undefined) continue;
    const key = normalizeResourceId(error.resource);
    const by = proposed.touched.get(key);
    // A problem of the current resources is reported by their source; an unknown value explains itself.
    if (by === undefined || proposed.unknown.has(key)) {
      if (by !== undefined) estate.markUnreadable(error.resource, proposed.unknown.get(key)!);
      continue;
    }
    const reason = `the proposed resource is not valid: ${error.message}`;
    estate.markUnreadable(error.resource, reason);
    proposed.unknown.set(key, `${reason} [${by.map((i) => document.items[i]!.source).join(', ')}]`);
    for (const i of by) {
      const outcome = proposed.outcomes[i]!;
      outcome.reason = outcome.reason ? `${outcome.reason}; ${reason}` : reason;
    }
  }
  for (const id of proposed.deleted) estate.markMissing(id);
  for (const [id, reason] of proposed.unknown) {
    // An instance stays readable (its view is its own body); the verdict carries its unknown values.
    if (estate.instance(id) === undefined) estate.markUnreadable(id, reason);
  }
  return estate;
}

function side(view: InstanceView | undefined, rules: readonly Rule[]): PreflightSide {
  if (view === undefined) return { status: 'absent', findings: [] };
  const report = evaluateInstance(view, rules);
  return { status: report.status as InstanceStatus, findings: report.findings };
}

function mergeDeps(...views: Array<InstanceView | undefined>): Map<string, Set<string>> {
  const merged = new Map<string, Set<string>>();
  for (const v of views) {
    if (v === undefined) continue;
    for (const [id, where] of dependenciesOf(v)) merged.set(id, new Set([...(merged.get(id) ?? []), ...where]));
  }
  return merged;
}

/**
 * Which change item a finding comes from: the item that touched the finding's own resource, else one
 * that touched a dependency of the finding's location, else any that touched the instance.
 */
function attributor(items: readonly ChangeItem[], proposed: Overlaid, deps: Map<string, Set<string>>) {
  const touchedDeps = [...deps.entries()].filter(([id]) => proposed.touched.has(id));
  return (f: Finding): Pick<PreflightFinding, 'changedResource' | 'change'> => {
    const own = proposed.touched.get(normalizeResourceId(f.resourceId));
    const atLocation = touchedDeps.find(([, where]) => f.location === INSTANCE_LOCATION || where.has(f.location));
    const dep = atLocation ?? touchedDeps[0];
    const index = own?.[0] ?? (dep !== undefined ? proposed.touched.get(dep[0])?.[0] : undefined);
    if (index === undefined) return {};
    return { changedResource: items[index]!.resourceId, change: items[index]!.source };
  };
}

/** Findings that appear only while a replaced resource is gone (between a Terraform replace's delete and create). */
function whileReplacing(
  request: PreflightRequest,
  momentOf: (index: number) => Estate,
  proposed: Overlaid,
  instanceId: string,
  before: readonly Finding[],
  after: readonly Finding[],
  deps: Map<string, Set<string>>,
): PreflightFinding[] {
  const known = new Set([...before, ...after].map(findingKey));
  const out: PreflightFinding[] = [];
  request.document.items.forEach((item, i) => {
    if (item.action !== 'replace' || !proposed.outcomes[i]!.applied) return;
    if (![...deps.keys()].some((k) => proposed.touched.get(k)?.includes(i))) return;
    const view = momentOf(i).buildView(instanceId);
    if (view === undefined) return;
    for (const f of evaluateInstance(view, request.rules).findings) {
      if (known.has(findingKey(f))) continue;
      known.add(findingKey(f));
      out.push({ ...f, changedResource: item.resourceId, change: item.source, moment: 'while-replacing' });
    }
  });
  return out;
}

function changedResourceIds(items: readonly ChangeItem[], proposed: Overlaid, hits: readonly string[]): string[] {
  const ids = new Map<string, string>();
  for (const k of hits) for (const i of proposed.touched.get(k) ?? []) ids.set(normalizeResourceId(items[i]!.resourceId), items[i]!.resourceId);
  return [...ids.values()];
}

function summarize(instances: readonly PreflightInstance[], outcomes: readonly ChangeOutcome[]): PreflightSummary {
  const byVerdict = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const i of instances) byVerdict[i.verdict] += 1;
  const applied = outcomes.filter((o) => o.applied).length;
  const verdict = VERDICTS.find((v) => v !== 'same' && byVerdict[v] > 0) ?? 'same';
  return { instances: instances.length, byVerdict, changes: outcomes.length, applied, skipped: outcomes.length - applied, verdict };
}
