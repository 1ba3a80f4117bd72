/**
 * The command line as users start it (package.json `bin`, `npm start`): src/cli/main.ts bundled by
 * esbuild into dist/cli/, an ES module entry plus the chunks its dynamic imports load (check, preflight,
 * the alert previews, live Azure), so that Node resolves and compiles a few files instead of hundreds:
 * start-up was mostly ES module loading (issue 15). The Azure SDKs and nodemailer stay packages in
 * node_modules, loaded as before when a live read or --alerts-dir needs them.
 *
 *   node --import tsx infra/bundle-cli.ts [--out dist/cli]    (part of `npm run build`)
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where `npm run build` writes the CLI; `bin` points at its main.js. */
export const CLI_OUT_DIR = 'dist/cli';

/** Packages left to node_modules: the Azure SDKs (live reads only) and nodemailer (--alerts-dir only). */
export const CLI_EXTERNAL = ['@azure/*', 'nodemailer'];

/** Bundles the CLI into `outDir` (emptied first); returns the entry file. */
export async function bundleCli(outDir = CLI_OUT_DIR): Promise<string> {
  const out = resolve(ROOT, outDir);
  rmSync(out, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { main: 'src/cli/main.ts' },
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: CLI_EXTERNAL,
    // CommonJS dependencies (commander) call require() for Node's own modules: give the ES module one.
    banner: { js: "import { createRequire as __cliCreateRequire } from 'node:module'; const require = __cliCreateRequire(import.meta.url);" },
    minify: true,
    keepNames: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  if (result.errors.length > 0) throw new Error(`esbuild: ${result.errors.map((e) => e.text).join('; ')}`);
  return join(out, 'main.js');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const entry = await bundleCli(values.out ?? CLI_OUT_DIR);
  process.stdout.write(`CLI bundled: ${entry}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
