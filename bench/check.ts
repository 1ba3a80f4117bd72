/**
 * `check` as a user runs it, as whole processes: the sample estate and synthetic estates of 1,000 and
 * 10,000 instances, each against its floor (a process that only reads and JSON.parses the same files),
 * and start-up (`--help`, a one-instance check) against a bare `node -e ""`. Runs alternate, one of
 * each per pair, so that both sides of a ratio see the same load; the ratio given is the median of the
 * pairs' ratios. Wall time and CPU time (user + system, which load from other processes disturbs less)
 * and peak resident memory come from bench/probe.cjs inside each process.
 *
 *   npm run bench -- check [--runs 3] [--sizes 1000,10000]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticEstateFile, type EstateFileOptions } from './estate-files.js';
import { median } from './stats.js';
import { count, megabytes, ms, type Table } from './table.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// What `bin` runs: the bundled CLI (infra/bundle-cli.ts, part of `npm run build`).
const CLI = join(ROOT, 'dist/cli/main.js');
const PROBE = join(ROOT, 'bench/probe.cjs');
const FLOOR = join(ROOT, 'bench/floor.cjs');
const SAMPLE = join(ROOT, 'examples/estate');
const SAMPLE_INSTANCE = 'apim-contoso-int-weu';

export interface CheckBenchOptions {
  runs: number;
  sizes: number[];
}

export const CHECK_DEFAULTS: CheckBenchOptions = { runs: 3, sizes: [1_000, 10_000] };

interface Sample {
  wallMs: number;
  cpuMs: number;
  rssBytes: number;
}

interface Pair {
  label: string;
  floorLabel: string;
  notes: string;
  bytes?: number;
  subject: Sample[];
  floor: Sample[];
}

export interface CheckBenchResult {
  options: CheckBenchOptions;
  estates: Pair[];
  startup: Pair[];
}

function measure(args: string[]): Sample {
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--require', PROBE, ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const wallMs = performance.now() - started;
  const probe = /@probe ([\d.]+) (\d+)\s*$/.exec(run.stderr);
  if (!probe || (run.status !== 0 && run.status !== 1)) throw new Error(`${args.join(' ')} failed (status ${run.status}): ${run.stderr.slice(0, 500)}`);
  return { wallMs, cpuMs: Number(probe[1]), rssBytes: Number(probe[2]) * 1024 };
}

function pairs(pair: Omit<Pair, 'subject' | 'floor'>, subject: string[], floor: string[], runs: number): Pair {
  const out: Pair = { ...pair, subject: [], floor: [] };
  for (let i = 0; i < runs; i++) {
    out.subject.push(measure(subject));
    out.floor.push(measure(floor));
  }
  return out;
}

/**
 * The estates of the table, generated once into the temp directory and kept for later runs:
 * The synthetic case (one NSG of 200 rules and one route table of 50 routes per 10 subnets, as the engine
 * benchmark) and the realistic one: each subnet its own NSG of 30 rules and route table of 10 routes.
 */
export const VARIANTS = [
  { share: 10, nsgRules: 200, routes: 50 },
  { share: 1, nsgRules: 30, routes: 10 },
] as const;

export function syntheticFile(instances: number, variant: (typeof VARIANTS)[number]): { path: string; bytes: number; options: EstateFileOptions } {
  const { share, nsgRules, routes } = variant;
  const options: EstateFileOptions = { instances, subscriptions: 20, nsgRules, routes, instancesPerNsg: share, instancesPerRouteTable: share, brokenEvery: 10, seed: 20240831 };
  const dir = join(tmpdir(), 'apim-vnet-guard-bench');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `estate-${instances}-share${share}-rules${nsgRules}-routes${routes}.json`);
  const bytes = existsSync(path) ? statSync(path).size : writeSyntheticEstateFile(path, options);
  return { path, bytes, options };
}

export function runCheckBench(options: CheckBenchOptions = CHECK_DEFAULTS, progress: (line: string) => void = () => {}): CheckBenchResult {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const check = (estate: string) => [CLI, 'check', '--estate', estate, '--format', 'json', '--fail-on', 'never'];
  const floor = (estate: string) => [FLOOR, estate];
  const estates: Pair[] = [];
  progress('check: sample estate');
  estates.push(pairs({ label: 'sample estate (examples/estate)', floorLabel: 'JSON.parse', notes: '7 instances' }, check(SAMPLE), floor(SAMPLE), options.runs * 3));
  for (const instances of options.sizes) {
    for (const variant of VARIANTS) {
      const share = variant.share;
      progress(`check: generating ${count(instances)} instances, ${share} per NSG`);
      const file = syntheticFile(instances, variant);
      progress(`check: ${count(instances)} instances, ${share} per NSG`);
      estates.push(
        pairs(
          {
            label: `${count(instances)} instances, ${share === 1 ? 'one NSG and route table per subnet' : `one NSG and route table per ${share} subnets`}`,
            floorLabel: 'JSON.parse',
            notes: `${file.options.nsgRules} rules per NSG, ${file.options.routes} routes per table`,
            bytes: file.bytes,
          },
          check(file.path),
          floor(file.path),
          options.runs,
        ),
      );
    }
  }
  progress('check: start-up');
  const bare = ['-e', ''];
  const startup = [
    pairs({ label: '--help', floorLabel: 'node -e ""', notes: '' }, [CLI, '--help'], bare, options.runs * 3),
    pairs({ label: `check --instance ${SAMPLE_INSTANCE} (sample)`, floorLabel: 'node -e ""', notes: '' }, [...check(SAMPLE), '--instance', SAMPLE_INSTANCE], bare, options.runs * 3),
  ];
  return { options, estates, startup };
}

const ratio = (p: Pair, pick: (s: Sample) => number) => median(p.subject.map((s, i) => pick(s) / pick(p.floor[i]!)));
const times = (value: number) => `${value.toFixed(2)}×`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

export function checkTables(r: CheckBenchResult): Table[] {
  const row = (p: Pair) => [
    p.label,
    p.bytes === undefined ? '' : megabytes(p.bytes),
    ms(median(p.subject.map((s) => s.wallMs))),
    ms(median(p.floor.map((s) => s.wallMs))),
    times(ratio(p, (s) => s.wallMs)),
    times(ratio(p, (s) => s.cpuMs)),
    `${mib(median(p.subject.map((s) => s.rssBytes)))} / ${mib(median(p.floor.map((s) => s.rssBytes)))}`,
    times(ratio(p, (s) => s.rssBytes)),
  ];
  return [
    {
      title: 'check --format json as a whole process, against JSON.parse of the same files',
      notes: [
        `median of ${r.options.runs} alternating pairs (sample: ${r.options.runs * 3}); ratios are medians of the pairs' ratios`,
        'synthetic estates over 20 subscriptions; every 10th NSG breaks an instance; each NSG also has the 6 default rules',
      ],
      columns: ['estate', 'size', 'check', 'JSON.parse', 'ratio', 'CPU ratio', 'peak memory', 'memory ratio'],
      rows: r.estates.map(row),
    },
    {
      title: 'Start-up, against a bare node -e ""',
      notes: [`median of ${r.options.runs * 3} alternating pairs`],
      columns: ['command', '', 'time', 'node -e ""', 'ratio', 'CPU ratio', 'peak memory', 'memory ratio'],
      rows: r.startup.map(row),
    },
  ];
}
