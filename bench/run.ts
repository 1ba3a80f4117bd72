/**
 * Benchmarks: `npm run bench` (all), `npm run bench -- engine --instances 2000` (one, with options).
 * Each benchmark is a module that runs and returns tables; add one by adding an entry to BENCHMARKS.
 * Progress goes to stderr, the tables to stdout.
 */
import { parseArgs } from 'node:util';
import { BUNDLE_DEFAULTS, bundleTables, runBundleBench } from './bundle.js';
import { CHECK_DEFAULTS, checkTables, runCheckBench } from './check.js';
import { ENGINE_DEFAULTS, engineTables, runEngineBench } from './engine.js';
import { renderTable, type Table } from './table.js';
import { runStatusBench, STATUS_DEFAULTS, statusTables } from './status.js';
import { evaluationScaleTable, runEvaluationScale, runWatcherBench, WATCHER_DEFAULTS, watcherTables } from './watcher.js';

/**
 * `--quick`: the same tables, on smaller inputs and fewer runs (about 2 minutes instead of 10); options
 * given explicitly still win. The full run is what the README's figures come from.
 */
const QUICK: Record<string, string> = { runs: '1', sizes: '1000', instances: '1000', events: '200', 'evaluation-runs': '7' };

interface Benchmark {
  name: string;
  description: string;
  run(args: Record<string, string | undefined>, progress: (line: string) => void): Table[] | Promise<Table[]>;
}

const int = (value: string | undefined, fallback: number, name: string): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  return n;
};

const BENCHMARKS: Benchmark[] = [
  {
    name: 'check',
    description: 'check of the sample, 1,000 and 10,000 instances as whole processes vs JSON.parse of the same files; start-up vs node',
    run: (args, progress) =>
      checkTables(
        runCheckBench(
          {
            runs: Math.max(1, int(args.runs, CHECK_DEFAULTS.runs, 'runs')),
            sizes: args.sizes === undefined ? CHECK_DEFAULTS.sizes : args.sizes.split(',').map((s) => int(s, 0, 'sizes')),
          },
          progress,
        ),
      ),
  },
  {
    name: 'engine',
    description: 'normalize + views + rules on a synthetic estate, against JSON.parse of the same text',
    run: (args, progress) => {
      const d = ENGINE_DEFAULTS;
      const result = runEngineBench(
        {
          instances: int(args.instances, d.instances, 'instances'),
          subscriptions: int(args.subscriptions, d.subscriptions, 'subscriptions'),
          nsgRules: int(args['nsg-rules'], d.nsgRules, 'nsg-rules'),
          routes: int(args.routes, d.routes, 'routes'),
          share: Math.max(1, int(args.share, d.share, 'share')),
          window: Math.max(1, int(args.window, d.window, 'window')),
          ruleSample: int(args['rule-sample'], d.ruleSample, 'rule-sample'),
          seed: int(args.seed, d.seed, 'seed'),
        },
        progress,
      );
      return engineTables(result);
    },
  },
  {
    name: 'bundle',
    description: 'function app bundle: size and cold load of the entry module vs node -e ""',
    run: (args, progress) =>
      bundleTables(runBundleBench({ runs: int(args.runs, BUNDLE_DEFAULTS.runs, 'runs'), placements: BUNDLE_DEFAULTS.placements }, progress)),
  },
  {
    name: 'watcher',
    description: 'event burst through the watcher (parse, index, debounce, evaluate): events per second, ARM calls per event',
    run: async (args, progress) => [
      ...watcherTables(
        await runWatcherBench(
          {
            ...WATCHER_DEFAULTS,
            events: int(args.events, WATCHER_DEFAULTS.events, 'events'),
            instances: int(args.quick ? undefined : args.instances, WATCHER_DEFAULTS.instances, 'instances'),
          },
          progress,
        ),
      ),
      evaluationScaleTable(await runEvaluationScale([100, 400, 1_000], Math.max(1, int(args['evaluation-runs'], 21, 'evaluation-runs')), progress)),
    ],
  },
  {
    name: 'status',
    description: 'HTML pages: size and render time of the status page (paged and whole) and the check report for 1,000 instances',
    run: async (args, progress) => {
      const options = { instances: int(args.instances, STATUS_DEFAULTS.instances, 'instances'), runs: int(args.runs, STATUS_DEFAULTS.runs, 'runs') };
      return statusTables(await runStatusBench(options, progress), options);
    },
  },
];

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      instances: { type: 'string' },
      subscriptions: { type: 'string' },
      'nsg-rules': { type: 'string' },
      routes: { type: 'string' },
      share: { type: 'string' },
      window: { type: 'string' },
      'rule-sample': { type: 'string' },
      seed: { type: 'string' },
      runs: { type: 'string' },
      events: { type: 'string' },
      sizes: { type: 'string' },
      'evaluation-runs': { type: 'string' },
      quick: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(
      [
        'Usage: npm run bench -- [benchmark...] [--quick] [options]',
        '',
        '  --quick            smaller inputs and fewer runs (1,000 instances, one pair each; about 2 minutes)',
        '',
        'Benchmarks:',
        ...BENCHMARKS.map((b) => `  ${b.name.padEnd(10)} ${b.description}`),
        '',
        'Engine options (defaults in brackets):',
        `  --instances N      instances in the estate [${ENGINE_DEFAULTS.instances}]`,
        `  --subscriptions N  subscriptions they are spread over [${ENGINE_DEFAULTS.subscriptions}]`,
        `  --nsg-rules N      custom rules per NSG [${ENGINE_DEFAULTS.nsgRules}]`,
        `  --routes N         routes per route table [${ENGINE_DEFAULTS.routes}]`,
        `  --share N          instances per NSG and per route table [${ENGINE_DEFAULTS.share}]`,
        `  --window N         instances generated and processed at a time [${ENGINE_DEFAULTS.window}]`,
        `  --rule-sample N    instances for the per-rule breakdown, 0 for none [${ENGINE_DEFAULTS.ruleSample}]`,
        `  --seed N           generator seed [${ENGINE_DEFAULTS.seed}]`,
        '',
        'Check options:',
        `  --sizes N,N        synthetic estates, in instances [${CHECK_DEFAULTS.sizes.join(',')}]`,
        `  --runs N           alternating pairs per estate (start-up and sample: 3 N) [${CHECK_DEFAULTS.runs}]`,
        '',
        'Watcher options:',
        `  --events N         distinct events in the burst, each delivered twice [${WATCHER_DEFAULTS.events}]`,
        `  --instances N      (with watcher alone) instances sharing 50 NSGs [${WATCHER_DEFAULTS.instances}]`,
        '  --evaluation-runs N  alternating pairs per size for one evaluation against its floor [21]',
        '',
        'Status options:',
        `  --instances N      (with status alone) instances in the state [${STATUS_DEFAULTS.instances}]`,
        `  --runs N           renders per measurement [${STATUS_DEFAULTS.runs}]`,
        '',
        'Bundle options:',
        `  --runs N           fresh Node processes timed per measurement [${BUNDLE_DEFAULTS.runs}]`,
        '',
      ].join('\n'),
    );
    return;
  }
  const unknown = positionals.filter((p) => !BENCHMARKS.some((b) => b.name === p));
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')} (known: ${BENCHMARKS.map((b) => b.name).join(', ')})`);
  const selected = positionals.length === 0 ? BENCHMARKS : BENCHMARKS.filter((b) => positionals.includes(b.name));
  const args: Record<string, string | undefined> = { ...(values.quick ? QUICK : {}), ...(values as Record<string, string | undefined>) };
  if (values.quick) args.quick = 'yes';
  const progress = (line: string) => {
    if (process.stderr.isTTY) process.stderr.write(`\r${line}\u001b[K`);
  };
  process.stdout.write(`apim-vnet-guard benchmarks · Node ${process.version} · ${process.platform}/${process.arch}\n\n`);
  for (const benchmark of selected) {
    const started = performance.now();
    const tables = await benchmark.run(args, progress);
    if (process.stderr.isTTY) process.stderr.write('\r\u001b[K');
    for (const table of tables) process.stdout.write(`${renderTable(table)}\n`);
    process.stdout.write(`(${benchmark.name} took ${((performance.now() - started) / 1000).toFixed(1)} s of wall time)\n\n`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${(e as Error).message}\n`);
  process.exitCode = 2;
});
