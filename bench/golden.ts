/**
 * Byte-for-byte guard for performance work: runs `check` as a whole process (stdout, stderr and exit
 * status) on the sample estate, every estate fixture, and synthetic estates of 300, 1,000 and 10,000
 * instances (shared NSGs and one NSG per subnet), in json, text and sarif, and either records the
 * outputs or compares them with a recording made by an earlier build.
 *
 *   node --import tsx bench/golden.ts record /tmp/golden [--cli dist/src/cli/main.js] [--sizes 300,1000,10000]
 *   node --import tsx bench/golden.ts compare /tmp/golden [--cli ...] [--sizes ...]
 *
 * Record with the build before a change (e.g. a copy of main's dist), compare with the build after it.
 * Large estates (over 1,000 instances) run in json only unless --all-formats is given.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { syntheticFile, VARIANTS } from './check.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Case {
  name: string;
  args: string[];
}

const FORMATS = ['json', 'text', 'sarif'] as const;

function cases(sizes: number[], allFormats: boolean): Case[] {
  const out: Case[] = [];
  const add = (name: string, args: string[], formats: readonly string[] = FORMATS) => {
    for (const format of formats) out.push({ name: `${name}.${format}`, args: ['check', ...args, '--format', format, '--fail-on', 'never'] });
  };
  const sample = join(ROOT, 'examples/estate');
  add('sample', ['--estate', sample]);
  add('sample-service-tags', ['--estate', sample, '--service-tags', join(ROOT, 'examples/service-tags.json')]);
  add('sample-instance', ['--estate', sample, '--instance', 'apim-contoso-int-weu']);
  add('sample-fail-on', ['--estate', sample], ['json']);
  out.push({ name: 'sample-default-fail-on.text', args: ['check', '--estate', sample] });
  for (const file of readdirSync(sample).sort()) add(`sample-file-${file}`, ['--estate', join(sample, file), '--allow-empty']);
  const fixtures = join(ROOT, 'test/fixtures/estates');
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((e) => (e.isDirectory() ? [join(dir, e.name), ...walk(join(dir, e.name))] : e.name.endsWith('.json') ? [join(dir, e.name)] : []));
  for (const path of [fixtures, ...walk(fixtures)]) {
    const name = `fixture-${relative(fixtures, path).replaceAll('/', '_') || 'all'}`;
    add(name, ['--estate', path, '--allow-empty']);
    add(`${name}-service-tags`, ['--estate', path, '--allow-empty', '--service-tags', join(ROOT, 'test/fixtures/service-tags/ServiceTags_Public.json')], ['json']);
  }
  for (const instances of sizes) {
    for (const variant of VARIANTS) {
      const file = syntheticFile(instances, variant);
      add(`synthetic-${instances}-share${variant.share}`, ['--estate', file.path], instances > 1_000 && !allFormats ? ['json'] : FORMATS);
    }
  }
  return out;
}

function run(cli: string, c: Case): string {
  const r = spawnSync(process.execPath, [cli, ...c.args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  // Paths of the estate appear in messages: make them independent of the checkout.
  const local = (s: string) => s.replaceAll(ROOT, '<root>');
  return `status ${r.status}\n--- stdout\n${local(r.stdout)}\n--- stderr\n${local(r.stderr)}`;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { cli: { type: 'string' }, sizes: { type: 'string' }, 'all-formats': { type: 'boolean' }, only: { type: 'string' } },
  });
  const [mode, dir] = positionals;
  if ((mode !== 'record' && mode !== 'compare') || dir === undefined) throw new Error('usage: golden.ts record|compare <dir> [--cli path] [--sizes 300,1000,10000] [--all-formats] [--only substring]');
  const cli = resolve(values.cli ?? join(ROOT, 'dist/src/cli/main.js'));
  const sizes = (values.sizes ?? '300,1000,10000').split(',').filter(Boolean).map(Number);
  mkdirSync(dir, { recursive: true });
  let differ = 0;
  for (const c of cases(sizes, values['all-formats'] === true)) {
    if (values.only !== undefined && !c.name.includes(values.only)) continue;
    const started = performance.now();
    const output = run(cli, c);
    const path = join(dir, `${c.name}.out`);
    const took = `${((performance.now() - started) / 1000).toFixed(1)} s`;
    if (mode === 'record') {
      writeFileSync(path, output);
      process.stdout.write(`recorded ${c.name} (${output.length} bytes, ${took})\n`);
    } else if (!existsSync(path)) {
      differ++;
      process.stdout.write(`MISSING  ${c.name}: no recording\n`);
    } else if (readFileSync(path, 'utf8') !== output) {
      differ++;
      writeFileSync(`${path}.new`, output);
      process.stdout.write(`DIFFERS  ${c.name}: diff ${path} ${path}.new\n`);
    } else {
      process.stdout.write(`same     ${c.name} (${took})\n`);
    }
  }
  if (mode === 'compare') {
    process.stdout.write(differ === 0 ? 'all identical\n' : `${differ} differ\n`);
    process.exitCode = differ === 0 ? 0 : 1;
  }
}

await main();
