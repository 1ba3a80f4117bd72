import { mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInputError } from '../../src/arm/arm-resource.js';
import { loadEstateFromPath, MAX_FILE_BYTES, parseEstateDocument, resourcesOfDocument } from '../../src/sources/estate-file.js';
import { firstErrorOffset, jsonErrorPosition } from '../../src/sources/json-position.js';

const ESTATES = join(import.meta.dirname, '../fixtures/estates');
const CONTOSO = join(ESTATES, 'contoso');

describe('loadEstateFromPath: a directory', () => {
  it('reads *.json recursively in sorted order, skipping dot-directories and other files', async () => {
    const loaded = await loadEstateFromPath(CONTOSO);
    expect(loaded.errors).toEqual([]);
    expect(loaded.files).toEqual([
      join(CONTOSO, 'apim.json'),
      join(CONTOSO, 'network/neu/resource-graph.json'),
      join(CONTOSO, 'network/storage-account.json'),
      join(CONTOSO, 'network/weu-snet-apim.json'),
      join(CONTOSO, 'network/weu.json'),
    ]);
  });

  it('locates every resource by file and path: ARM list, Resource Graph rows, single objects, arrays', async () => {
    const loaded = await loadEstateFromPath(CONTOSO);
    const where = loaded.resources.map((r) => `${r.origin.file.slice(CONTOSO.length + 1)}${r.origin.path ? ` ${r.origin.path}` : ''}`);
    expect(where).toEqual([
      'apim.json value[0]',
      'apim.json value[1]',
      'network/neu/resource-graph.json data[0]',
      'network/neu/resource-graph.json data[1]',
      'network/neu/resource-graph.json data[2]',
      'network/neu/resource-graph.json data[3]',
      'network/storage-account.json',
      'network/weu-snet-apim.json',
      'network/weu.json [0]',
      'network/weu.json [1]',
      'network/weu.json [2]',
      'network/weu.json [3]',
    ]);
    expect((loaded.resources[1]!.resource as { name: string }).name).toBe('apim-contoso-dev');
    // Resource Graph columns come through untouched; the normalizer ignores them.
    expect(loaded.resources[2]!.resource).toMatchObject({ type: 'microsoft.network/virtualnetworks', resourceGroup: 'rg-net-neu' });
  });

  it('reads a single file', async () => {
    const loaded = await loadEstateFromPath(join(ESTATES, 'single-apim.json'));
    expect(loaded).toEqual({
      files: [join(ESTATES, 'single-apim.json')],
      skipped: 0,
      errors: [],
      resources: [{ resource: expect.objectContaining({ name: 'apim-contoso-test' }), origin: { file: join(ESTATES, 'single-apim.json'), line: 1, column: 1 } }],
    });
  });

  it('reports a file that is not JSON with its line, column and position, and keeps the other files', async () => {
    const loaded = await loadEstateFromPath(join(ESTATES, 'malformed'));
    expect(loaded.files.map((f) => f.slice(ESTATES.length + 1))).toEqual(['malformed/bad-resources.json', 'malformed/not-json.json']);
    expect(loaded.resources).toHaveLength(9);
    expect(loaded.errors).toHaveLength(1);
    const [error] = loaded.errors;
    expect(error!.origin).toEqual({ file: join(ESTATES, 'malformed/not-json.json') });
    // The trailing comma after "location" makes the `}` on line 6 (column 3) the first bad character.
    expect(error!.message).toMatch(/^not valid JSON at line 6 column 3 \(position \d+\): unexpected "}"$/);
    expect(formatInputError(error!)).toContain('malformed/not-json.json: not valid JSON at line 6 column 3');
  });

  it('throws when the path itself does not exist: there is no estate to read', async () => {
    await expect(loadEstateFromPath(join(ESTATES, 'no-such-estate'))).rejects.toThrow(/ENOENT/);
  });

  describe('with files written for the test', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'estate-file-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('skips a UTF-8 byte-order mark', async () => {
      const file = join(dir, 'bom.json');
      await writeFile(file, `\ufeff[{"id":"x","type":"Microsoft.Storage/storageAccounts"}]`, 'utf8');
      const loaded = await loadEstateFromPath(file);
      expect(loaded.errors).toEqual([]);
      expect(loaded.resources).toHaveLength(1);
    });

    it('reads UTF-16 with a byte-order mark (what Windows PowerShell 5.1 `>` writes)', async () => {
      const json = '[{"id":"x","type":"Microsoft.Storage/storageAccounts"}]';
      const le = join(dir, 'utf16le.json');
      await writeFile(le, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]));
      const be = join(dir, 'utf16be.json');
      await writeFile(be, Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(json, 'utf16le').swap16()]));
      for (const file of [le, be]) {
        const loaded = await loadEstateFromPath(file);
        expect(loaded.errors).toEqual([]);
        expect(loaded.resources).toHaveLength(1);
      }
    });

    it('says that a file without a byte-order mark looks like UTF-16', async () => {
      const file = join(dir, 'utf16-nobom.json');
      await writeFile(file, Buffer.from('[{"id":"x"}]', 'utf16le'));
      const loaded = await loadEstateFromPath(file);
      expect(loaded.errors[0]!.message).toMatch(/looks like UTF-16 without a byte-order mark: save it as UTF-8/);
    });

    it('refuses a file over 512 MB with what to do, without reading it', async () => {
      const file = join(dir, 'huge.json');
      await writeFile(file, '');
      await truncate(file, MAX_FILE_BYTES + 1); // sparse: nothing is written
      const loaded = await loadEstateFromPath(file);
      expect(loaded.errors).toHaveLength(1);
      expect(loaded.errors[0]!.message).toMatch(/the file is 512 MB; one JSON document can be at most 512 MB: split the export/);
    });

    it('follows symlinked directories, once, and names a broken link', async () => {
      const root = await mkdtemp(join(dir, 'links-'));
      const real = await mkdtemp(join(dir, 'real-'));
      await writeFile(join(real, 'r.json'), '[{"id":"x","type":"Microsoft.Storage/storageAccounts"}]');
      await symlink(real, join(root, 'linked'));
      await symlink(root, join(root, 'loop'));
      await symlink(join(dir, 'nothing-here'), join(root, 'broken.json'));
      await writeFile(join(root, 'notes.txt'), 'not an estate');
      const loaded = await loadEstateFromPath(root);
      expect(loaded.files).toEqual([join(root, 'linked', 'r.json')]);
      expect(loaded.resources).toHaveLength(1);
      expect(loaded.skipped).toBe(1);
      expect(loaded.errors.map(formatInputError)).toEqual([`${join(root, 'broken.json')}: the symbolic link points to nothing`]);
    });

    it('reports an empty file', async () => {
      const file = join(dir, 'empty.json');
      await writeFile(file, '', 'utf8');
      const loaded = await loadEstateFromPath(file);
      expect(loaded.errors[0]!.message).toMatch(/^not valid JSON at line 1 column 1 \(position 0\)/);
    });

    it('treats an empty directory as an empty estate', async () => {
      const empty = await mkdtemp(join(dir, 'empty-'));
      expect(await loadEstateFromPath(empty)).toEqual({ resources: [], errors: [], files: [], skipped: 0 });
    });
  });
});

describe('resourcesOfDocument: the shapes of a file', () => {
  it('an array, an ARM list, a Resource Graph result, one resource', () => {
    const r = { id: 'a', type: 't' };
    expect(resourcesOfDocument([r, r], 'f').resources.map((x) => x.origin.path)).toEqual(['[0]', '[1]']);
    expect(resourcesOfDocument({ value: [r] }, 'f').resources.map((x) => x.origin.path)).toEqual(['value[0]']);
    expect(resourcesOfDocument({ totalRecords: 1, count: 1, data: [r], facets: [], resultTruncated: 'false' }, 'f').resources.map((x) => x.origin.path)).toEqual(['data[0]']);
    expect(resourcesOfDocument(r, 'f')).toEqual({ resources: [{ resource: r, origin: { file: 'f' } }], errors: [] });
  });

  it('a resource that has a property named value or data is still one resource', () => {
    const r = { id: 'a', type: 'Microsoft.Web/sites', value: 1, data: 2 };
    expect(resourcesOfDocument(r, 'f').resources).toEqual([{ resource: r, origin: { file: 'f' } }]);
  });

  it('follows no nextLink and says the estate may be incomplete', () => {
    const out = resourcesOfDocument({ value: [{ id: 'a' }], nextLink: 'https://management.azure.com/next?page=2' }, 'f');
    expect(out.resources).toHaveLength(1);
    expect(out.errors).toEqual([{ origin: { file: 'f', path: 'nextLink' }, message: expect.stringContaining('only this page was read') }]);
  });

  it('says when a Resource Graph result is truncated', () => {
    const out = resourcesOfDocument({ data: [], resultTruncated: 'true' }, 'f');
    expect(out.errors[0]).toMatchObject({ origin: { path: 'resultTruncated' }, message: expect.stringContaining('truncated') });
  });

  it.each([
    ['az graph query (skip_token, total_records)', { count: 1, data: [{ id: 'a' }], skip_token: 'ew0K', total_records: 1500 }, /one page of 1 rows out of 1500/],
    ['the REST API ($skipToken, totalRecords)', { count: 1, data: [{ id: 'a' }], $skipToken: 'ew0K', totalRecords: 2 }, /one page of 1 rows out of 2/],
    ['a skip token alone', { data: [], skipToken: 'ew0K' }, /has a skip token for more/],
  ])('says that one page of a Resource Graph result is incomplete: %s', (_what, document, message) => {
    const out = resourcesOfDocument(document, 'f');
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]!.message).toMatch(message);
    expect(out.errors[0]!.message).toContain('apim-vnet-guard export');
  });

  describe('pages of one Resource Graph result in one directory', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'estate-pages-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('are complete when their rows add up to the total, and incomplete when one is missing', async () => {
      const page = (n: number, token?: string) => ({ count: 1, data: [{ id: `/subscriptions/s/resourceGroups/r/providers/Microsoft.Web/sites/s${n}`, type: 'Microsoft.Web/sites' }], total_records: 3, ...(token ? { skip_token: token } : {}) });
      await writeFile(join(dir, 'graph-1.json'), JSON.stringify(page(1, 't1')));
      await writeFile(join(dir, 'graph-2.json'), JSON.stringify(page(2, 't2')));
      expect((await loadEstateFromPath(dir)).errors.map((e) => e.message)).toEqual([expect.stringMatching(/one page of 1 rows out of 3/), expect.stringMatching(/one page of 1 rows out of 3/)]);
      await writeFile(join(dir, 'graph-3.json'), JSON.stringify(page(3)));
      expect((await loadEstateFromPath(dir)).errors).toEqual([]);
    });
  });

  it.each([
    [42, undefined, 'expected an array of resources'],
    [null, undefined, 'expected an array of resources'],
    [{ value: {} }, 'value', '"value" is not an array'],
    [{ data: { columns: [], rows: [] } }, 'data', 'resultFormat objectArray'],
  ])('rejects %j', (document, path, message) => {
    const out = resourcesOfDocument(document, 'f');
    expect(out.resources).toEqual([]);
    expect(out.errors).toEqual([{ origin: path ? { file: 'f', path } : { file: 'f' }, message: expect.stringContaining(message) }]);
  });

  it('parses text and names the position of a syntax error', () => {
    expect(parseEstateDocument('[1,\n  2,,3]', 'f').errors[0]!.message).toBe('not valid JSON at line 2 column 5 (position 8): unexpected ","');
    expect(parseEstateDocument('{"a": [1', 'f').errors[0]!.message).toBe('not valid JSON at line 1 column 9 (position 8): unexpected end of the file');
  });
});

describe('JSON error position', () => {
  it.each([
    ['{"a": }', 6],
    ['[1,2', 4],
    ['{"a":1}x', 7],
    ['"tab\there"', 4],
    ['{"a":01}', 6],
    ['[tru]', 4],
    ['"\\u12g4"', 5],
    ['', 0],
  ])('%j fails at %i', (text, offset) => {
    expect(firstErrorOffset(text)).toBe(offset);
  });

  it('agrees with JSON.parse on what is valid', () => {
    const texts = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v, null, 1)),
      // Valid JSON with one character deleted or inserted: mostly invalid, sometimes not.
      fc.tuple(fc.jsonValue().map((v) => JSON.stringify(v)), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', '0', ' ', '\n', '-'))
        .map(([t, i, c]) => t.slice(0, i % (t.length + 1)) + c + t.slice((i % (t.length + 1)) + (c === '' ? 1 : 0))),
      fc.string(),
    );
    fc.assert(
      fc.property(texts, (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const offset = firstErrorOffset(text);
        expect(offset === undefined).toBe(valid);
        if (offset !== undefined) expect(offset).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives 1-based lines and columns', () => {
    expect(jsonErrorPosition('[\n1,\n}')).toEqual({ offset: 5, line: 3, column: 1 });
  });
});
