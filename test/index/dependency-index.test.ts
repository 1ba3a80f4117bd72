import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dependencyKeyOf, type DependencyEntry } from '../../src/index/dependencies.js';
import { DependencyIndex, diffEntries } from '../../src/index/dependency-index.js';
import type { InstanceView } from '../../src/model/view.js';
import { buildView, ids, RG, SUB } from '../support/view-builder.js';

const A = ids.apim('apim-a');
const B = ids.apim('apim-b');
const subnetA = ids.subnet('vnet-weu', 'snet-apim');
const subnetB = ids.subnet('vnet-weu', 'snet-apim-b');
const subnetNeu = ids.subnet('vnet-neu', 'snet-apim');
const nsg = ids.nsg('nsg-apim-weu');
const nsgNeu = ids.nsg('nsg-apim-neu');
const rt = ids.routeTable('rt-apim-weu');
const pipA = ids.publicIp('pip-apim-a');
const pipB = ids.publicIp('pip-apim-b');

/** apim-a: West Europe (subnet A, shared NSG, route table, pip A) + North Europe. */
function viewA(): InstanceView {
  return buildView({
    instance: { id: A, name: 'apim-a' },
    locations: [
      { region: 'westeurope', displayName: 'West Europe', location: { subnetId: subnetA, publicIpAddressId: pipA }, subnet: { routeTableId: rt, networkSecurityGroupId: nsg, virtualNetworkId: ids.vnet('vnet-weu') } },
      { region: 'northeurope', displayName: 'North Europe', location: { subnetId: subnetNeu, publicIpAddressId: undefined }, subnet: { networkSecurityGroupId: nsgNeu, virtualNetworkId: ids.vnet('vnet-neu') } },
    ],
  });
}

/** apim-b: West Europe only, another subnet of the same VNet, the same NSG, its own pip. */
function viewB(): InstanceView {
  return buildView({
    instance: { id: B, name: 'apim-b' },
    locations: [{ region: 'westeurope', location: { subnetId: subnetB, publicIpAddressId: pipB }, subnet: { networkSecurityGroupId: nsg, virtualNetworkId: ids.vnet('vnet-weu') } }],
  });
}

const at = (instanceId: string, region: string) => ({ instanceId, region });

describe('DependencyIndex: each resource kind', () => {
  const index = DependencyIndex.fromViews([viewA(), viewB()]);

  it.each([
    ['the subnet of one location', subnetA, [at(A, 'westeurope')]],
    ['a subnet of another location', subnetNeu, [at(A, 'northeurope')]],
    ['the VNet: every location using one of its subnets', ids.vnet('vnet-weu'), [at(A, 'westeurope'), at(B, 'westeurope')]],
    ['a shared NSG', nsg, [at(A, 'westeurope'), at(B, 'westeurope')]],
    ['an NSG of one region', nsgNeu, [at(A, 'northeurope')]],
    ['a route table', rt, [at(A, 'westeurope')]],
    ['a public IP', pipA, [at(A, 'westeurope')]],
    ['the APIM service itself: all its locations', A, [at(A, 'northeurope'), at(A, 'westeurope')]],
  ])('%s', (_, resourceId, expected) => {
    expect(index.dependentsOf(resourceId)).toEqual(expected);
  });

  it('maps child resources to their parent', () => {
    expect(index.dependentsOf(`${nsg}/securityRules/AllowApimManagement`)).toEqual([at(A, 'westeurope'), at(B, 'westeurope')]);
    expect(index.dependentsOf(`${rt}/routes/default-to-firewall`)).toEqual([at(A, 'westeurope')]);
    expect(index.dependentsOf(`${ids.vnet('vnet-weu')}/virtualNetworkPeerings/to-hub`)).toEqual([at(A, 'westeurope'), at(B, 'westeurope')]);
    expect(index.dependentsOf(`${A}/apis/echo`)).toEqual([at(A, 'northeurope'), at(A, 'westeurope')]);
  });

  it('does not reach instances through a sibling subnet', () => {
    expect(index.dependentsOf(ids.subnet('vnet-weu', 'snet-other'))).toEqual([]);
    expect(index.dependentsOf(subnetB)).toEqual([at(B, 'westeurope')]);
  });

  it('compares ids case-insensitively and ignores a trailing slash', () => {
    const shouted = nsg.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/');
    expect(index.dependentsOf(shouted)).toEqual([at(A, 'westeurope'), at(B, 'westeurope')]);
    expect(index.dependentsOf(`${rt.replace('resourceGroups', 'resourcegroups').replace('Microsoft.Network', 'microsoft.network')}/`)).toEqual([at(A, 'westeurope')]);
    expect(index.dependentsOf(`${subnetA.replace('subnets', 'Subnets').replace('virtualNetworks', 'VIRTUALNETWORKS')}/routes/x`)).toEqual([at(A, 'westeurope')]);
  });

  it('knows nothing of unrelated or malformed ids', () => {
    expect(index.dependentsOf(ids.nsg('nsg-unrelated'))).toEqual([]);
    expect(index.dependentsOf(`/subscriptions/${SUB}/resourceGroups/rg-net`)).toEqual([]);
    expect(index.dependentsOf('not an id')).toEqual([]);
    expect(index.dependentsOf('')).toEqual([]);
  });

  it('lists the distinct instances for the debounce', () => {
    expect(index.instancesOf(ids.vnet('vnet-weu'))).toEqual([A, B]);
    expect(index.instancesOf(A)).toEqual([A]);
    expect(index.instances()).toEqual([A, B]);
  });

  it('keeps the instance id as the view spelled it and regions normalized', () => {
    const view = viewB();
    view.instance.id = B.replace('apim-b', 'APIM-B');
    view.locations[0]!.location.region = 'West Europe';
    const idx = DependencyIndex.fromViews([view]);
    expect(idx.dependentsOf(pipB)).toEqual([at(view.instance.id, 'westeurope')]);
    expect(idx.hasInstance(B)).toBe(true);
  });
});

describe('dependencyKeyOf', () => {
  it.each([
    [`${nsg}/securityRules/r1`, nsg],
    [`${rt}/routes/r1`, rt],
    [subnetA, subnetA],
    [`${subnetA}/ipConfigurations/x`, subnetA],
    [ids.vnet('vnet-weu'), ids.vnet('vnet-weu')],
    [pipA, pipA],
  ])('%s → its index key', (id, key) => {
    expect(dependencyKeyOf(id)).toBe(key.toLowerCase());
  });

  it('is undefined for something that is not a resource', () => {
    expect(dependencyKeyOf(RG)).toBeUndefined();
    expect(dependencyKeyOf('/providers/Microsoft.Network')).toBeUndefined();
  });
});

describe('DependencyIndex: changes over time', () => {
  it('follows an instance that moves to another subnet, VNet and NSG', () => {
    const index = DependencyIndex.fromViews([viewA(), viewB()]);
    const moved = viewA();
    const newSubnet = ids.subnet('vnet-weu-2', 'snet-apim');
    const newNsg = ids.nsg('nsg-apim-weu-2');
    moved.locations[0] = buildView({
      instance: { id: A },
      locations: [{ region: 'westeurope', location: { subnetId: newSubnet, publicIpAddressId: pipA }, subnet: { networkSecurityGroupId: newNsg, virtualNetworkId: ids.vnet('vnet-weu-2') } }],
    }).locations[0]!;
    const delta = index.replaceInstance(moved);

    expect(index.dependentsOf(subnetA)).toEqual([]);
    expect(index.dependentsOf(rt)).toEqual([]);
    expect(index.dependentsOf(nsg)).toEqual([at(B, 'westeurope')]);
    expect(index.dependentsOf(ids.vnet('vnet-weu'))).toEqual([at(B, 'westeurope')]);
    expect(index.dependentsOf(newSubnet)).toEqual([at(A, 'westeurope')]);
    expect(index.dependentsOf(newNsg)).toEqual([at(A, 'westeurope')]);
    expect(index.dependentsOf(ids.vnet('vnet-weu-2'))).toEqual([at(A, 'westeurope')]);
    expect(index.dependentsOf(pipA)).toEqual([at(A, 'westeurope')]);

    expect(delta.removed.map((e) => e.resourceId).sort()).toEqual([ids.vnet('vnet-weu'), nsg, rt, subnetA].map((s) => s.toLowerCase()).sort());
    expect(delta.added.map((e) => e.resourceId).sort()).toEqual([ids.vnet('vnet-weu-2'), newNsg, newSubnet].map((s) => s.toLowerCase()).sort());
  });

  it('adds and removes regions', () => {
    const index = DependencyIndex.fromViews([viewB()]);
    const grown = buildView({
      instance: { id: B, name: 'apim-b' },
      locations: [
        { region: 'westeurope', location: { subnetId: subnetB, publicIpAddressId: pipB }, subnet: { networkSecurityGroupId: nsg, virtualNetworkId: ids.vnet('vnet-weu') } },
        { region: 'eastus', location: { subnetId: ids.subnet('vnet-eus'), publicIpAddressId: undefined } },
      ],
    });
    index.replaceInstance(grown);
    expect(index.dependentsOf(B)).toEqual([at(B, 'eastus'), at(B, 'westeurope')]);
    expect(index.dependentsOf(ids.nsg('nsg-apim-eus'))).toEqual([at(B, 'eastus')]);

    index.replaceInstance(viewB());
    expect(index.dependentsOf(B)).toEqual([at(B, 'westeurope')]);
    expect(index.dependentsOf(ids.subnet('vnet-eus'))).toEqual([]);
    expect(index.dependentsOf(ids.nsg('nsg-apim-eus'))).toEqual([]);
    expect(index.entries()).toEqual(DependencyIndex.fromViews([viewB()]).entries());
  });

  it('forgets a deleted instance, whatever the case of its id', () => {
    const index = DependencyIndex.fromViews([viewA(), viewB()]);
    const removed = index.removeInstance(A.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/'));
    expect(removed.length).toBeGreaterThan(0);
    expect(index.hasInstance(A)).toBe(false);
    expect(index.dependentsOf(nsg)).toEqual([at(B, 'westeurope')]);
    expect(index.dependentsOf(A)).toEqual([]);
    expect(index.dependentsOf(subnetNeu)).toEqual([]);
    expect(index.entries()).toEqual(DependencyIndex.fromViews([viewB()]).entries());
    expect(index.removeInstance(A)).toEqual([]);
  });

  it('keeps the subnet and VNet of a location whose subnet could not be read, and a deleted NSG still referenced', () => {
    const view = buildView({
      instance: { id: A },
      locations: [{ location: { subnetId: subnetA }, subnet: { state: 'unreadable', id: subnetA, reason: '403' } }],
    });
    const unreadable = DependencyIndex.fromViews([view]);
    expect(unreadable.dependentsOf(subnetA)).toEqual([at(A, 'westeurope')]);
    expect(unreadable.dependentsOf(ids.vnet('vnet-weu'))).toEqual([at(A, 'westeurope')]);
    expect(unreadable.dependentsOf(nsg)).toEqual([]);

    const missingNsg = buildView({ instance: { id: A }, locations: [{ location: { subnetId: subnetA }, networkSecurityGroup: { state: 'missing', id: nsg } }] });
    // Re-creating the NSG must reach the instance that still references it.
    expect(DependencyIndex.fromViews([missingNsg]).dependentsOf(nsg)).toEqual([at(A, 'westeurope')]);
  });

  it('round-trips through entries()', () => {
    const index = DependencyIndex.fromViews([viewA(), viewB()]);
    const copy = DependencyIndex.fromEntries(JSON.parse(JSON.stringify(index.entries())) as DependencyEntry[]);
    expect(copy.entries()).toEqual(index.entries());
    expect(copy.dependentsOf(`${nsg}/securityRules/x`)).toEqual(index.dependentsOf(nsg));
    expect(copy.size).toBe(index.size);
    // Entries written with another spelling of the resource id still land in one place.
    const shouted = index.entries().map((e) => ({ ...e, resourceId: e.resourceId.toUpperCase() }));
    expect(DependencyIndex.fromEntries(shouted).dependentsOf(nsg)).toEqual(index.dependentsOf(nsg));
  });

  it('diffs so that a Table adapter can upsert and delete in any order', () => {
    const e = (over: Partial<DependencyEntry>): DependencyEntry => ({ resourceId: nsg.toLowerCase(), kind: 'networkSecurityGroup', instanceId: A, region: 'westeurope', ...over });
    const respelled = e({ instanceId: A.toUpperCase() });
    expect(diffEntries([e({})], [respelled])).toEqual({ added: [respelled], removed: [] });
    expect(diffEntries([e({})], [e({})])).toEqual({ added: [], removed: [] });
    expect(diffEntries([e({})], [])).toEqual({ added: [], removed: [e({})] });
  });
});

describe('DependencyIndex: property', () => {
  const regions = ['westeurope', 'northeurope', 'eastus'] as const;
  const vnets = ['vnet-1', 'vnet-2'];
  const subnets = ['snet-1', 'snet-2'];
  const nsgs = [ids.nsg('nsg-1'), ids.nsg('nsg-2')];
  const rts = [ids.routeTable('rt-1'), ids.routeTable('rt-2')];
  const pips = [ids.publicIp('pip-1'), ids.publicIp('pip-2')];
  const names = ['apim-a', 'apim-b', 'apim-c'];

  const respell = (id: string, upper: boolean) => (upper ? id.replace(/resourceGroups/, 'RESOURCEGROUPS').replace(/Microsoft\./g, 'MICROSOFT.') : id);

  const location = fc.record({
    vnet: fc.constantFrom(...vnets),
    subnet: fc.constantFrom(...subnets),
    nsg: fc.option(fc.constantFrom(...nsgs), { nil: undefined }),
    rt: fc.option(fc.constantFrom(...rts), { nil: undefined }),
    pip: fc.option(fc.constantFrom(...pips), { nil: undefined }),
    readable: fc.boolean(),
    upper: fc.boolean(),
  });
  const view = fc.record({
    name: fc.constantFrom(...names),
    upper: fc.boolean(),
    regions: fc.subarray([...regions], { minLength: 1 }),
    locations: fc.array(location, { minLength: 3, maxLength: 3 }),
  });
  type ViewChoice = typeof view extends fc.Arbitrary<infer T> ? T : never;
  const op = fc.oneof(
    view.map((v) => ({ kind: 'replace' as const, v })),
    fc.record({ name: fc.constantFrom(...names), upper: fc.boolean() }).map((r) => ({ kind: 'remove' as const, ...r })),
  );

  function toView(v: ViewChoice): InstanceView {
    return buildView({
      instance: { id: respell(ids.apim(v.name), v.upper), name: v.name },
      locations: v.regions.map((region, i) => {
        const l = v.locations[i]!;
        const subnetId = respell(ids.subnet(l.vnet, l.subnet), l.upper);
        return {
          region,
          location: { subnetId, publicIpAddressId: l.pip && respell(l.pip, l.upper) },
          subnet: l.readable
            ? { networkSecurityGroupId: l.nsg, routeTableId: l.rt, virtualNetworkId: ids.vnet(l.vnet) }
            : { state: 'unreadable' as const, id: subnetId, reason: 'throttled' },
        };
      }),
    });
  }

  it('after any replace/remove sequence equals an index built from the final views', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
        const index = new DependencyIndex();
        const finalViews = new Map<string, InstanceView>();
        for (const o of ops) {
          if (o.kind === 'replace') {
            const v = toView(o.v);
            index.replaceInstance(v);
            finalViews.set(v.instance.id.toLowerCase(), v);
          } else {
            const id = respell(ids.apim(o.name), o.upper);
            index.removeInstance(id);
            finalViews.delete(id.toLowerCase());
          }
        }
        const scratch = DependencyIndex.fromViews(finalViews.values());
        expect(index.entries()).toEqual(scratch.entries());
        expect(DependencyIndex.fromEntries(index.entries()).entries()).toEqual(scratch.entries());
        for (const id of [...nsgs, ...rts, ...pips, ...vnets.map((n) => ids.vnet(n)), ...names.map((n) => ids.apim(n))]) {
          expect(index.dependentsOf(id)).toEqual(scratch.dependentsOf(id));
        }
      }),
      { numRuns: 300 },
    );
  });
});
