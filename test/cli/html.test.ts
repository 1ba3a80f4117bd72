/** `check --format html` and `--html FILE`: the page on stdout or in a file, its path printed, beside any other format. */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instanceResources, run, tempEstate, type TempEstate } from './fixtures.js';

describe('apim-vnet-guard check, HTML', () => {
  let estate: TempEstate;
  beforeAll(async () => {
    estate = await tempEstate({ 'estate.json': [...instanceResources({ name: 'apim-healthy', octet: 1 }), ...instanceResources({ name: 'apim-basic-ip', octet: 2, basicPublicIp: true })] });
  });
  afterAll(async () => estate.cleanup());

  it('--format html writes one self-contained page to stdout, failures first', async () => {
    const r = await run(['check', '--estate', estate.dir, '--format', 'html']);
    expect(r.code).toBe(1);
    expect(r.stdout.startsWith('<!doctype html>')).toBe(true);
    expect(r.stdout).toContain('<meta http-equiv="Content-Security-Policy"');
    expect(r.stdout.indexOf('apim-basic-ip</h2>')).toBeLessThan(r.stdout.indexOf('apim-healthy</h2>'));
    expect(r.stdout).toContain('PIP_SKU_STANDARD');
  });

  it('--html FILE writes the page beside the text report and prints its absolute path', async () => {
    const r = await run(['check', '--estate', estate.dir, '--html', 'report.html', '--fail-on', 'never'], { cwd: estate.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✖ FAIL  apim-basic-ip');
    expect(r.stderr).toContain(`HTML report: ${estate.path('report.html')}`);
    expect(await readFile(estate.path('report.html'), 'utf8')).toContain('apim-basic-ip');
  });

  it('names an --html file it cannot write (exit 2)', async () => {
    const r = await run(['check', '--estate', estate.dir, '--html', estate.path('estate.json/x.html')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write --html .*x\.html/);
  });
});
