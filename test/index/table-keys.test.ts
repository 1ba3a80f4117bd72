import { odata, TableClient } from '@azure/data-tables';
import fc from 'fast-check';
import { describe, expect, inject, it } from 'vitest';
import { DependencyIndex } from '../../src/index/dependency-index.js';
import {
  decodeTableKey,
  encodeTableKey,
  instanceKeys,
  instancePartitionKey,
  MAX_TABLE_KEY_BYTES,
  parseDependencyEntry,
  resourceKeys,
  resourcePartitionKey,
} from '../../src/index/table-keys.js';
import { dependencyKeyOf } from '../../src/index/dependencies.js';
import { buildView, ids } from '../support/view-builder.js';

// What Azure Tables forbids in PartitionKey / RowKey.
const FORBIDDEN = /[/\\#?\u0000-\u001f\u007f-\u009f]/;

describe('encodeTableKey', () => {
  it('turns an ARM id into a readable key without forbidden characters', () => {
    const key = encodeTableKey(ids.nsg().toLowerCase());
    expect(key).toBe('!2fsubscriptions!2f00000000-0000-0000-0000-000000000001!2fresourcegroups!2frg-net!2fproviders!2fmicrosoft.network!2fnetworksecuritygroups!2fnsg-apim-weu');
    expect(key).not.toMatch(FORBIDDEN);
  });

  it('escapes the escape character, percent, quote and control characters', () => {
    expect(encodeTableKey("a!b%c'd#e?f\\g\u0001h\u0085i")).toBe('a!21b!25c!27d!23e!3ff!5cg!01h!85i');
    expect(encodeTableKey('Résumé 東京')).toBe('Résumé!20東京');
  });

  it('joins parts so that no two part lists give the same key', () => {
    expect(encodeTableKey('a', 'b')).toBe('a!!b');
    expect(encodeTableKey('a', 'b')).not.toBe(encodeTableKey('a!', 'b'));
    expect(encodeTableKey('a!!b')).not.toBe(encodeTableKey('a', 'b'));
  });

  it('hashes keys that would be too long, still without forbidden characters', () => {
    const long = `/subscriptions/x/${'a'.repeat(2000)}`;
    const key = encodeTableKey(long);
    expect(key).toMatch(/^!h[0-9a-f]{64}$/);
    expect(key).not.toBe(encodeTableKey(`${long}b`));
    expect(decodeTableKey(key)).toBeUndefined();
    expect(Buffer.byteLength(encodeTableKey('x'.repeat(MAX_TABLE_KEY_BYTES)))).toBe(MAX_TABLE_KEY_BYTES);
  });

  it('is injective and never yields a forbidden character (property)', () => {
    const part = fc.string({ unit: 'binary', maxLength: 40 });
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 3 }), fc.array(part, { minLength: 1, maxLength: 3 }), (a, b) => {
        const ka = encodeTableKey(...a);
        expect(ka).not.toMatch(FORBIDDEN);
        expect(decodeTableKey(ka)).toEqual(a);
        if (JSON.stringify(a) !== JSON.stringify(b)) expect(ka).not.toBe(encodeTableKey(...b));
      }),
      { numRuns: 500 },
    );
  });

  it('escapes lone surrogates so that the key is valid UTF-16', () => {
    const key = encodeTableKey('a\ud800b');
    expect(key).toBe('a!ud800b');
    expect(decodeTableKey(key)).toEqual(['a\ud800b']);
  });
});

describe('parseDependencyEntry', () => {
  it('reads a stored row and ignores table metadata', () => {
    const row = { partitionKey: 'p', rowKey: 'r', etag: 'W/"x"', timestamp: '2024-01-01', resourceId: ids.nsg(), kind: 'networkSecurityGroup', instanceId: ids.apim(), region: 'westeurope' };
    expect(parseDependencyEntry(row)).toEqual({ entry: { resourceId: ids.nsg().toLowerCase(), kind: 'networkSecurityGroup', instanceId: ids.apim(), region: 'westeurope' } });
  });

  it.each([
    [null, 'not an object'],
    [{ resourceId: 'x', kind: 'subnet', instanceId: 'y' }, '"region"'],
    [{ resourceId: 'x', kind: 'nic', instanceId: 'y', region: 'westeurope' }, 'unknown kind "nic"'],
  ])('names what is wrong with %j', (row, reason) => {
    const result = parseDependencyEntry(row);
    expect('error' in result && result.error).toContain(reason);
  });
});

describe('the index in Azure Table storage (Azurite)', () => {
  it('stores every entry under both keys and answers by partition', async () => {
    const table = TableClient.fromConnectionString(inject('storageConnectionString'), `deps${Date.now()}`, { allowInsecureConnection: true });
    await table.createTable();
    // A resource group name with characters Azure allows in names and Tables dislike in keys.
    const oddRg = `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg.(ünï)-'quoted'`;
    const view = buildView({
      instance: { id: `${oddRg}/providers/Microsoft.ApiManagement/service/apim-odd` },
      locations: [{ location: { subnetId: `${oddRg}/providers/Microsoft.Network/virtualNetworks/v/subnets/s` } }, { region: 'northeurope' }],
    });
    const index = DependencyIndex.fromViews([view]);
    for (const entry of index.entries()) {
      await table.upsertEntity({ ...resourceKeys(entry), ...entry });
      await table.upsertEntity({ ...instanceKeys(entry), ...entry });
    }

    const lookUp = async (resourceId: string) => {
      const rows = table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${resourcePartitionKey(dependencyKeyOf(resourceId)!)}` } });
      const out: string[] = [];
      for await (const row of rows) {
        const parsed = parseDependencyEntry(row);
        if ('entry' in parsed) out.push(`${parsed.entry.instanceId} ${parsed.entry.region}`);
      }
      return out.sort();
    };
    expect(await lookUp(`${oddRg}/providers/Microsoft.Network/virtualNetworks/V/subnets/S`)).toEqual([`${view.instance.id} westeurope`]);
    expect(await lookUp(`${ids.nsg('nsg-apim-neu')}/securityRules/r`)).toEqual([`${view.instance.id} northeurope`]);
    expect(await lookUp(view.instance.id.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/'))).toEqual([
      `${view.instance.id} northeurope`,
      `${view.instance.id} westeurope`,
    ]);

    // Point reads and deletes work with the encoded keys (they go into the URL).
    const first = index.entries()[0]!;
    const { partitionKey, rowKey } = resourceKeys(first);
    expect((await table.getEntity(partitionKey, rowKey)).resourceId).toBe(first.resourceId);
    await table.deleteEntity(partitionKey, rowKey);
    await expect(table.getEntity(partitionKey, rowKey)).rejects.toMatchObject({ statusCode: 404 });

    // The instance partition holds every edge of the instance, apart from the resource partitions.
    let count = 0;
    for await (const row of table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${instancePartitionKey(view.instance.id)}` } })) {
      expect(parseDependencyEntry(row)).toHaveProperty('entry');
      count++;
    }
    expect(count).toBe(index.entriesOf(view.instance.id).length);
    await table.deleteTable();
  });
});
