import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInputError } from '../../src/arm/arm-resource.js';
import { merged, normalizeResource, normalizeResources, type NormalizeOutcome } from '../../src/arm/normalize.js';
import { AZURE_DEFAULT_SECURITY_RULES } from '../../src/network/default-rules.js';

const SUB = '6f1d3b4a-2c5e-4a7b-9d8e-1f2a3b4c5d6e';
const NET = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network`;
const APIM = `/subscriptions/${SUB}/resourceGroups/rg-apim/providers/Microsoft.ApiManagement/service/apim-a`;
const ORIGIN = { file: 'estate.json', path: 'value[4]' };

function normalized(raw: unknown) {
  const out = normalizeResource(raw, ORIGIN);
  if (out.outcome !== 'normalized') throw new Error(`expected normalized, got ${JSON.stringify(out)}`);
  return out.resource;
}

function rejected(raw: unknown) {
  const out = normalizeResource(raw, ORIGIN);
  if (out.outcome !== 'rejected') throw new Error(`expected rejected, got ${out.outcome}`);
  return out.error;
}

function value<K extends string>(raw: unknown, kind: K) {
  const r = normalized(raw);
  expect(r.kind).toBe(kind);
  return r.value as never;
}

const rule = (name: string, properties: Record<string, unknown>) => ({ name, id: `${NET}/networkSecurityGroups/nsg/securityRules/${name}`, properties });
const allow = { priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourcePortRange: '*', sourceAddressPrefix: 'Internet', destinationAddressPrefix: 'VirtualNetwork', destinationPortRange: '443' };
const nsg = (properties: unknown) => ({ id: `${NET}/networkSecurityGroups/nsg`, name: 'nsg', type: 'Microsoft.Network/networkSecurityGroups', location: 'westeurope', properties });

describe('normalize: API Management service', () => {
  const apim = {
    id: APIM,
    name: 'apim-a',
    type: 'Microsoft.ApiManagement/service',
    location: 'West Europe',
    sku: { name: 'Premium', capacity: 3 },
    zones: ['1', '2'],
    tags: { env: 'prod' },
    properties: {
      virtualNetworkType: 'External',
      virtualNetworkConfiguration: { subnetResourceId: `${NET}/virtualNetworks/v/subnets/s`, vnetid: null, subnetname: null },
      publicIpAddressId: `${NET}/publicIPAddresses/pip-weu`,
      platformVersion: 'stv2.1',
      additionalLocations: [
        {
          location: 'North Europe',
          sku: { name: 'Premium', capacity: 2 },
          zones: null,
          publicIpAddressId: `${NET}/publicIPAddresses/pip-neu`,
          virtualNetworkConfiguration: { subnetResourceId: `${NET}/virtualNetworks/vn/subnets/s` },
          platformVersion: 'stv1',
          disableGateway: true,
        },
        { location: 'East US' },
      ],
    },
  };

  it('maps the instance and its locations, primary first', () => {
    const i = value(apim, 'instance') as import('../../src/model/instance.js').ApimInstance;
    expect(i).toMatchObject({ id: APIM, name: 'apim-a', region: 'westeurope', skuName: 'Premium', capacity: 3, platform: 'stv2', platformVersion: 'stv2.1', networkMode: 'External', tags: { env: 'prod' } });
    expect(i.locations).toEqual([
      { region: 'westeurope', displayName: 'West Europe', isPrimary: true, index: 0, subnetId: `${NET}/virtualNetworks/v/subnets/s`, publicIpAddressId: `${NET}/publicIPAddresses/pip-weu`, zones: ['1', '2'], skuName: 'Premium', capacity: 3, platform: 'stv2', platformVersion: 'stv2.1', disableGateway: false },
      { region: 'northeurope', displayName: 'North Europe', isPrimary: false, index: 1, subnetId: `${NET}/virtualNetworks/vn/subnets/s`, publicIpAddressId: `${NET}/publicIPAddresses/pip-neu`, zones: [], skuName: 'Premium', capacity: 2, platform: 'stv1', platformVersion: 'stv1', disableGateway: true },
      // Absent sku and platform: the instance's sku name, one unit, the instance's platform.
      { region: 'eastus', displayName: 'East US', isPrimary: false, index: 2, subnetId: undefined, publicIpAddressId: undefined, zones: [], skuName: 'Premium', capacity: 1, platform: 'stv2', platformVersion: 'stv2.1', disableGateway: false },
    ]);
  });

  it('applies the defaults of an instance that is not injected', () => {
    const i = value({ id: APIM, type: 'Microsoft.ApiManagement/service', location: 'westeurope', sku: { name: 'Developer' }, tags: null, zones: null, properties: { virtualNetworkConfiguration: null, publicIpAddressId: '' } }, 'instance') as import('../../src/model/instance.js').ApimInstance;
    expect(i).toMatchObject({ name: 'apim-a', networkMode: 'None', capacity: 1, platform: 'undetermined', platformVersion: 'undetermined', tags: {} });
    expect(i.locations[0]).toMatchObject({ subnetId: undefined, publicIpAddressId: undefined, zones: [] });
  });

  it('reads the network mode whatever its case', () => {
    const i = value({ ...apim, properties: { ...apim.properties, virtualNetworkType: 'internal' } }, 'instance') as { networkMode: string };
    expect(i.networkMode).toBe('Internal');
  });

  it.each([
    [{ ...apim, properties: { ...apim.properties, virtualNetworkType: 'Hybrid' } }, 'properties.virtualNetworkType', 'expected one of None, External, Internal'],
    [{ ...apim, sku: undefined }, 'sku', 'expected object'],
    [{ ...apim, sku: { name: 'Premium', capacity: '2' } }, 'sku.capacity', 'expected number'],
    [{ ...apim, location: undefined }, 'location', 'expected string'],
    [{ ...apim, properties: { ...apim.properties, additionalLocations: [{ sku: { name: 'Premium' } }] } }, 'properties.additionalLocations[0].location', 'expected string'],
    [{ ...apim, properties: { ...apim.properties, virtualNetworkConfiguration: { subnetResourceId: 'subnets/s' } } }, 'properties.virtualNetworkConfiguration.subnetResourceId', 'must start with "/subscriptions/"'],
    [{ ...apim, tags: { env: 3 } }, 'tags.env', 'expected string'],
    [{ ...apim, zones: '1' }, 'zones', 'expected array'],
  ])('rejects a wrong property (%#) naming the path in the file', (raw, path, message) => {
    const e = rejected(raw);
    expect(e.origin).toEqual({ file: 'estate.json', path: `value[4].${path}` });
    expect(e.resource).toBe(APIM);
    expect(e.message).toContain(message);
  });
});

describe('normalize: virtual networks and subnets', () => {
  const vnetId = `${NET}/virtualNetworks/vnet-a`;
  const vnet = {
    id: vnetId,
    name: 'vnet-a',
    type: 'Microsoft.Network/virtualNetworks',
    location: 'westeurope',
    properties: {
      addressSpace: { addressPrefixes: ['10.0.0.0/16', '10.1.0.0/16'] },
      dhcpOptions: { dnsServers: ['10.0.0.4'] },
      subnets: [
        {
          id: `${vnetId}/subnets/snet-apim`,
          name: 'snet-apim',
          properties: {
            addressPrefix: '10.0.1.0/24',
            addressPrefixes: ['10.0.1.0/24', '10.0.9.0/24'],
            networkSecurityGroup: { id: `${NET}/networkSecurityGroups/nsg` },
            routeTable: { id: `${NET}/routeTables/rt` },
            natGateway: { id: `${NET}/natGateways/ng` },
            delegations: [{ name: 'd', properties: { serviceName: 'Microsoft.Web/serverFarms' } }],
            serviceEndpoints: [{ service: 'Microsoft.Storage', locations: ['*'] }, { service: 'Microsoft.KeyVault' }],
            serviceEndpointPolicies: [{ id: `${NET}/serviceEndpointPolicies/sep` }],
            ipConfigurations: [{ id: `${NET}/networkInterfaces/nic/ipConfigurations/ipconfig1` }],
            resourceNavigationLinks: [{ id: `${vnetId}/subnets/snet-apim/resourceNavigationLinks/rnl`, name: 'rnl', properties: { linkedResourceType: 'Microsoft.ApiManagement/service', link: APIM } }],
            serviceAssociationLinks: [{ name: 'sal', properties: { linkedResourceType: 'Microsoft.Web/serverfarms' } }],
          },
        },
        // Templates write inline subnets without an id.
        { name: 'snet-other', properties: { addressPrefixes: ['10.0.2.0/24'], networkSecurityGroup: null } },
      ],
    },
  };

  it('maps a VNet with its inline subnets, merging addressPrefix and addressPrefixes', () => {
    const v = value(vnet, 'virtualNetwork') as import('../../src/model/network.js').VirtualNetwork;
    expect(v).toMatchObject({ id: vnetId, name: 'vnet-a', location: 'westeurope', addressSpace: ['10.0.0.0/16', '10.1.0.0/16'], dnsServers: ['10.0.0.4'] });
    expect(v.subnets[0]).toEqual({
      id: `${vnetId}/subnets/snet-apim`,
      name: 'snet-apim',
      virtualNetworkId: vnetId,
      addressPrefixes: ['10.0.1.0/24', '10.0.9.0/24'],
      delegations: ['Microsoft.Web/serverFarms'],
      networkSecurityGroupId: `${NET}/networkSecurityGroups/nsg`,
      routeTableId: `${NET}/routeTables/rt`,
      natGatewayId: `${NET}/natGateways/ng`,
      serviceEndpoints: ['Microsoft.Storage', 'Microsoft.KeyVault'],
      serviceEndpointPolicyIds: [`${NET}/serviceEndpointPolicies/sep`],
      ipConfigurationIds: [`${NET}/networkInterfaces/nic/ipConfigurations/ipconfig1`],
      resourceNavigationLinks: [{ id: `${vnetId}/subnets/snet-apim/resourceNavigationLinks/rnl`, name: 'rnl', linkedResourceType: 'Microsoft.ApiManagement/service', link: APIM }],
      serviceAssociationLinks: [{ name: 'sal', linkedResourceType: 'Microsoft.Web/serverfarms' }],
    });
    expect(v.subnets[1]).toMatchObject({ id: `${vnetId}/subnets/snet-other`, addressPrefixes: ['10.0.2.0/24'], networkSecurityGroupId: undefined, delegations: [] });
  });

  it('defaults a bare VNet to Azure DNS and no subnets', () => {
    const v = value({ id: vnetId, type: 'Microsoft.Network/virtualNetworks', location: 'West Europe' }, 'virtualNetwork') as import('../../src/model/network.js').VirtualNetwork;
    expect(v).toEqual({ id: vnetId, name: 'vnet-a', location: 'westeurope', addressSpace: [], dnsServers: [], subnets: [] });
  });

  it('maps a standalone subnet resource', () => {
    const s = value({ ...vnet.properties.subnets[1], id: `${vnetId}/subnets/snet-other`, type: 'Microsoft.Network/virtualNetworks/subnets' }, 'subnet') as import('../../src/model/network.js').Subnet;
    expect(s).toMatchObject({ name: 'snet-other', virtualNetworkId: vnetId, addressPrefixes: ['10.0.2.0/24'] });
  });

  it('rejects the whole VNet when one inline subnet is wrong, naming the subnet path', () => {
    const bad = structuredClone(vnet);
    (bad.properties.subnets[0]!.properties as Record<string, unknown>).addressPrefixes = '10.0.1.0/24';
    const e = rejected(bad);
    expect(e.origin.path).toBe('value[4].properties.subnets[0].properties.addressPrefixes');
    expect(e.resource).toBe(vnetId);
  });

  it('rejects an inline subnet that belongs to another VNet', () => {
    const bad = structuredClone(vnet);
    bad.properties.subnets[0]!.id = `${NET}/virtualNetworks/vnet-b/subnets/snet-apim`;
    expect(rejected(bad)).toMatchObject({ origin: { path: 'value[4].properties.subnets[0].id' }, message: expect.stringContaining('not a subnet of this virtual network') });
  });
});

describe('normalize: network security groups', () => {
  it('merges every singular/plural pair and keeps ids, ASGs and descriptions', () => {
    const g = value(
      nsg({
        securityRules: [
          rule('r1', {
            priority: 100,
            direction: 'Inbound',
            access: 'Allow',
            protocol: 'Tcp',
            sourceAddressPrefix: 'Internet',
            sourceAddressPrefixes: ['10.0.0.0/8', 'Internet'],
            sourcePortRange: '*',
            sourcePortRanges: [],
            destinationAddressPrefix: '',
            destinationAddressPrefixes: ['10.0.1.0/24'],
            destinationPortRange: '443',
            destinationPortRanges: ['80', '8080-8090'],
            destinationApplicationSecurityGroups: [{ id: `${NET}/applicationSecurityGroups/asg` }],
            description: 'clients',
          }),
        ],
      }),
      'networkSecurityGroup',
    ) as import('../../src/model/network.js').NetworkSecurityGroup;
    expect(g.securityRules).toEqual([
      {
        id: `${NET}/networkSecurityGroups/nsg/securityRules/r1`,
        name: 'r1',
        priority: 100,
        direction: 'Inbound',
        access: 'Allow',
        protocol: 'Tcp',
        sourceAddressPrefixes: ['Internet', '10.0.0.0/8'],
        sourcePortRanges: ['*'],
        destinationAddressPrefixes: ['10.0.1.0/24'],
        destinationPortRanges: ['443', '80', '8080-8090'],
        sourceApplicationSecurityGroups: [],
        destinationApplicationSecurityGroups: [`${NET}/applicationSecurityGroups/asg`],
        description: 'clients',
        isDefault: false,
      },
    ]);
  });

  it('accepts a source given only by application security groups', () => {
    const { sourceAddressPrefix: _, ...rest } = allow;
    const g = value(nsg({ securityRules: [rule('asg', { ...rest, sourceApplicationSecurityGroups: [{ id: `${NET}/applicationSecurityGroups/asg` }] })] }), 'networkSecurityGroup') as import('../../src/model/network.js').NetworkSecurityGroup;
    expect(g.securityRules[0]).toMatchObject({ sourceAddressPrefixes: [], sourceApplicationSecurityGroups: [`${NET}/applicationSecurityGroups/asg`] });
  });

  it("synthesizes Azure's six default rules when defaultSecurityRules is absent or empty", () => {
    for (const properties of [undefined, {}, { securityRules: [], defaultSecurityRules: [] }, { defaultSecurityRules: null }]) {
      const g = value(nsg(properties), 'networkSecurityGroup') as import('../../src/model/network.js').NetworkSecurityGroup;
      expect(g.securityRules).toEqual([]);
      expect(g.defaultSecurityRules).toEqual(AZURE_DEFAULT_SECURITY_RULES);
      expect(g.defaultSecurityRules.map((r) => `${r.direction}:${r.priority}:${r.access}`)).toEqual([
        'Inbound:65000:Allow', 'Inbound:65001:Allow', 'Inbound:65500:Deny', 'Outbound:65000:Allow', 'Outbound:65001:Allow', 'Outbound:65500:Deny',
      ]);
    }
  });

  it('keeps defaultSecurityRules as ARM returns them, marked as defaults', () => {
    const g = value(nsg({ defaultSecurityRules: [rule('DenyAllInBound', { ...allow, priority: 65500, access: 'Deny', protocol: '*', sourceAddressPrefix: '*', destinationAddressPrefix: '*', destinationPortRange: '*' })] }), 'networkSecurityGroup') as import('../../src/model/network.js').NetworkSecurityGroup;
    expect(g.defaultSecurityRules).toHaveLength(1);
    expect(g.defaultSecurityRules[0]).toMatchObject({ name: 'DenyAllInBound', priority: 65500, isDefault: true, id: expect.stringContaining('/securityRules/DenyAllInBound') });
  });

  it('reads direction and access whatever their case, in the canonical spelling', () => {
    const g = value(nsg({ securityRules: [rule('r', { ...allow, direction: 'outbound', access: 'DENY' })] }), 'networkSecurityGroup') as import('../../src/model/network.js').NetworkSecurityGroup;
    expect(g.securityRules[0]).toMatchObject({ direction: 'Outbound', access: 'Deny' });
  });

  it.each([
    [{ ...allow, priority: '100' }, 'properties.priority', 'expected number'],
    [{ ...allow, direction: 'Sideways' }, 'properties.direction', 'expected one of Inbound, Outbound'],
    [{ ...allow, access: undefined }, 'properties.access', 'expected string'],
    [{ ...allow, sourceAddressPrefix: undefined }, 'properties.sourceAddressPrefix', 'has no sourceAddressPrefix(es) or sourceApplicationSecurityGroups'],
    [{ ...allow, destinationPortRange: undefined, destinationPortRanges: [] }, 'properties.destinationPortRange', 'has no destinationPortRange(s)'],
    [{ ...allow, destinationPortRanges: [443] }, 'properties.destinationPortRanges[0]', 'expected string'],
    [{ ...allow, protocol: 'Foo' }, 'properties', 'protocol'],
    [{ ...allow, destinationPortRange: 'abc' }, 'properties', '"abc"'],
    [{ ...allow, destinationPortRange: '90-80' }, 'properties', 'ends before it starts'],
    [{ ...allow, sourceAddressPrefix: '10.0.0.0/33' }, 'properties', '10.0.0.0/33'],
    [{ ...allow, priority: 99 }, 'properties.priority', 'priority 99 is outside 100–4096'],
    [{ ...allow, priority: 4097 }, 'properties.priority', 'priority 4097 is outside 100–4096'],
  ])('rejects the NSG for one bad rule (%#)', (properties, path, message) => {
    const e = rejected(nsg({ securityRules: [rule('ok', allow), rule('bad', properties)] }));
    expect(e.origin.path).toBe(`value[4].properties.securityRules[1].${path}`);
    expect(e.resource).toBe(`${NET}/networkSecurityGroups/nsg`);
    expect(e.message).toContain(message);
  });

  it('rejects two custom rules with the same priority and direction, as Azure does, and accepts them in different directions', () => {
    const e = rejected(nsg({ securityRules: [rule('first', allow), rule('second', { ...allow, destinationPortRange: '8080' })] }));
    expect(e.origin.path).toBe('value[4].properties.securityRules[1].properties.priority');
    expect(e.message).toContain(`rules "first" and "second" both have priority ${allow.priority} for ${allow.direction} traffic`);
    const other = allow.direction === 'Inbound' ? 'Outbound' : 'Inbound';
    const g = value(nsg({ securityRules: [rule('in', allow), rule('out', { ...allow, direction: other })] }), 'networkSecurityGroup') as import('../../src/model/network.js').NetworkSecurityGroup;
    expect(g.securityRules).toHaveLength(2);
  });

  it('names a rule from its id when the name is absent, and rejects one with neither', () => {
    const g = value(nsg({ securityRules: [{ id: `${NET}/networkSecurityGroups/nsg/securityRules/from-id`, properties: allow }] }), 'networkSecurityGroup') as import('../../src/model/network.js').NetworkSecurityGroup;
    expect(g.securityRules[0]!.name).toBe('from-id');
    expect(rejected(nsg({ securityRules: [{ properties: allow }] })).origin.path).toBe('value[4].properties.securityRules[0].name');
  });
});

describe('normalize: public IPs and route tables', () => {
  const pipId = `${NET}/publicIPAddresses/pip`;

  it('maps a public IP with every property', () => {
    const p = value(
      {
        id: pipId,
        name: 'pip',
        type: 'Microsoft.Network/publicIPAddresses',
        location: 'westeurope',
        sku: { name: 'Standard', tier: 'Global' },
        zones: ['1', '2', '3'],
        properties: {
          publicIPAddressVersion: 'IPv6',
          publicIPAllocationMethod: 'Static',
          dnsSettings: { domainNameLabel: 'apim-a', fqdn: 'apim-a.westeurope.cloudapp.azure.com' },
          ipTags: [{ ipTagType: 'RoutingPreference', tag: 'Internet' }],
          ipConfiguration: { id: `${NET}/loadBalancers/lb/frontendIPConfigurations/fe` },
        },
      },
      'publicIp',
    );
    expect(p).toEqual({
      id: pipId,
      name: 'pip',
      location: 'westeurope',
      skuName: 'Standard',
      skuTier: 'Global',
      version: 'IPv6',
      allocationMethod: 'Static',
      domainNameLabel: 'apim-a',
      ipTags: [{ ipTagType: 'RoutingPreference', tag: 'Internet' }],
      zones: ['1', '2', '3'],
      ipConfigurationId: `${NET}/loadBalancers/lb/frontendIPConfigurations/fe`,
    });
  });

  it("applies Azure's defaults: IPv4, Dynamic, no zones, no label", () => {
    const p = value({ id: pipId, type: 'Microsoft.Network/publicIPAddresses', location: 'westeurope', sku: null, zones: null, properties: { ipConfiguration: null, dnsSettings: null } }, 'publicIp');
    expect(p).toEqual({ id: pipId, name: 'pip', location: 'westeurope', version: 'IPv4', allocationMethod: 'Dynamic', ipTags: [], zones: [] });
  });

  it('maps a route table with its inline routes', () => {
    const rtId = `${NET}/routeTables/rt`;
    const t = value(
      {
        id: rtId,
        type: 'Microsoft.Network/routeTables',
        location: 'westeurope',
        properties: {
          disableBgpRoutePropagation: true,
          routes: [
            { id: `${rtId}/routes/default`, name: 'default', properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.0.4' } },
            { id: `${rtId}/routes/apim`, properties: { addressPrefix: 'ApiManagement', nextHopType: 'internet' } },
          ],
        },
      },
      'routeTable',
    );
    expect(t).toEqual({
      id: rtId,
      name: 'rt',
      location: 'westeurope',
      disableBgpRoutePropagation: true,
      routes: [
        { id: `${rtId}/routes/default`, name: 'default', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.0.4' },
        { id: `${rtId}/routes/apim`, name: 'apim', addressPrefix: 'ApiManagement', nextHopType: 'Internet' },
      ],
    });
    expect(value({ id: rtId, type: 'Microsoft.Network/routeTables', location: 'westeurope' }, 'routeTable')).toMatchObject({ routes: [], disableBgpRoutePropagation: false });
  });

  it('rejects a route without a next hop', () => {
    const e = rejected({ id: `${NET}/routeTables/rt`, type: 'Microsoft.Network/routeTables', location: 'westeurope', properties: { routes: [{ name: 'r', properties: { addressPrefix: '0.0.0.0/0' } }] } });
    expect(e.origin.path).toBe('value[4].properties.routes[0].properties.nextHopType');
  });
});

describe('normalize: envelope, types and batches', () => {
  it('reads types whatever their case (Resource Graph writes them in lower case)', () => {
    expect(normalized({ id: `${NET}/publicIPAddresses/p`, type: 'microsoft.network/publicipaddresses', location: 'westeurope' }).kind).toBe('publicIp');
    expect(normalized({ id: `${NET}/virtualNetworks/v/subnets/s`, type: 'MICROSOFT.NETWORK/VIRTUALNETWORKS/SUBNETS' }).kind).toBe('subnet');
  });

  it('ignores resource types it does not read, even without an id', () => {
    expect(normalizeResource({ type: 'Microsoft.Storage/storageAccounts' }, ORIGIN)).toEqual({ outcome: 'ignored', type: 'Microsoft.Storage/storageAccounts' });
  });

  it.each<[unknown, string | undefined, string | undefined, string]>([
    [{ name: 'x', type: 'Microsoft.Network/routeTables' }, 'value[4].id', 'x', 'the resource has no id'],
    [{ id: `${NET}/routeTables/rt` }, 'value[4].type', `${NET}/routeTables/rt`, 'the resource has no type'],
    [{ id: '/subscriptions/nope/rt', type: 'Microsoft.Network/routeTables', location: 'westeurope' }, 'value[4].id', '/subscriptions/nope/rt', 'subscription id is not a GUID'],
    [{ id: `${NET}/routeTables/rt`, type: 'Microsoft.Network/publicIPAddresses', location: 'westeurope' }, 'value[4].type', `${NET}/routeTables/rt`, 'does not match the type of the id'],
    [[1, 2], 'value[4]', undefined, 'expected a resource object, got an array'],
    [null, 'value[4]', undefined, 'expected a resource object, got null'],
  ])('rejects a bad envelope (%#)', (raw, path, resource, message) => {
    const e = rejected(raw);
    expect(e.origin.path).toBe(path);
    expect(e.resource).toBe(resource);
    expect(e.message).toContain(message);
  });

  it('formats an error with the file, the path and the resource', () => {
    const e = rejected(nsg({ securityRules: [rule('bad', { ...allow, priority: 'high' })] }));
    expect(formatInputError(e)).toBe(
      `estate.json (value[4].properties.securityRules[0].properties.priority): resource ${NET}/networkSecurityGroups/nsg: Invalid input: expected number, received string`,
    );
  });

  it('drops only the bad resource of a batch and counts ignored types', () => {
    const result = normalizeResources([
      { resource: nsg({}), origin: { file: 'a.json', path: '[0]' } },
      { resource: nsg({ securityRules: [rule('bad', { ...allow, priority: null })] }), origin: { file: 'a.json', path: '[1]' } },
      { resource: { id: 'x', type: 'Microsoft.Compute/virtualMachines' }, origin: { file: 'a.json', path: '[2]' } },
      { resource: { id: 'y', type: 'microsoft.compute/virtualmachines' }, origin: { file: 'a.json', path: '[3]' } },
    ]);
    expect(result.resources.map((r) => r.origin.path)).toEqual(['[0]']);
    expect(result.errors.map((e) => e.origin.path)).toEqual(['[1].properties.securityRules[0].properties.priority']);
    expect(result.ignored).toEqual({ 'microsoft.compute/virtualmachines': 2 });
  });

  it('keeps the raw resource, extra columns included, for export', () => {
    const raw = { ...nsg({}), subscriptionId: SUB, resourceGroup: 'rg-net' };
    const out = normalizeResource(raw, ORIGIN);
    expect(out.outcome === 'normalized' && out.raw).toBe(raw);
  });

  it('merges singular and plural values: singular first, no blanks, no duplicates', () => {
    expect(merged('a', ['b', 'a', '', 'c'])).toEqual(['a', 'b', 'c']);
    expect(merged('', null)).toEqual([]);
    expect(merged(undefined, ['x'])).toEqual(['x']);
  });
});

describe('normalize: never throws', () => {
  const TYPES = ['Microsoft.ApiManagement/service', 'Microsoft.Network/virtualNetworks', 'Microsoft.Network/virtualNetworks/subnets', 'Microsoft.Network/networkSecurityGroups', 'Microsoft.Network/publicIPAddresses', 'Microsoft.Network/routeTables'];
  const ID_FOR: Record<string, string> = {
    'Microsoft.ApiManagement/service': APIM,
    'Microsoft.Network/virtualNetworks': `${NET}/virtualNetworks/v`,
    'Microsoft.Network/virtualNetworks/subnets': `${NET}/virtualNetworks/v/subnets/s`,
    'Microsoft.Network/networkSecurityGroups': `${NET}/networkSecurityGroups/n`,
    'Microsoft.Network/publicIPAddresses': `${NET}/publicIPAddresses/p`,
    'Microsoft.Network/routeTables': `${NET}/routeTables/r`,
  };
  const check = (raw: unknown) => {
    let out: NormalizeOutcome | undefined;
    expect(() => {
      out = normalizeResource(raw, ORIGIN);
    }).not.toThrow();
    expect(['normalized', 'ignored', 'rejected']).toContain(out!.outcome);
    if (out!.outcome === 'rejected') expect(out!.error.origin.file).toBe('estate.json');
  };

  it('on arbitrary JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), check), { numRuns: 500 });
  });

  it('on arbitrary JSON shaped like a known resource, properties included', () => {
    const arbitraryResource = fc.record({
      type: fc.constantFrom(...TYPES),
      location: fc.oneof(fc.string(), fc.jsonValue()),
      sku: fc.jsonValue(),
      zones: fc.jsonValue(),
      tags: fc.jsonValue(),
      properties: fc.oneof(
        fc.jsonValue(),
        fc.dictionary(
          fc.constantFrom('securityRules', 'defaultSecurityRules', 'subnets', 'routes', 'additionalLocations', 'virtualNetworkType', 'addressSpace', 'ipTags', 'dnsSettings', 'virtualNetworkConfiguration', 'addressPrefix', 'addressPrefixes', 'delegations', '__proto__'),
          fc.oneof(fc.jsonValue(), fc.array(fc.record({ name: fc.jsonValue(), id: fc.jsonValue(), properties: fc.jsonValue() }, { requiredKeys: [] }))),
        ),
      ),
    });
    fc.assert(
      fc.property(arbitraryResource, fc.boolean(), (r, withId) => check(withId ? { ...r, id: ID_FOR[r.type] } : r)),
      { numRuns: 1000 },
    );
  });

  it('on JSON text with __proto__ keys', () => {
    check(JSON.parse(`{"id":"${NET}/publicIPAddresses/p","type":"Microsoft.Network/publicIPAddresses","location":"westeurope","tags":{"__proto__":"x"},"__proto__":{"id":"y"}}`));
    const out = normalizeResource(JSON.parse(`{"id":"${NET}/publicIPAddresses/p","type":"Microsoft.Network/publicIPAddresses","location":"westeurope","properties":{"__proto__":{"publicIPAllocationMethod":"Static"}}}`), ORIGIN);
    expect(out.outcome === 'normalized' && out.resource.value).toMatchObject({ allocationMethod: 'Dynamic' });
  });
});

describe('Azure CLI output with flattened properties', () => {
  it('is refused with a hint, instead of being read as an NSG without rules', () => {
    const flat = {
      id: `${NET}/networkSecurityGroups/nsg-flat`,
      name: 'nsg-flat',
      type: 'Microsoft.Network/networkSecurityGroups',
      location: 'westeurope',
      provisioningState: 'Succeeded',
      securityRules: [{ name: 'AllowApimManagement', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp' }],
    };
    const e = rejected(flat);
    expect(e.resource).toBe(`${NET}/networkSecurityGroups/nsg-flat`);
    expect(e.message).toContain('securityRules');
    expect(e.message).toContain('az rest');
  });
});

