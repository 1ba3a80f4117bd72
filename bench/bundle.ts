/**
 * The lean package's benchmark: the size of the bundled function app (bytes and gzip) and the time to
 * load its entry module in a fresh Node process, the way the Functions worker loads it
 * (test/infra/functions-host.cjs provides `@azure/functions-core` and requires package.json `main`),
 * as a ratio to a bare `node -e ""` measured in the same run, interleaved so that both see the same
 * machine. Each placement of the lazy chunks of infra/bundle.ts (applicationinsights, the ARM SDKs)
 * is measured: `split` (what ships), `inline` and `external` (not deployable: telemetry and ARM reads
 * could not work; shown for comparison). For `split`, the same processes then load each lazy file,
 * as its first use does, and time it.
 *
 *   node --import tsx bench/bundle.ts [--runs 15] [--placements split,inline,external]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { LAZY_CHUNKS, LAZY_PLACEMENTS, type LazyChunk, type LazyPlacement } from '../infra/bundle.js';
import { median } from './stats.js';
import { ms, renderTable, type Table } from './table.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const HOST = join(ROOT, 'test/infra/functions-host.cjs');

export type Placement = LazyPlacement;

export interface BundleBenchOptions {
  /** Fresh processes per measurement (each of the app and of the bare node). */
  runs: number;
  placements: Placement[];
}

export const BUNDLE_DEFAULTS: BundleBenchOptions = { runs: 15, placements: [...LAZY_PLACEMENTS] };

export interface FileSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface BundleFigures {
  placement: Placement;
  /** Every file of the package (index.js, lib/*.js, package.json, host.json, licences). */
  files: FileSize[];
  entry: FileSize;
  packageBytes: number;
  packageGzipBytes: number;
  /** Median wall time of `node functions-host.cjs <package>` (spawn to exit). */
  loadMedianMs: number;
  /** Median wall time of `node -e ""`, measured interleaved with the loads. */
  bareMedianMs: number;
  /** loadMedianMs / bareMedianMs. */
  ratio: number;
  /** Median time of the entry module's require() alone, measured inside the process. */
  requireMedianMs: number;
  /** split only: each lazy file, loaded after the entry module as at its first use (median of `runs`). */
  later: { chunk: LazyChunk; size: FileSize; requireMedianMs: number }[];
  functions: number;
  runs: number;
}

function wall(args: string[], cwd: string): { ms: number; status: number | null; stderr: string } {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME }, encoding: 'utf8' });
  return { ms: performance.now() - started, status: r.status, stderr: r.stderr };
}

function sizes(dir: string, prefix = ''): FileSize[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sizes(full, `${prefix}${name}/`);
    const bytes = readFileSync(full);
    return [{ file: `${prefix}${name}`, bytes: bytes.length, gzipBytes: gzipSync(bytes).length }];
  });
}

/** Bundles the app once per placement (through the real CLI) and measures it. */
export function runBundleBench(options: BundleBenchOptions = BUNDLE_DEFAULTS, progress: (line: string) => void = () => {}): BundleFigures[] {
  const work = mkdtempSync(join(tmpdir(), 'bench-bundle-'));
  try {
    return options.placements.map((placement) => {
      const outDir = join(work, placement);
      progress(`bundle: esbuild (${placement})`);
      const built = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'infra/bundle.ts'), '--out', outDir, '--lazy', placement], { cwd: ROOT, encoding: 'utf8' });
      if (built.status !== 0) throw new Error(`bundling (${placement}) failed: ${built.stderr}`);
      const files = sizes(outDir);
      const loads: number[] = [];
      const bares: number[] = [];
      const requires: number[] = [];
      const chunks = placement === 'split' ? LAZY_CHUNKS : [];
      const later = chunks.map(() => [] as number[]);
      let functions = 0;
      for (let i = 0; i < options.runs; i++) {
        progress(`bundle: ${placement} load ${i + 1}/${options.runs}`);
        bares.push(wall(['-e', ''], work).ms);
        const report = join(work, 'report.json');
        const load = wall([HOST, outDir, report], work);
        if (load.status !== 0) throw new Error(`loading the ${placement} bundle failed: ${readFileSync(report, 'utf8')}`);
        const r = JSON.parse(readFileSync(report, 'utf8')) as { loadMs: number; functions: unknown[] };
        loads.push(load.ms);
        requires.push(r.loadMs);
        if (chunks.length > 0) {
          // Apart from the load above, so that its wall time stays that of a cold start.
          const first = wall([HOST, outDir, report, ...chunks.map((c) => c.file)], work);
          if (first.status !== 0) throw new Error(`loading the lazy files failed: ${readFileSync(report, 'utf8')}`);
          const l = JSON.parse(readFileSync(report, 'utf8')) as { later: { ms: number }[] };
          l.later.forEach((x, j) => later[j]!.push(x.ms));
        }
        functions = r.functions.length;
      }
      const entry = files.find((f) => f.file === 'index.js')!;
      const loadMedianMs = median(loads);
      const bareMedianMs = median(bares);
      return {
        placement,
        files,
        entry,
        packageBytes: files.reduce((a, f) => a + f.bytes, 0),
        packageGzipBytes: files.reduce((a, f) => a + f.gzipBytes, 0),
        loadMedianMs,
        bareMedianMs,
        ratio: loadMedianMs / bareMedianMs,
        requireMedianMs: median(requires),
        later: chunks.map((chunk, j) => ({ chunk, size: files.find((f) => f.file === chunk.file)!, requireMedianMs: median(later[j]!) })),
        functions,
        runs: options.runs,
      };
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

export function bundleTables(figures: BundleFigures[]): Table[] {
  const runs = figures[0]?.runs ?? 0;
  return [
    {
      title: 'Function app bundle: size and cold load in a fresh Node process',
      notes: [
        `median of ${runs} fresh processes each; "bare" is node -e "" measured interleaved in the same run`,
        'load = spawn to exit of a stand-in worker that provides @azure/functions-core and requires package.json main',
        `split (what ships): ${LAZY_CHUNKS.map((c) => `${c.modules.join(' + ')} in ${c.file}, loaded ${c.loadedWhen}`).join('; ')}`,
        'inline: all in index.js; external: none shipped (telemetry and ARM reads could not work in Azure), for comparison only',
      ],
      columns: ['placement', 'index.js', 'gzip', 'package', 'gzip', 'functions', 'require()', 'load', 'bare node', 'ratio'],
      rows: figures.map((f) => [
        f.placement,
        mb(f.entry.bytes),
        mb(f.entry.gzipBytes),
        mb(f.packageBytes),
        mb(f.packageGzipBytes),
        String(f.functions),
        ms(f.requireMedianMs),
        ms(f.loadMedianMs),
        ms(f.bareMedianMs),
        `${f.ratio.toFixed(1)}×`,
      ]),
    },
    ...figures
      .filter((f) => f.later.length > 0)
      .map((f) => ({
        title: 'Lazy files: loaded at first use, not at cold start',
        notes: [`require() of each file in the same fresh process, after the entry module; median of ${f.runs}`],
        columns: ['file', 'holds', 'loaded', 'size', 'gzip', 'require()'],
        rows: f.later.map((l) => [l.chunk.file, l.chunk.modules.join(', '), l.chunk.loadedWhen, mb(l.size.bytes), mb(l.size.gzipBytes), ms(l.requireMedianMs)]),
      })),
  ];
}

/** Runs the benchmark, prints its table and returns the figures. */
export function benchBundle(options: BundleBenchOptions = BUNDLE_DEFAULTS, progress?: (line: string) => void): BundleFigures[] {
  const figures = runBundleBench(options, progress);
  for (const table of bundleTables(figures)) process.stdout.write(`${renderTable(table)}\n`);
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, placements: { type: 'string' } } });
  const runs = values.runs === undefined ? BUNDLE_DEFAULTS.runs : Number(values.runs);
  const placements = (values.placements?.split(',') ?? BUNDLE_DEFAULTS.placements) as Placement[];
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got "${values.runs}"`);
  for (const p of placements) if (!LAZY_PLACEMENTS.includes(p)) throw new Error(`unknown placement "${p}" (${LAZY_PLACEMENTS.join(', ')})`);
  benchBundle({ runs, placements }, (line) => process.stderr.isTTY && process.stderr.write(`\r${line}\u001b[K`));
}
