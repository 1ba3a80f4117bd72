/**
 * Engine benchmark: how long the pure pipeline takes on a large synthetic estate, and how that
 * compares with merely parsing the estate's JSON text.
 *
 * The estate is generated, serialized and processed in windows of instances (each window is a
 * self-contained part of the estate: its own subnets, NSGs and route tables), so memory stays
 * bounded however large the estate. Per window, measured:
 *   - JSON.parse of the window's text;
 *   - evaluation = normalize + index (Estate.fromResources) + view building + evaluateInstance of
 *     every instance with the full rule catalogue (each instance timed on its own for the median).
 * Generation and JSON.stringify are not measured.
 */
import type { ArmResource } from '../src/arm/arm-resource.js';
import { evaluateInstance } from '../src/engine/evaluate.js';
import type { InstanceView } from '../src/model/view.js';
import { RULES } from '../src/rules/catalogue.js';
import { Estate } from '../src/sources/estate.js';
import { syntheticEstate, type SyntheticEstateOptions } from '../test/support/synthetic-estate.js';
import { median, percentile, sum, timed } from './stats.js';
import { count, megabytes, ms, type Table } from './table.js';

export interface EngineBenchOptions {
  instances: number;
  subscriptions: number;
  nsgRules: number;
  routes: number;
  /** Instances per NSG and per route table (1 = each its own). */
  share: number;
  /** Instances per window. */
  window: number;
  /** Instances sampled for the per-rule breakdown (0 = none). */
  ruleSample: number;
  seed: number;
}

export const ENGINE_DEFAULTS: EngineBenchOptions = {
  instances: 10_000,
  subscriptions: 20,
  nsgRules: 200,
  routes: 50,
  share: 10,
  window: 1_000,
  ruleSample: 100,
  seed: 20240831,
};

export interface EngineBenchResult {
  options: EngineBenchOptions;
  instances: number;
  textBytes: number;
  generateMs: number;
  parseMs: number;
  normalizeMs: number;
  viewsMs: number;
  evaluateMs: number[];
  statuses: Record<string, number>;
  inputErrors: number;
  /** Mean time per instance of each rule, on the sample, worst first. */
  ruleTimes: Array<{ ruleId: string; meanMs: number }>;
}

export function runEngineBench(options: EngineBenchOptions, progress: (line: string) => void = () => {}): EngineBenchResult {
  const o = options;
  const result: EngineBenchResult = {
    options: o,
    instances: 0,
    textBytes: 0,
    generateMs: 0,
    parseMs: 0,
    normalizeMs: 0,
    viewsMs: 0,
    evaluateMs: [],
    statuses: {},
    inputErrors: 0,
    ruleTimes: [],
  };
  // Windows hold whole sharing groups, so that no NSG or route table is split across two windows.
  const window = Math.max(o.share, Math.floor(o.window / o.share) * o.share);
  const sample: InstanceView[] = [];
  for (let offset = 0; offset < o.instances; offset += window) {
    const spec: SyntheticEstateOptions = {
      instances: o.instances,
      subscriptions: o.subscriptions,
      nsgRules: o.nsgRules,
      routes: o.routes,
      instancesPerNsg: o.share,
      instancesPerRouteTable: o.share,
      brokenEvery: 10,
      seed: o.seed,
      offset,
      count: window,
    };
    const [text, generateMs] = timed(() => JSON.stringify(syntheticEstate(spec)));
    result.generateMs += generateMs;
    result.textBytes += Buffer.byteLength(text);

    const [parsed, parseMs] = timed(() => JSON.parse(text) as ArmResource[]);
    result.parseMs += parseMs;

    const [estate, normalizeMs] = timed(() => Estate.fromResources(parsed));
    result.normalizeMs += normalizeMs;
    result.inputErrors += estate.errors.length;

    const [views, viewsMs] = timed(() => estate.buildViews());
    result.viewsMs += viewsMs;

    for (const view of views) {
      const [report, evaluateMs] = timed(() => evaluateInstance(view, RULES));
      result.evaluateMs.push(evaluateMs);
      result.statuses[report.status] = (result.statuses[report.status] ?? 0) + 1;
      if (sample.length < o.ruleSample) sample.push(view);
    }
    result.instances += views.length;
    progress(`  engine: ${count(result.instances)} / ${count(o.instances)} instances`);
  }
  result.ruleTimes = ruleBreakdown(sample);
  return result;
}

/** Each rule of the catalogue alone on the sample: where evaluation time goes. */
function ruleBreakdown(sample: readonly InstanceView[]): EngineBenchResult['ruleTimes'] {
  if (sample.length === 0) return [];
  return RULES.map((rule) => {
    const [, total] = timed(() => {
      for (const view of sample) evaluateInstance(view, [rule]);
    });
    return { ruleId: rule.meta.id, meanMs: total / sample.length };
  }).sort((a, b) => b.meanMs - a.meanMs);
}

/** Evaluation as the ratio counts it: normalize + view building + evaluation. */
export function evaluationMs(r: EngineBenchResult): number {
  return r.normalizeMs + r.viewsMs + sum(r.evaluateMs);
}

export function engineTables(r: EngineBenchResult): Table[] {
  const o = r.options;
  const n = r.instances;
  const evaluation = evaluationMs(r);
  const perInstance = (total: number) => ms(total / n);
  const summary: Table = {
    title: 'Engine: evaluate a synthetic estate',
    notes: [
      `${count(n)} instances over ${o.subscriptions} subscriptions; NSGs of ${o.nsgRules} custom rules (+6 default), route tables of ${o.routes} routes`,
      `${o.share === 1 ? 'each instance has its own NSG and route table' : `one NSG and one route table per ${o.share} instances`}; ${megabytes(r.textBytes)} of ARM JSON, processed in windows of ${count(Math.max(o.share, Math.floor(o.window / o.share) * o.share))} instances`,
      `statuses: ${Object.entries(r.statuses)
        .sort()
        .map(([s, c]) => `${count(c)} ${s}`)
        .join(', ')}${r.inputErrors ? `; ${r.inputErrors} INPUT ERRORS` : ''}`,
    ],
    columns: ['step', 'total', 'per instance'],
    rows: [
      ['JSON.parse of the estate text', ms(r.parseMs), perInstance(r.parseMs)],
      ['normalize + index (Estate.fromResources)', ms(r.normalizeMs), perInstance(r.normalizeMs)],
      ['build views', ms(r.viewsMs), perInstance(r.viewsMs)],
      ['evaluate (all rules)', ms(sum(r.evaluateMs)), perInstance(sum(r.evaluateMs))],
      ['evaluation = normalize + views + evaluate', ms(evaluation), perInstance(evaluation)],
      ['evaluate one instance: median', '', ms(median(r.evaluateMs))],
      ['evaluate one instance: p95', '', ms(percentile(r.evaluateMs, 95))],
      ['evaluate one instance: max', '', ms(Math.max(...r.evaluateMs))],
      ['ratio evaluation / JSON.parse', `${(evaluation / r.parseMs).toFixed(1)}×`, ''],
      ['(not measured) generate + JSON.stringify', ms(r.generateMs), ''],
    ],
  };
  const rules: Table = {
    title: `Engine: slowest rules (each alone, mean over ${Math.min(o.ruleSample, n)} instances)`,
    columns: ['rule', 'per instance', 'share of evaluate'],
    rows: r.ruleTimes.slice(0, 10).map((t) => {
      const total = sum(r.ruleTimes.map((x) => x.meanMs));
      return [t.ruleId, ms(t.meanMs), `${((100 * t.meanMs) / total).toFixed(0)} %`];
    }),
  };
  return r.ruleTimes.length > 0 ? [summary, rules] : [summary];
}
