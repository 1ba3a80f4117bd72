/**
 * The watcher's burst benchmark (issue 4): N events touching 50 NSGs shared by 200 instances, each
 * delivered twice in shuffled order, through the real use cases (parse → index → debounce →
 * evaluate → state) in one process. State and the work queue are in memory, so that the figure is
 * the watcher's own cost, not a storage emulator's; ARM is the ARM simulator behind the real ARM
 * connection and reader (test/support), so that ARM calls are counted exactly as the deployed reader makes them.
 *
 *   node --import tsx bench/watcher.ts [--events 1000] [--instances 200] [--share 4]
 *
 * To add it to bench/run.ts: an entry { name: 'watcher', run: (args, progress) =>
 * watcherTables(await runWatcherBench({ ...WATCHER_DEFAULTS, events: int(args.events, …) }, progress)) }.
 */
import http from 'node:http';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { ArmResource } from '../src/arm/arm-resource.js';
import { effectiveAdminRulesId, RESOURCE_TYPES } from '../src/arm/resource-id.js';
import { evaluateInstance } from '../src/engine/evaluate.js';
import { DependencyIndex } from '../src/index/dependency-index.js';
import { parseEvents } from '../src/events/parse-events.js';
import { RULES } from '../src/rules/catalogue.js';
import { LiveArmReader } from '../src/sources/arm/live-reader.js';
import { MemoryStateStore } from '../src/state/memory-state-store.js';
import { DEFAULT_TIMING, type WatcherDeps } from '../src/watcher/deps.js';
import { runEvaluationRequest } from '../src/watcher/evaluate-instance.js';
import { handleEvents } from '../src/watcher/on-events.js';
import type { EvaluationRequest, Log } from '../src/watcher/ports.js';
import { runSweep } from '../src/watcher/sweep.js';
import { Estate } from '../src/sources/estate.js';
import { noTelemetry } from '../src/telemetry/telemetry.js';
import { connectTo } from '../test/support/arm-simulator-connection.js';
import { ArmSimulator } from '../test/support/arm-simulator.js';
import { random } from '../test/support/synthetic-estate.js';
import { burstEstate, burstEvents } from '../test/watcher/burst.js';
import { median } from './stats.js';
import { count, ms, renderTable, type Table } from './table.js';

export interface WatcherBenchOptions {
  /** Distinct events (each delivered twice). */
  events: number;
  instances: number;
  /** Instances per NSG (200 / 4 = 50 NSGs). */
  share: number;
  seed: number;
}

export const WATCHER_DEFAULTS: WatcherBenchOptions = { events: 1000, instances: 200, share: 4, seed: 42 };

export interface WatcherBenchResult {
  options: WatcherBenchOptions;
  nsgs: number;
  deliveries: number;
  /** Wall time to handle every delivery (parse, dedupe, index lookup, debounce). */
  eventsMs: number;
  duplicates: number;
  windowsOpened: number;
  /** Evaluations run for the burst (one per affected instance). */
  evaluations: number;
  transitions: number;
  evaluationsMs: number;
  /** HTTP requests the simulator served for those evaluations. */
  armRequests: number;
  /** Requests of the initial sweep that built the index, for comparison. */
  sweepArmRequests: number;
}

const quiet: Log = { info() {}, warn() {}, error() {} };

export async function runWatcherBench(options: WatcherBenchOptions = WATCHER_DEFAULTS, progress: (line: string) => void = () => {}): Promise<WatcherBenchResult> {
  const estate = burstEstate({ instances: options.instances, instancesPerNsg: options.share });
  const sim = await ArmSimulator.start(estate.resources);
  try {
    const connection = connectTo(sim);
    const sent: EvaluationRequest[] = [];
    let now = Date.UTC(2026, 0, 1, 12);
    const store = new MemoryStateStore();
    const deps: WatcherDeps = {
      store,
      queue: { scheduleEvaluation: async (request) => void sent.push(request) },
      // As functions/runtime.ts wires it: neighbours from the dependency index the sweep built.
      reader: new LiveArmReader({ connection, scope: { subscriptions: [estate.instances[0]!.split('/')[2]!] }, occupants: store }),
      rules: RULES,
      clock: { now: () => new Date(now) },
      telemetry: noTelemetry,
      scope: { subscriptions: [estate.instances[0]!.split('/')[2]!.toLowerCase()] },
      timing: DEFAULT_TIMING,
      armRequests: () => connection.requestsSent,
    };
    progress(`watcher: sweeping ${estate.instances.length} instances to build the index`);
    await runSweep(deps, quiet);
    const sweepArmRequests = sim.requestCount;
    for (const nsg of estate.nsgs) sim.store.remove(`${nsg}/securityRules/AllowApiManagementInbound`);

    const events = burstEvents(estate.nsgs, options.events, now - 60_000);
    const rng = random(options.seed);
    // Each delivery as the queue trigger sees it: one event per message, as text.
    const deliveries = [...events, ...events]
      .map((e) => ({ text: JSON.stringify(e), k: rng() }))
      .sort((a, b) => a.k - b.k)
      .map((d) => d.text);
    progress(`watcher: handling ${deliveries.length} deliveries of ${events.length} events`);
    let duplicates = 0;
    let windowsOpened = 0;
    const t0 = performance.now();
    for (const text of deliveries) {
      const summary = await handleEvents(deps, await parseEvents(text), { retry: false }, quiet);
      duplicates += summary.duplicates;
      windowsOpened += summary.scheduled;
    }
    const eventsMs = performance.now() - t0;

    now += (DEFAULT_TIMING.debounceSeconds + 1) * 1000;
    progress(`watcher: running ${sent.length} evaluations against the ARM simulator`);
    sim.resetCounters();
    let transitions = 0;
    const t1 = performance.now();
    for (const request of sent) {
      const outcome = await runEvaluationRequest(deps, request, { retry: false }, quiet);
      if (outcome.kind === 'evaluated' && outcome.transition) transitions++;
    }
    const evaluationsMs = performance.now() - t1;
    return {
      options,
      nsgs: estate.nsgs.length,
      deliveries: deliveries.length,
      eventsMs,
      duplicates,
      windowsOpened,
      evaluations: sent.length,
      transitions,
      evaluationsMs,
      armRequests: sim.requestCount,
      sweepArmRequests,
    };
  } finally {
    await sim.stop();
  }
}

export function watcherTables(r: WatcherBenchResult): Table[] {
  const perSecond = (n: number, msValue: number) => count(Math.round((n / msValue) * 1000));
  return [
    {
      title: 'Watcher burst (in-process: memory state, ARM simulator behind the real ARM pipeline and reader)',
      notes: [
        `${count(r.options.events)} events × 2 deliveries, shuffled, on ${r.nsgs} NSGs shared by ${count(r.options.instances)} instances (${r.options.share} per NSG)`,
        `index built by a sweep first (${count(r.sweepArmRequests)} ARM requests)`,
      ],
      columns: ['stage', 'count', 'time', 'per second'],
      rows: [
        ['deliveries handled (events)', count(r.deliveries), ms(r.eventsMs), perSecond(r.deliveries, r.eventsMs)],
        ['  of which duplicates dropped', count(r.duplicates), '', ''],
        ['  windows opened', count(r.windowsOpened), '', ''],
        ['evaluations (debounced)', count(r.evaluations), ms(r.evaluationsMs), perSecond(r.evaluations, r.evaluationsMs)],
        ['  transitions stored', count(r.transitions), '', ''],
        ['events end to end', count(r.options.events), ms(r.eventsMs + r.evaluationsMs), perSecond(r.options.events, r.eventsMs + r.evaluationsMs)],
      ],
    },
    {
      title: 'ARM calls for the burst',
      columns: ['measure', 'value'],
      rows: [
        ['ARM requests (evaluations)', count(r.armRequests)],
        ['ARM requests per event', (r.armRequests / r.options.events).toFixed(2)],
        ['ARM requests per evaluation', (r.armRequests / Math.max(1, r.evaluations)).toFixed(2)],
      ],
    },
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { events: { type: 'string' }, instances: { type: 'string' }, share: { type: 'string' }, seed: { type: 'string' } } });
  const int = (v: string | undefined, d: number) => (v === undefined ? d : Math.max(1, Number.parseInt(v, 10) || d));
  const result = await runWatcherBench(
    {
      events: int(values.events, WATCHER_DEFAULTS.events),
      instances: int(values.instances, WATCHER_DEFAULTS.instances),
      share: int(values.share, WATCHER_DEFAULTS.share),
      seed: int(values.seed, WATCHER_DEFAULTS.seed),
    },
    (line) => process.stderr.write(`${line}\n`),
  );
  process.stdout.write(`${watcherTables(result).map(renderTable).join('\n')}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();

// --- one evaluation by the size of the subscription --------------------------------------------------

export interface EvaluationScaleRow {
  instances: number;
  /** Median wall time of reading one instance live and evaluating it (the watcher's evaluation minus state). */
  evaluationMs: number;
  /** Median of the floor: the same requests sent in one parallel round with fetch, parsed, normalized, evaluated. */
  floorMs: number;
  /** Median of the ratios of alternating pairs (evaluation, floor), so that both saw the same load. */
  ratio: number;
  requests: number;
  listRequests: number;
  gets: number;
  /** Bytes of the bodies the floor read (the VNet carries its subnets inline: up to 250 in this estate). */
  bodyBytes: number;
}

/**
 * The watcher's read + evaluation of one instance in a subscription of N instances (4 per NSG), against
 * its floor: exactly the requests the evaluation made (the GETs by id and the admin-rules POST), sent
 * with fetch in one parallel round, each body parsed and normalized once, then the same rules.
 */
export async function runEvaluationScale(sizes: readonly number[], runs = 15, progress: (line: string) => void = () => {}): Promise<EvaluationScaleRow[]> {
  const rows: EvaluationScaleRow[] = [];
  for (const instances of sizes) {
    progress(`watcher: one evaluation among ${count(instances)} instances`);
    const estate = burstEstate({ instances, instancesPerNsg: 4 });
    const sim = await ArmSimulator.start(estate.resources);
    try {
      // The dependency index as the watcher holds it after a sweep: neighbours are read from it.
      const index = DependencyIndex.fromViews(Estate.fromResources(estate.resources).buildViews());
      const reader = new LiveArmReader({
        connection: connectTo(sim),
        occupants: {
          dependentsOf: async (resourceId) => index.dependentsOf(resourceId),
          dependenciesOf: async (instanceId) => index.entriesOf(instanceId),
        },
      });
      const id = estate.instances[Math.floor(estate.instances.length / 2)]!;
      const evaluate = async () => {
        const t0 = performance.now();
        const { view } = await reader.readInstance(id);
        if (!view) throw new Error(`instance ${id} not read`);
        evaluateInstance(view, RULES);
        return performance.now() - t0;
      };
      // What one evaluation asks of ARM, learned from a first (warm-up) evaluation.
      sim.resetCounters();
      await evaluate();
      const requests = sim.requestCount;
      const listRequests = sim.log.filter((r) => r.route.startsWith('LIST')).length;
      const gets = [...sim.successfulReadsById().keys()];
      const posts = sim.log.filter((r) => r.route.startsWith('POST') && r.resourceId).map((r) => r.resourceId!);
      let bodyBytes = 0;
      // node:http with a keep-alive agent: the transport under the ARM pipeline, without the pipeline.
      const agent = new http.Agent({ keepAlive: true });
      const floor = async () => {
        const t0 = performance.now();
        const texts = await Promise.all([
          ...gets.map((resourceId) => plainRequest(agent, `${sim.url}${resourceId}?api-version=2025-05-01`, 'GET')),
          ...posts.map((vnetId) => plainRequest(agent, `${sim.url}${vnetId}/listNetworkManagerEffectiveSecurityAdminRules?api-version=2025-05-01&$top=20`, 'POST', '{}')),
        ]);
        bodyBytes = texts.reduce((n, t) => n + t.length, 0);
        const bodies = texts.slice(0, gets.length).map((t) => JSON.parse(t) as ArmResource);
        texts.slice(gets.length).forEach((t, i) => {
          bodies.push({ id: effectiveAdminRulesId(posts[i]!), type: RESOURCE_TYPES.effectiveAdminRules, name: 'default', properties: { value: (JSON.parse(t) as { value: unknown[] }).value } });
        });
        const floorView = Estate.fromResources(bodies, { expectAdminRules: true }).buildView(id);
        if (!floorView) throw new Error(`floor: instance ${id} not built`);
        evaluateInstance(floorView, RULES);
        return performance.now() - t0;
      };
      // Warm-up pairs, not counted: the first size would otherwise pay the JIT for all.
      for (let i = 0; i < (rows.length === 0 ? 20 : 5); i++) {
        await evaluate();
        await floor();
      }
      const evaluation: number[] = [];
      const floors: number[] = [];
      const ratios: number[] = [];
      for (let i = 0; i < runs; i++) {
        // Alternating order within the pair, so that neither side always runs second.
        let e: number;
        let f: number;
        if (i % 2 === 0) {
          e = await evaluate();
          f = await floor();
        } else {
          f = await floor();
          e = await evaluate();
        }
        evaluation.push(e);
        floors.push(f);
        ratios.push(e / f);
      }
      rows.push({ instances, evaluationMs: median(evaluation), floorMs: median(floors), ratio: median(ratios), requests, listRequests, gets: gets.length, bodyBytes });
    } finally {
      await sim.stop();
    }
  }
  return rows;
}

function plainRequest(agent: http.Agent, url: string, method: 'GET' | 'POST', body?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = { authorization: 'Bearer floor' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const request = http.request(url, { method, agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

export function evaluationScaleTable(rows: readonly EvaluationScaleRow[]): Table {
  return {
    title: 'Watcher: one evaluation (live read of an instance and its dependencies + all rules), by instances in the subscription',
    notes: [
      'ARM simulator behind the real pipeline (credential, retries); neighbours from the dependency index (as after a sweep)',
      'floor = the same requests (GETs by id, the admin-rules POST) sent with node:http (keep-alive) in one parallel round, parsed, normalized and evaluated; ratio = median of alternating pairs',
      'the floor grows with the VNet, not the subscription: its GET carries every subnet inline (one per instance, at most 250 per VNet here)',
    ],
    columns: ['instances in subscription', 'ARM requests', 'of which lists', 'bodies read', 'evaluation', 'floor', 'ratio'],
    rows: rows.map((r) => [count(r.instances), count(r.requests), count(r.listRequests), `${(r.bodyBytes / 1024).toFixed(0)} KiB`, ms(r.evaluationMs), ms(r.floorMs), `${r.ratio.toFixed(1)}×`]),
  };
}
