/** A gate that cannot pass on nothing: an estate without any instance, or an incomplete one, is an input error. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instanceResources, run, tempEstate, type TempEstate } from './fixtures.js';

describe('check of an estate with nothing to check', () => {
  let estates: TempEstate;
  beforeAll(async () => {
    estates = await tempEstate({
      'empty-dir/.keep.json': '[]',
      'not-json/readme.txt': 'hello',
      'not-json/export.csv': 'a,b',
      'array.json': '[]',
      'unrelated/package.json': { name: 'some-app', version: '1.0.0', type: 'module' },
      'web-only.json': [{ id: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Web/sites/app', type: 'Microsoft.Web/sites', location: 'westeurope' }],
      'truncated.json': { count: 1000, total_records: 2400, skip_token: 'ew0KICAiJGlkIjogIjEiDQp9', data: instanceResources({ name: 'apim-paged', octet: 1 }) },
      'truncated-empty.json': { totalRecords: 5, count: 0, data: [], $skipToken: 'ew0K' },
    });
  });
  afterAll(() => estates.cleanup());

  it.each([
    ['an empty directory', 'empty-dir', /estate empty-dir: 0 files, 0 resources: nothing was checked/],
    ['a directory of files that are not JSON', 'not-json', /0 files, 0 resources; 2 files not named \*\.json skipped: nothing was checked/],
    ['an empty array', 'array.json', /estate array\.json: 1 file, 0 resources: nothing was checked/],
    ['an unrelated JSON file', 'unrelated', /1 file, 0 resources; 1 input error above: nothing was checked/],
    ['resources of other types only', 'web-only.json', /resources of other types only \(microsoft\.web\/sites × 1\)/],
    ['an empty page of a larger Resource Graph result', 'truncated-empty.json', /nothing was checked/],
  ])('exits 2 for %s and says what was read', async (_what, path, message) => {
    const r = await run(['check', '--estate', path], { cwd: estates.dir });
    expect(r.stderr).toMatch(/no API Management instance \(Microsoft\.ApiManagement\/service\) in /);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('--allow-empty');
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
  });

  it('exits 0 with --allow-empty', async () => {
    const r = await run(['check', '--estate', 'array.json', '--allow-empty'], { cwd: estates.dir });
    expect(r.stdout).toContain('Summary: 0 instances');
    expect(r.code).toBe(0);
  });

  it('exits 2 for a truncated Resource Graph page even when it holds instances, naming the file and the missing rows', async () => {
    const r = await run(['check', '--estate', 'truncated.json', '--fail-on', 'never'], { cwd: estates.dir });
    expect(r.stderr).toContain('truncated.json: the Resource Graph result is one page of 4 rows out of 2400: the estate is incomplete');
    expect(r.stdout).toContain('apim-paged');
    expect(r.code).toBe(2);
  });
});
