/**
 * The lean package of the function app: functions/index.ts and everything it imports bundled by
 * esbuild into one CommonJS file, with a package.json that declares no dependencies, so the deployed
 * package holds only what runs and a cold start reads one file instead of thousands.
 *
 *   npm run bundle   → dist/functionapp/{index.js, lib/applicationinsights.js, lib/arm-sdk.js, package.json, host.json}
 *   node --import tsx infra/bundle.ts --out <dir> [--lazy split|inline|external] [--sourcemap] [--no-minify]
 *
 * `@azure/functions-core` stays external: it is not a package but a module the Functions worker
 * provides at run time. Packages that are big and needed only later (LAZY_CHUNKS) are bundled on
 * their own into lib/, so the entry module stays small and a cold start does not compile them:
 * applicationinsights (with OpenTelemetry) when telemetry starts, the two ARM SDKs on the first ARM
 * read. In src they are loaded only with `await import('<package>')`; in index.js that import
 * becomes a require of their file. azure.yaml runs this before azd packages the service.
 */
import { build, type Message, type Metafile, type Plugin } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Packages bundled into a file of their own under lib/, loaded on first use. */
export interface LazyChunk {
  /** Relative to the entry module. */
  file: string;
  /** The packages it holds. The file exports each by its name: `require(file)['@azure/arm-network']`. */
  modules: readonly string[];
  /** When the app first needs it (for messages): "when telemetry starts". */
  loadedWhen: string;
}

export const APP_INSIGHTS_CHUNK: LazyChunk = {
  file: 'lib/applicationinsights.js',
  modules: ['applicationinsights'],
  loadedWhen: 'when telemetry starts',
};

/**
 * Both SDKs in one file: they share their core libraries. Reads by id are plain REST
 * (src/sources/arm/arm-rest.ts); the SDKs serve the ARM lists (fallbacks), networkstatus and service tags.
 */
export const ARM_SDK_CHUNK: LazyChunk = {
  file: 'lib/arm-sdk.js',
  modules: ['@azure/arm-network', '@azure/arm-apimanagement'],
  loadedWhen: 'on the first ARM list or networkstatus read',
};

export const LAZY_CHUNKS: readonly LazyChunk[] = [APP_INSIGHTS_CHUNK, ARM_SDK_CHUNK];

/**
 * Where the LAZY_CHUNKS go: `split` (each in its own file, loaded on first use: what ships), `inline`
 * (in index.js), `external` (not shipped: telemetry and ARM reads cannot work; for measurements only).
 */
export type LazyPlacement = 'split' | 'inline' | 'external';
export const LAZY_PLACEMENTS: readonly LazyPlacement[] = ['split', 'inline', 'external'];

export interface BundleOptions {
  /** Where the package is written; emptied first. Default `dist/functionapp`. */
  outDir?: string;
  /** The module bundled, relative to the project root. Default `functions/index.ts` (tests bundle others the same way). */
  entry?: string;
  lazy?: LazyPlacement;
  minify?: boolean;
  /** Write `.map` files next to the bundles (external source maps, not shipped unless present). */
  sourcemap?: boolean;
}

export interface BundledFile {
  /** Absolute path. */
  file: string;
  bytes: number;
}

export interface BundleResult {
  outDir: string;
  /** The entry module of the package (`main` of its package.json). */
  entryFile: string;
  /** Size of the entry module. */
  bytes: number;
  /** The lazy chunks written (when split), in LAZY_CHUNKS order. */
  chunks: (BundledFile & { chunk: LazyChunk })[];
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

const COMMON = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  absWorkingDir: ROOT,
  external: WORKER_PROVIDED,
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

const LAZY_NAMESPACE = 'lazy-chunk';
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * In the entry bundle, each module of a lazy chunk becomes a stub `module.exports =
 * require("./lib/<chunk>.js")["<module>"]`. esbuild runs a bundled CommonJS module when it is first
 * required, and (dynamic imports being marked unsupported) `await import('<module>')` requires it
 * then: so the chunk is read at the first import, not at load. Any other import of such a module
 * (a static one would load the chunk at cold start) fails the build.
 */
function lazyStubs(chunks: readonly LazyChunk[]): Plugin {
  const chunkOf = new Map(chunks.flatMap((c) => c.modules.map((m) => [m, c] as const)));
  return {
    name: 'lazy-chunks',
    setup(b) {
      if (chunkOf.size === 0) return;
      b.onResolve({ filter: new RegExp(`^(${[...chunkOf.keys()].map(escapeRegExp).join('|')})$`) }, (args) => {
        if (args.namespace === LAZY_NAMESPACE) return undefined;
        const chunk = chunkOf.get(args.path)!;
        if (args.kind !== 'dynamic-import') {
          return {
            errors: [
              {
                text: `${args.path} is loaded on first use from ${chunk.file}: import it with \`await import('${args.path}')\` (and \`import type\` for types), not statically (${args.kind})`,
              },
            ],
          };
        }
        return { path: args.path, namespace: LAZY_NAMESPACE };
      });
      b.onResolve({ filter: /.*/, namespace: LAZY_NAMESPACE }, (args) => ({ path: args.path, external: true }));
      b.onLoad({ filter: /.*/, namespace: LAZY_NAMESPACE }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(`./${chunkOf.get(args.path)!.file}`)})[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    },
  };
}

/**
 * A chunk's own entry: its modules by name. ES imports, not require(): esbuild then takes the
 * packages' ES builds, scope-hoists and tree-shakes them (the ARM SDKs: 2.2 MB instead of 2.9 MB
 * through their CommonJS builds, and half the time to load).
 */
const chunkEntry = (chunk: LazyChunk) =>
  chunk.modules.map((m, i) => `import * as m${i} from ${JSON.stringify(m)};\nexport { m${i} as ${JSON.stringify(m)} };`).join('\n');

export async function bundleFunctionApp(options: BundleOptions = {}): Promise<BundleResult> {
  const outDir = resolve(ROOT, options.outDir ?? DEFAULT_OUT_DIR);
  const placement = options.lazy ?? 'split';
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const entryFile = join(outDir, 'index.js');
  const minify = options.minify ?? true;
  const sourcemap = options.sourcemap ? ('external' as const) : false;
  const lazyModules = LAZY_CHUNKS.flatMap((c) => c.modules);
  const external = [...WORKER_PROVIDED, ...(placement === 'external' ? lazyModules : [])];
  const split = placement === 'split' ? LAZY_CHUNKS : [];
  const [main, ...chunks] = await Promise.all([
    build({
      ...COMMON,
      entryPoints: [resolve(ROOT, options.entry ?? 'functions/index.ts')],
      outfile: entryFile,
      external,
      minify,
      sourcemap,
      // `await import('<module>')` must become a require() that the stub answers (see lazyStubs).
      supported: { 'dynamic-import': false },
      plugins: [lazyStubs(split)],
    }),
    ...split.map((chunk) =>
      build({
        ...COMMON,
        stdin: { contents: chunkEntry(chunk), resolveDir: ROOT, sourcefile: `${chunk.file}.entry.js`, loader: 'js' },
        outfile: join(outDir, chunk.file),
        minify,
        sourcemap,
      }),
    ),
  ]);
  const result: BundleResult = {
    outDir,
    entryFile,
    bytes: statSync(entryFile).size,
    chunks: split.map((chunk) => ({ chunk, file: join(outDir, chunk.file), bytes: statSync(join(outDir, chunk.file)).size })),
    inputs: [main!, ...chunks].reduce((n, r) => n + Object.keys(r.metafile.inputs).length, 0),
    external,
    warnings: [main!, ...chunks].flatMap((r) => r.warnings.map(warning)),
    metafile: main!.metafile,
  };
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
      lazy: { type: 'string' },
      sourcemap: { type: 'boolean' },
      'no-minify': { type: 'boolean' },
    },
  });
  const lazy = values.lazy ?? 'split';
  if (!(LAZY_PLACEMENTS as readonly string[]).includes(lazy)) throw new Error(`--lazy must be ${LAZY_PLACEMENTS.join(', ')}, got "${lazy}"`);
  const r = await bundleFunctionApp({
    ...(values.out ? { outDir: values.out } : {}),
    lazy: lazy as LazyPlacement,
    sourcemap: values.sourcemap ?? false,
    minify: !values['no-minify'],
  });
  for (const w of r.warnings) process.stderr.write(`bundle: warning: ${w}\n`);
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
  const lazyFiles = r.chunks.map((c) => `, ${c.file} (${mb(c.bytes)}, loaded ${c.chunk.loadedWhen})`).join('');
  process.stdout.write(`bundle: ${r.entryFile} (${mb(r.bytes)})${lazyFiles}; ${r.inputs} input files; external: ${r.external.join(', ')}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((e: unknown) => {
    process.stderr.write(`bundle: ${(e as Error).message}\n`);
    process.exitCode = 1;
  });
}
