/** Where the report goes: `--output -` is stdout, and a report never overwrites the estate it reads. */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instanceResources, run, tempEstate, type TempEstate } from './fixtures.js';

describe('check --output', () => {
  let estate: TempEstate;
  beforeAll(async () => {
    estate = await tempEstate({ 'estate/apim.json': instanceResources({ name: 'apim-out', octet: 1 }) });
  });
  afterAll(() => estate.cleanup());

  it('writes to stdout for -, and no file named -', async () => {
    const r = await run(['check', '--estate', 'estate', '--format', 'json', '--output', '-'], { cwd: estate.dir });
    expect(JSON.parse(r.stdout).summary.instances).toBe(1);
    expect(existsSync(estate.path('-'))).toBe(false);
    expect(r.code).toBe(0);
  });

  it('refuses to overwrite a file of the estate being read (exit 2), which stays as it was', async () => {
    const before = readFileSync(estate.path('estate/apim.json'), 'utf8');
    const r = await run(['check', '--estate', 'estate', '--format', 'json', '--output', 'estate/apim.json'], { cwd: estate.dir });
    expect(r.stderr).toContain('--output estate/apim.json is a file of the estate being read');
    expect(r.code).toBe(2);
    expect(readFileSync(estate.path('estate/apim.json'), 'utf8')).toBe(before);
  });
});

describe('check progress', () => {
  it('counts the instances evaluated on a terminal, in one line rewritten in place, and stays silent otherwise', async () => {
    const { main } = await import('../../src/cli/program.js');
    const e = await tempEstate({ 'a.json': instanceResources({ name: 'apim-a', octet: 1 }), 'b.json': instanceResources({ name: 'apim-b', octet: 2 }) });
    try {
      let stderr = '';
      const io = { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s), isTTY: true }, env: {}, cwd: e.dir };
      await main(['check', '--estate', '.'], io);
      expect(stderr).toContain('\rEvaluated 1 of 2 instances\rEvaluated 2 of 2 instances\n');
      const quiet = await run(['check', '--estate', '.'], { cwd: e.dir });
      expect(quiet.stderr).toBe('');
    } finally {
      await e.cleanup();
    }
  });
});
