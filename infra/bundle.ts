/**
 * The lean package of the function app: functions/index.ts and everything it imports bundled by
 * esbuild into one CommonJS file, with a package.json that declares no dependencies, so the deployed
 * package holds only what runs and a cold start reads one file instead of thousands.
 *
 *   npm run bundle   → dist/functionapp/{index.js, lib/applicationinsights.js, package.json, host.json}
 *   node --import tsx infra/bundle.ts --out <dir> [--app-insights split|inline|external] [--sourcemap] [--no-minify]
 *
 * `@azure/functions-core` stays external: it is not a package but a module the Functions worker
 * provides at run time. applicationinsights (with OpenTelemetry, ~200 MB in node_modules) is only
 * loaded when telemetry starts (src/telemetry): by default it is bundled on its own into
 * lib/applicationinsights.js, so the entry module stays small and cold starts do not compile it.
 * azure.yaml runs this before azd packages the service.
 */
import { build, type Message, type Metafile } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Where applicationinsights goes: `split` (its own bundle, loaded on first use), `inline` (in
 * index.js), `external` (not shipped: telemetry cannot start in Azure; for measurements only).
 */
export type AppInsightsPlacement = 'split' | 'inline' | 'external';

export interface BundleOptions {
  /** Where the package is written; emptied first. Default `dist/functionapp`. */
  outDir?: string;
  appInsights?: AppInsightsPlacement;
  minify?: boolean;
  /** Write `index.js.map` next to the bundle (external source map, not shipped unless present). */
  sourcemap?: boolean;
}

export interface BundleResult {
  outDir: string;
  /** The entry module of the package (`main` of its package.json). */
  entryFile: string;
  /** Size of the entry module. */
  bytes: number;
  /** The applicationinsights bundle when split, with its size. */
  appInsightsFile?: string;
  appInsightsBytes?: number;
  /** Input files esbuild bundled (all bundles). */
  inputs: number;
  external: string[];
  warnings: string[];
  metafile: Metafile;
}

/** Where `npm run bundle` writes the package; azure.yaml's `dist` points here. */
export const DEFAULT_OUT_DIR = 'dist/functionapp';

/** Modules the Functions worker provides: never bundled, never shipped. */
export const WORKER_PROVIDED = ['@azure/functions-core'];

/** Where the split applicationinsights bundle lives, relative to the entry module. */
export const APP_INSIGHTS_CHUNK = 'lib/applicationinsights.js';

const COMMON = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // ES modules among the dependencies (e.g. @azure/storage-common) call createRequire(import.meta.url),
  // which CommonJS output leaves empty: point it at the bundle file itself.
  banner: { js: 'var __bundleImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  define: { 'import.meta.url': '__bundleImportMetaUrl' },
  // Keep class and function names: stack traces in Application Insights stay readable.
  keepNames: true,
  legalComments: 'linked',
  metafile: true,
  logLevel: 'silent',
} as const;

export async function bundleFunctionApp(options: BundleOptions = {}): Promise<BundleResult> {
  const outDir = resolve(ROOT, options.outDir ?? DEFAULT_OUT_DIR);
  const placement = options.appInsights ?? 'split';
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const entryFile = join(outDir, 'index.js');
  const minify = options.minify ?? true;
  const sourcemap = options.sourcemap ? ('external' as const) : false;
  const external = [...WORKER_PROVIDED, ...(placement === 'external' ? ['applicationinsights'] : [])];
  const main = await build({
    ...COMMON,
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, 'functions/index.ts')],
    outfile: entryFile,
    external,
    minify,
    sourcemap,
    // `await import('applicationinsights')` must become a require() that the split file answers.
    supported: { 'dynamic-import': false },
    plugins:
      placement === 'split'
        ? [{ name: 'split-app-insights', setup: (b) => b.onResolve({ filter: /^applicationinsights$/ }, () => ({ path: `./${APP_INSIGHTS_CHUNK}`, external: true })) }]
        : [],
  });
  const result: BundleResult = {
    outDir,
    entryFile,
    bytes: statSync(entryFile).size,
    inputs: Object.keys(main.metafile.inputs).length,
    external,
    warnings: main.warnings.map(warning),
    metafile: main.metafile,
  };
  if (placement === 'split') {
    const appInsightsFile = join(outDir, APP_INSIGHTS_CHUNK);
    const ai = await build({
      ...COMMON,
      absWorkingDir: ROOT,
      entryPoints: [createRequire(join(ROOT, 'package.json')).resolve('applicationinsights')],
      outfile: appInsightsFile,
      external: WORKER_PROVIDED,
      minify,
      sourcemap,
    });
    result.appInsightsFile = appInsightsFile;
    result.appInsightsBytes = statSync(appInsightsFile).size;
    result.inputs += Object.keys(ai.metafile.inputs).length;
    result.warnings.push(...ai.warnings.map(warning));
  }
  // No dependencies: nothing is installed next to the bundle, so nothing else ships.
  writeFileSync(join(outDir, 'package.json'), `${JSON.stringify({ name: 'apim-vnet-guard-functionapp', private: true, main: 'index.js' }, null, 2)}\n`);
  copyFileSync(join(ROOT, 'host.json'), join(outDir, 'host.json'));
  return result;
}

const warning = (w: Message) => `${w.location ? `${w.location.file}:${w.location.line}: ` : ''}${w.text}`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      'app-insights': { type: 'string' },
      sourcemap: { type: 'boolean' },
      'no-minify': { type: 'boolean' },
    },
  });
  const appInsights = values['app-insights'] ?? 'split';
  if (!['split', 'inline', 'external'].includes(appInsights)) throw new Error(`--app-insights must be split, inline or external, got "${appInsights}"`);
  const r = await bundleFunctionApp({
    ...(values.out ? { outDir: values.out } : {}),
    appInsights: appInsights as AppInsightsPlacement,
    sourcemap: values.sourcemap ?? false,
    minify: !values['no-minify'],
  });
  for (const w of r.warnings) process.stderr.write(`bundle: warning: ${w}\n`);
  const ai = r.appInsightsFile ? `, ${r.appInsightsFile} (${(r.appInsightsBytes! / 1e6).toFixed(2)} MB, loaded when telemetry starts)` : '';
  process.stdout.write(`bundle: ${r.entryFile} (${(r.bytes / 1e6).toFixed(2)} MB)${ai}; ${r.inputs} input files; external: ${r.external.join(', ')}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((e: unknown) => {
    process.stderr.write(`bundle: ${(e as Error).message}\n`);
    process.exitCode = 1;
  });
}
