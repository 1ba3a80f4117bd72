/** The one test of the real executable: a child process, as a user or CI runs it. */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('the apim-vnet-guard executable', () => {
  it('checks the sample estate like `npm start`: report on stdout, exit 0 with --fail-on never', () => {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'check', '--estate', 'examples/estate', '--format', 'json', '--fail-on', 'never'],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 },
    );
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const report = JSON.parse(child.stdout);
    expect(report.summary.instances).toBe(9);
  });

  it('exits with the status main() returns (1 when something breaks)', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'check', '--estate', 'examples/estate'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.status).toBe(1);
    expect(child.stdout).toContain('Summary: 9 instances');
  });

  it('ends quietly with the check\'s own status when the reader of stdout goes away (`| head`)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'check', '--estate', 'examples/estate'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // as `head` does once it has its lines
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const status = await new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    expect(stderr).toBe('');
    expect(status).toBe(1);
  });
});
