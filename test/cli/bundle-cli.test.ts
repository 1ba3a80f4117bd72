/**
 * The bundled command line (infra/bundle-cli.ts, what `bin` and `npm start` run): built here as
 * `npm run build` builds it, then run as child processes; each command answers exactly as main() from
 * the sources does, including the parts loaded on demand (check, preflight, rules, --alerts-dir with
 * nodemailer from node_modules).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli } from '../../infra/bundle-cli.js';
import { main, type CliIo } from '../../src/cli/program.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Two levels below the root, as dist/cli is: the bundle finds package.json (its version) the same way.
const OUT = `dist/cli-test-${process.pid}`;
let entry: string;
let work: string;

beforeAll(async () => {
  entry = await bundleCli(OUT);
  work = mkdtempSync(join(tmpdir(), 'bundle-cli-'));
}, 120_000);
afterAll(() => {
  rmSync(join(ROOT, OUT), { recursive: true, force: true });
  if (work) rmSync(work, { recursive: true, force: true });
});

async function bundled(argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [entry, ...argv], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
    return { status: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code?: number; stdout: string; stderr: string };
    return { status: failed.code ?? -1, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function fromSource(argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env: { NO_COLOR: '1' }, cwd: ROOT };
  const status = await main(argv, io);
  return { status, stdout, stderr };
}

describe('the bundled CLI answers as the sources do', () => {
  const cases: Array<[string, string[]]> = [
    ['--help', ['--help']],
    ['check --help', ['check', '--help']],
    ['--version', ['--version']],
    ['rules --format json', ['rules', '--format', 'json']],
    ['check of the sample, JSON', ['check', '--estate', 'examples/estate', '--format', 'json']],
    ['check of one instance, text', ['check', '--estate', 'examples/estate', '--instance', 'apim-contoso-int-weu']],
    ['preflight of a what-if', ['preflight', '--change', 'test/fixtures/preflight/whatif-rest-delete-3443-rule.json', '--estate', 'examples/estate', '--format', 'json']],
    ['a usage error', ['check', '--estate', 'no/such/dir']],
  ];
  it.each(cases)('%s', async (_, argv) => {
    const [a, b] = await Promise.all([bundled(argv), fromSource(argv)]);
    expect(a).toEqual(b);
  });

  it('--alerts-dir writes the same previews (nodemailer loaded from node_modules)', async () => {
    const dir = join(work, 'alerts');
    const r = await bundled(['check', '--estate', 'examples/estate', '--fail-on', 'never', '--alerts-dir', dir]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/Alert previews: 24 files for 6 instances/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.eml'))).toHaveLength(6);
  });
});
