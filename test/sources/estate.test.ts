import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ArmResource } from '../../src/arm/arm-resource.js';
import { found, type InstanceView, type LocationView } from '../../src/model/view.js';
import { openEstate, loadEstateFromPath } from '../../src/sources/estate-file.js';
import { Estate, NOT_IN_ESTATE } from '../../src/sources/estate.js';
import type { EstateReader, SweepProgress } from '../../src/sources/reader.js';
import { seededRandom } from '../support/seeded-random.js';

const ESTATES = join(import.meta.dirname, '../fixtures/estates');
const SUB = '6f1d3b4a-2c5e-4a7b-9d8e-1f2a3b4c5d6e';
const APIM_PROD = `/subscriptions/${SUB}/resourceGroups/rg-apim-prod/providers/Microsoft.ApiManagement/service/apim-contoso-prod`;
const APIM_DEV = `/subscriptions/${SUB}/resourcegroups/rg-apim-dev/providers/Microsoft.ApiManagement/service/apim-contoso-dev`;
const NW_WEU = `/subscriptions/${SUB}/resourceGroups/rg-net-weu/providers/Microsoft.Network`;
const NW_NEU = `/subscriptions/${SUB}/resourceGroups/rg-net-neu/providers/Microsoft.Network`;
const SNET_WEU = `${NW_WEU}/virtualNetworks/vnet-weu/subnets/snet-apim`;

function location(view: InstanceView | undefined, index: number): LocationView {
  const l = view?.locations[index];
  if (l === undefined) throw new Error(`no location ${index}`);
  return l;
}

describe('Estate over the Contoso fixture', () => {
  let estate: Estate;
  beforeAll(async () => {
    estate = await openEstate(join(ESTATES, 'contoso'));
  });

  it('holds both instances, no errors, and counts the ignored types', () => {
    expect(estate.errors).toEqual([]);
    expect(estate.instances.map((i) => i.name)).toEqual(['apim-contoso-prod', 'apim-contoso-dev']);
    expect(estate.ignored).toEqual({ 'microsoft.storage/storageaccounts': 1, 'microsoft.network/networkinterfaces': 1 });
  });

  it('joins the primary location to its subnet, VNet, NSG, route table and public IP', () => {
    const weu = location(estate.buildView(APIM_PROD), 0);
    expect(weu.location).toMatchObject({ region: 'westeurope', displayName: 'West Europe', isPrimary: true, platformVersion: 'stv2.1' });
    expect(weu.subnet).toMatchObject({ state: 'found', id: SNET_WEU });
    expect(weu.virtualNetwork).toMatchObject({ state: 'found', resource: { name: 'vnet-weu', dnsServers: ['10.10.0.4', '10.10.0.5'] } });
    expect(weu.networkSecurityGroup).toMatchObject({ state: 'found', resource: { name: 'nsg-apim-weu' } });
    expect(found(weu.networkSecurityGroup)!.securityRules.map((r) => r.name)).toEqual([
      'AllowClientHttps', 'AllowApimManagement', 'AllowLoadBalancer', 'DenyAppsToApim', 'AllowStorageOut', 'AllowMonitorOut',
    ]);
    expect(found(weu.networkSecurityGroup)!.defaultSecurityRules.every((r) => r.isDefault && r.id !== undefined)).toBe(true);
    expect(found(weu.routeTable)).toMatchObject({ name: 'rt-apim-weu', disableBgpRoutePropagation: true, routes: [{ nextHopType: 'VirtualAppliance' }, { addressPrefix: 'ApiManagement', nextHopType: 'Internet' }] });
    expect(found(weu.publicIp)).toMatchObject({ name: 'pip-apim-prod-weu', skuName: 'Standard', version: 'IPv4', allocationMethod: 'Static', zones: ['1', '2', '3'] });
  });

  it('prefers the standalone subnet resource over the copy inline in its VNet', () => {
    const weu = location(estate.buildView(APIM_PROD), 0);
    expect(found(weu.subnet)!.serviceEndpoints).toEqual(['Microsoft.Storage', 'Microsoft.Sql', 'Microsoft.KeyVault']);
    // The VNet keeps the subnets as it listed them.
    expect(found(weu.virtualNetwork)!.subnets[0]!.serviceEndpoints).toEqual(['Microsoft.Storage', 'Microsoft.Sql']);
  });

  it('joins an additional location read from Resource Graph rows, with Azure defaults', () => {
    const neu = location(estate.buildView(APIM_PROD), 1);
    expect(neu.location).toMatchObject({ region: 'northeurope', displayName: 'North Europe', isPrimary: false, index: 1, capacity: 1 });
    expect(found(neu.subnet)).toMatchObject({ name: 'snet-apim', addressPrefixes: ['10.20.1.0/24'], virtualNetworkId: `${NW_NEU}/virtualNetworks/vnet-neu` });
    expect(found(neu.virtualNetwork)).toMatchObject({ location: 'northeurope', dnsServers: [] });
    expect(found(neu.networkSecurityGroup)!.defaultSecurityRules.map((r) => r.name)).toEqual([
      'AllowVnetInBound', 'AllowAzureLoadBalancerInBound', 'DenyAllInBound', 'AllowVnetOutBound', 'AllowInternetOutBound', 'DenyAllOutBound',
    ]);
    expect(neu.routeTable).toBeUndefined();
    expect(found(neu.publicIp)).toMatchObject({ version: 'IPv4', allocationMethod: 'Dynamic', domainNameLabel: 'apim-contoso-prod-neu' });
  });

  it('finds instances that share a subnet, whatever the spelling of its id', () => {
    const prod = estate.buildView(APIM_PROD);
    const dev = estate.buildView(APIM_DEV);
    expect(location(prod, 0).subnetNeighbours).toEqual([
      { instanceId: APIM_DEV, instanceName: 'apim-contoso-dev', region: 'westeurope', skuName: 'Developer', capacity: 1, networkMode: 'Internal' },
    ]);
    expect(location(dev, 0).subnetNeighbours.map((n) => n.instanceName)).toEqual(['apim-contoso-prod']);
    expect(found(location(dev, 0).subnet)!.id).toBe(SNET_WEU);
    expect(location(prod, 1).subnetNeighbours).toEqual([]);
    expect(location(dev, 0).publicIp).toBeUndefined();
  });

  it('looks instances up case-insensitively', () => {
    expect(estate.buildView(APIM_PROD.toUpperCase())?.instance.name).toBe('apim-contoso-prod');
    expect(estate.buildView(`${APIM_PROD}-nope`)).toBeUndefined();
  });
});

describe('Estate: absent and marked resources', () => {
  it('says a referenced resource that is not in the estate is unreadable, never missing, and points at the files that could not be read', async () => {
    const estate = await openEstate(join(ESTATES, 'malformed'));
    const view = estate.buildView(`/subscriptions/${SUB}/resourceGroups/rg-apim/providers/Microsoft.ApiManagement/service/apim-good`);
    const subnetId = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-gone/subnets/snet-apim`;
    const becauseOfFiles = { state: 'unreadable', cause: 'input-error', reason: expect.stringMatching(/^not in the estate; the input errors in .*not-json\.json.* may have kept it out$/) };
    expect(location(view, 0).subnet).toEqual({ ...becauseOfFiles, id: subnetId });
    expect(location(view, 0).virtualNetwork).toEqual({ ...becauseOfFiles, id: subnetId.replace('/subnets/snet-apim', '') });
    // Without the subnet nobody knows which NSG or route table it has.
    expect(location(view, 0).networkSecurityGroup).toBeUndefined();
    expect(location(view, 0).routeTable).toBeUndefined();
  });

  it('lets a reader mark ids missing (404) or unreadable, over what was read and case-insensitively', async () => {
    const estate = await openEstate(join(ESTATES, 'contoso'));
    estate.markMissing(SNET_WEU.toLowerCase());
    estate.markUnreadable(`${NW_NEU}/networkSecurityGroups/NSG-APIM-NEU`, '403 AuthorizationFailed');
    const view = estate.buildView(APIM_PROD);
    expect(location(view, 0).subnet).toEqual({ state: 'missing', id: SNET_WEU });
    expect(location(view, 0).virtualNetwork?.state).toBe('found');
    expect(location(view, 0).networkSecurityGroup).toBeUndefined();
    expect(location(view, 1).networkSecurityGroup).toEqual({ state: 'unreadable', id: `${NW_NEU}/networkSecurityGroups/nsg-apim-neu`, reason: '403 AuthorizationFailed' });
  });

  it('hides an instance marked missing, also from its neighbours', async () => {
    const estate = await openEstate(join(ESTATES, 'contoso'));
    estate.markMissing(APIM_DEV);
    expect(estate.buildView(APIM_DEV)).toBeUndefined();
    expect(estate.instances.map((i) => i.name)).toEqual(['apim-contoso-prod']);
    expect(location(estate.buildView(APIM_PROD), 0).subnetNeighbours).toEqual([]);
  });

  it('uses the absent reason given by the caller', () => {
    const estate = Estate.fromResources(
      [{ id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ApiManagement/service/a`, type: 'Microsoft.ApiManagement/service', location: 'westeurope', sku: { name: 'Premium', capacity: 1 }, properties: { virtualNetworkType: 'Internal', publicIpAddressId: `${NW_WEU}/publicIPAddresses/p` } }],
      { absentReason: 'not read yet' },
    );
    expect(location(estate.buildViews()[0], 0).publicIp).toMatchObject({ state: 'unreadable', reason: 'not read yet' });
  });
});

describe('Estate: input problems', () => {
  it('keeps every good resource of a file with bad ones and names each bad one', async () => {
    const estate = await openEstate(join(ESTATES, 'malformed'));
    const file = join(ESTATES, 'malformed/bad-resources.json');
    expect(estate.instances.map((i) => i.name)).toEqual(['apim-good']);
    expect(estate.networkSecurityGroup(`/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/networkSecurityGroups/nsg-good`).state).toBe('found');
    expect(estate.errors.map((e) => [e.origin.file === file ? 'bad-resources' : e.origin.file.slice(ESTATES.length + 1), e.origin.path, e.resource?.replace(/.*\//, '')])).toEqual([
      ['malformed/not-json.json', undefined, undefined],
      ['bad-resources', 'value[1].properties.securityRules[1].properties.priority', 'nsg-bad-priority'],
      ['bad-resources', 'value[2].id', 'vnet-without-id'],
      ['bad-resources', 'value[3].id', 'rt-a'],
      ['bad-resources', 'value[4].zones', 'pip-zones-string'],
      ['bad-resources', 'value[5].type', 'pip-without-type'],
      ['bad-resources', 'value[6].properties.virtualNetworkType', 'apim-hybrid'],
      ['bad-resources', 'value[8]', undefined],
    ]);
    expect(estate.describeErrors()[1]).toBe(
      `${file} (value[1].properties.securityRules[1].properties.priority): resource /subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/networkSecurityGroups/nsg-bad-priority: Invalid input: expected number, received string`,
    );
  });

  it('reports a repeated id and uses the later resource', () => {
    const id = `${NW_WEU}/routeTables/rt`;
    const estate = Estate.fromResources(
      [
        { id, type: 'Microsoft.Network/routeTables', location: 'westeurope', properties: { disableBgpRoutePropagation: false } },
        { id: id.toUpperCase(), type: 'Microsoft.Network/routeTables', location: 'westeurope', properties: { disableBgpRoutePropagation: true } },
      ],
      { source: 'live ARM' },
    );
    expect(estate.routeTable(id)).toMatchObject({ state: 'found', resource: { disableBgpRoutePropagation: true } });
    expect(estate.errors).toEqual([{ origin: { file: 'live ARM', path: '[1]' }, resource: id.toUpperCase(), message: 'the same route table was already read from live ARM ([0]); this later one is used' }]);
    expect(estate.resources).toHaveLength(1);
  });
});

describe('Estate with ids and types in any case', () => {
  it('joins resources whose ids and types differ only in case', async () => {
    const estate = await openEstate(join(ESTATES, 'mixed-case.json'));
    expect(estate.errors).toEqual([]);
    const [view] = estate.buildViews();
    expect(view?.instance).toMatchObject({ name: 'APIM-LOUD', region: 'westeurope', networkMode: 'External' });
    expect(found(location(view, 0).subnet)?.name).toBe('SNET-APIM');
    expect(found(location(view, 0).virtualNetwork)?.name).toBe('VNET-A');
    expect(found(location(view, 0).networkSecurityGroup)?.name).toBe('nsg-a');
    expect(found(location(view, 0).publicIp)).toMatchObject({ name: 'PIP-A', version: 'IPv4', allocationMethod: 'Static' });
  });

  it('builds the same views whatever the case of every id and type (property)', async () => {
    const { resources } = await loadEstateFromPath(join(ESTATES, 'contoso'));
    const raw = resources.map((r) => r.resource);
    const views = Estate.fromResources(raw as ArmResource[]).buildViews();
    // Every dependency of the fixture is in it: a case-sensitive join anywhere would lose one.
    const states = views.flatMap((v) => v.locations.flatMap((l) => [l.subnet, l.virtualNetwork, l.networkSecurityGroup, l.routeTable, l.publicIp]));
    expect(states.filter((l) => l !== undefined).map((l) => l.state)).toEqual(Array(13).fill('found'));
    const baseline = comparable(views);
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const recased = recase(raw, seededRandom(seed)) as ArmResource[];
        const estate = Estate.fromResources(recased);
        expect(estate.errors).toEqual([]);
        expect(comparable(estate.buildViews())).toEqual(baseline);
      }),
      { numRuns: 50 },
    );
  });
});

describe('Estate as the reader port', () => {
  it('loads one instance and sweeps all of them with the resources read', async () => {
    const reader: EstateReader = await openEstate(join(ESTATES, 'contoso'));
    expect((await reader.loadInstance(APIM_DEV.toUpperCase()))?.instance.name).toBe('apim-contoso-dev');
    expect(await reader.loadInstance(`${APIM_DEV}x`)).toBeUndefined();
    const progress: SweepProgress[] = [];
    const sweep = await reader.sweep((p) => progress.push(p));
    expect(sweep.views.map((v) => v.instance.name)).toEqual(['apim-contoso-prod', 'apim-contoso-dev']);
    // Two instances; VNet, NSG and PIP of each region; the standalone subnet; the route table. Unread types are left out.
    expect(sweep.resources).toHaveLength(10);
    expect(sweep.resources.some((r) => r.type === 'Microsoft.Storage/storageAccounts')).toBe(false);
    expect(sweep.incomplete).toEqual([]);
    expect(progress).toEqual([{ instancesFound: 2, resourcesRead: 10, requests: 0 }]);
  });

  it('lists input problems as incomplete', async () => {
    const sweep = await (await openEstate(join(ESTATES, 'malformed'))).sweep();
    expect(sweep.incomplete).toHaveLength(8);
    expect(sweep.incomplete[0]).toContain('not-json.json: not valid JSON');
  });
});

// --- helpers for the case property ----------------------------------------------------------------

const randomCase = (s: string, rnd: () => number) => [...s].map((c) => (rnd() < 0.5 ? c.toLowerCase() : c.toUpperCase())).join('');
const isId = (s: string) => s.toLowerCase().startsWith('/subscriptions/');

/** Changes the case of every ARM id and every `type`, nothing else. */
function recase(value: unknown, rnd: () => number, key?: string): unknown {
  if (typeof value === 'string') return isId(value) || key === 'type' ? randomCase(value, rnd) : value;
  if (Array.isArray(value)) return value.map((v) => recase(v, rnd));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, recase(v, rnd, k)]));
  }
  return value;
}

/** Views with ids lower-cased: ids compare case-insensitively, everything else must be equal. */
function comparable(views: InstanceView[]): unknown {
  const lower = (v: unknown): unknown => {
    if (typeof v === 'string') return isId(v) ? v.toLowerCase() : v;
    if (Array.isArray(v)) return v.map(lower);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, lower(x)]));
    return v;
  };
  return lower(views);
}
