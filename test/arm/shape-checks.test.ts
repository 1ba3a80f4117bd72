import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeResource, type NormalizeOutcome } from '../../src/arm/normalize.js';
import {
  isPlainApiManagementService,
  isPlainNetworkSecurityGroup,
  isPlainPublicIp,
  isPlainRouteTable,
  isPlainSubnet,
  isPlainVirtualNetwork,
} from '../../src/arm/shape-checks.js';
import { apimSchema, networkSecurityGroupSchema, publicIpSchema, routeTableSchema, standaloneSubnetSchema, virtualNetworkSchema } from '../../src/arm/schemas.js';

const SUB = '00000000-0000-0000-0000-000000000001';
const NSG_ID = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg`;
const RT_ID = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt`;

// Values of every JSON kind, right and wrong, for any field.
const anyValue = fc.constantFrom<unknown>(undefined, null, '', 'x', 'Inbound', 'deny', 'ALLOW', 'Tcp', '443', 'internal', 'External', 'westeurope', '10.0.0.0/24', 100, 0, 1.5, -1, 2 ** 60, true, false, [], ['a'], [1], [null], [{ id: NSG_ID }], [{ id: 'bad' }], [{}], [{ location: 'eastus' }], {}, { a: 'b' }, { a: 1 }, { id: NSG_ID }, NSG_ID, '/subscriptions/x/bad');

function mutated(base: Record<string, unknown>, paths: string[][]): fc.Arbitrary<Record<string, unknown>> {
  return fc.array(fc.tuple(fc.constantFrom(...paths), anyValue), { maxLength: 3 }).map((changes) => {
    const copy = structuredClone(base);
    for (const [path, value] of changes) {
      let o: Record<string, unknown> = copy;
      for (const k of path.slice(0, -1)) {
        if (typeof o[k] !== 'object' || o[k] === null) o[k] = {};
        o = o[k] as Record<string, unknown>;
      }
      // A copy: the constants of anyValue are shared between runs and later changes may reach inside them.
      o[path[path.length - 1]!] = structuredClone(value);
    }
    return copy;
  });
}

const rule = {
  id: `${NSG_ID}/securityRules/r`,
  name: 'r',
  properties: { priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: '*', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRanges: ['443'], sourceApplicationSecurityGroups: [{ id: NSG_ID }] },
};
const nsg = { id: NSG_ID, type: 'Microsoft.Network/networkSecurityGroups', name: 'nsg', location: 'westeurope', tags: { a: 'b' }, properties: { securityRules: [rule], defaultSecurityRules: [rule] } };
const NSG_PATHS = [
  ['id'], ['type'], ['name'], ['location'], ['zones'], ['tags'], ['properties'], ['properties', 'securityRules'], ['properties', 'defaultSecurityRules'],
  ...['id', 'name', 'properties'].map((k) => ['properties', 'securityRules', '0', k]),
  ...Object.keys(rule.properties).concat('description', 'destinationAddressPrefixes', 'destinationApplicationSecurityGroups').map((k) => ['properties', 'securityRules', '0', 'properties', k]),
];
const table = { id: RT_ID, type: 'Microsoft.Network/routeTables', location: 'westeurope', properties: { disableBgpRoutePropagation: true, routes: [{ name: 'r', id: `${RT_ID}/routes/r`, properties: { addressPrefix: '10.0.0.0/8', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.0.4' } }] } };
const RT_PATHS = [['id'], ['location'], ['tags'], ['properties'], ['properties', 'routes'], ['properties', 'disableBgpRoutePropagation'], ...['addressPrefix', 'nextHopType', 'nextHopIpAddress'].map((k) => ['properties', 'routes', '0', 'properties', k]), ['properties', 'routes', '0', 'id']];

describe('shape checks: accept only what the schema accepts', () => {
  it('network security groups', () => {
    expect(isPlainNetworkSecurityGroup(nsg)).toBe(true);
    fc.assert(
      fc.property(mutated(nsg, NSG_PATHS), (r) => {
        if (isPlainNetworkSecurityGroup(r)) expect(networkSecurityGroupSchema.safeParse(r).success).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('route tables', () => {
    expect(isPlainRouteTable(table)).toBe(true);
    fc.assert(
      fc.property(mutated(table, RT_PATHS), (r) => {
        if (isPlainRouteTable(r)) expect(routeTableSchema.safeParse(r).success).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

const NET = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network`;
const VNET_ID = `${NET}/virtualNetworks/vnet`;
const PIP_ID = `${NET}/publicIPAddresses/pip`;
const APIM_ID = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ApiManagement/service/apim`;
const link = { id: `${VNET_ID}/subnets/s/resourceNavigationLinks/l`, name: 'l', properties: { linkedResourceType: 'Microsoft.ApiManagement/service', link: APIM_ID } };
const inlineSubnet = {
  id: `${VNET_ID}/subnets/s`,
  name: 's',
  properties: {
    addressPrefix: '10.0.1.0/24',
    addressPrefixes: ['10.0.1.0/24', '10.0.2.0/24'],
    delegations: [{ name: 'd', properties: { serviceName: 'Microsoft.Web/serverFarms' } }],
    networkSecurityGroup: { id: NSG_ID },
    routeTable: { id: RT_ID },
    natGateway: null,
    serviceEndpoints: [{ service: 'Microsoft.Storage' }],
    serviceEndpointPolicies: [],
    ipConfigurations: [{ id: `${APIM_ID}/x/y` }],
    resourceNavigationLinks: [link],
    serviceAssociationLinks: [],
  },
};
const SUBNET_PATHS = [
  [], ...Object.keys(inlineSubnet.properties).concat('extra').map((k) => ['properties', k]),
  ['properties', 'delegations', '0', 'properties'], ['properties', 'delegations', '0', 'name'], ['properties', 'serviceEndpoints', '0', 'service'],
  ['properties', 'resourceNavigationLinks', '0', 'id'], ['properties', 'resourceNavigationLinks', '0', 'properties', 'link'], ['properties', 'networkSecurityGroup', 'id'],
].map((p) => p);
const vnet = {
  id: VNET_ID,
  type: 'Microsoft.Network/virtualNetworks',
  name: 'vnet',
  location: 'westeurope',
  tags: { team: 'net' },
  properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, dhcpOptions: { dnsServers: ['10.0.0.4'] }, subnets: [inlineSubnet, { name: 'nameonly', properties: { addressPrefix: '10.0.3.0/24' } }] },
};
const VNET_PATHS = [
  ['id'], ['type'], ['name'], ['location'], ['zones'], ['tags'], ['properties'], ['properties', 'addressSpace'], ['properties', 'addressSpace', 'addressPrefixes'],
  ['properties', 'dhcpOptions'], ['properties', 'dhcpOptions', 'dnsServers'], ['properties', 'subnets'], ['properties', 'subnets', '1'], ['properties', 'subnets', '1', 'id'],
  ...SUBNET_PATHS.map((p) => ['properties', 'subnets', '0', ...p]).filter((p) => p.length > 3),
  ['properties', 'subnets', '0', 'id'], ['properties', 'subnets', '0', 'name'],
];
const subnetResource = { ...inlineSubnet, type: 'Microsoft.Network/virtualNetworks/subnets' };
const STANDALONE_SUBNET_PATHS = [['id'], ['name'], ['properties'], ...SUBNET_PATHS.filter((p) => p.length > 0)];
const pip = {
  id: PIP_ID,
  type: 'Microsoft.Network/publicIPAddresses',
  name: 'pip',
  location: 'westeurope',
  zones: ['1', '2', '3'],
  sku: { name: 'Standard', tier: 'Regional' },
  properties: { publicIPAddressVersion: 'IPv4', publicIPAllocationMethod: 'static', dnsSettings: { domainNameLabel: 'apim' }, ipTags: [{ ipTagType: 'RoutingPreference', tag: 'Internet' }], ipConfiguration: { id: `${APIM_ID}/x/y` } },
};
const PIP_PATHS = [
  ['id'], ['location'], ['zones'], ['tags'], ['sku'], ['sku', 'name'], ['sku', 'tier'], ['properties'],
  ...['publicIPAddressVersion', 'publicIPAllocationMethod', 'dnsSettings', 'ipTags', 'ipConfiguration'].map((k) => ['properties', k]),
  ['properties', 'dnsSettings', 'domainNameLabel'], ['properties', 'ipTags', '0', 'tag'], ['properties', 'ipConfiguration', 'id'],
];
const apim = {
  id: APIM_ID,
  type: 'Microsoft.ApiManagement/service',
  name: 'apim',
  location: 'West Europe',
  zones: ['1'],
  tags: { owner: 'team-a@contoso.com' },
  sku: { name: 'Premium', capacity: 2 },
  properties: {
    virtualNetworkType: 'external',
    virtualNetworkConfiguration: { subnetResourceId: `${VNET_ID}/subnets/s`, vnetid: null },
    publicIpAddressId: PIP_ID,
    platformVersion: 'stv2',
    additionalLocations: [
      { location: 'North Europe', sku: { name: 'Premium', capacity: 1 }, zones: ['1', '2'], publicIpAddressId: PIP_ID, virtualNetworkConfiguration: { subnetResourceId: `${VNET_ID}/subnets/s` }, platformVersion: 'stv2.1', disableGateway: false },
    ],
  },
};
const APIM_PATHS = [
  ['id'], ['name'], ['location'], ['zones'], ['tags'], ['sku'], ['sku', 'name'], ['sku', 'capacity'], ['properties'],
  ...['virtualNetworkType', 'virtualNetworkConfiguration', 'publicIpAddressId', 'platformVersion', 'additionalLocations'].map((k) => ['properties', k]),
  ['properties', 'virtualNetworkConfiguration', 'subnetResourceId'], ['properties', 'additionalLocations', '1'],
  ...['location', 'sku', 'zones', 'publicIpAddressId', 'virtualNetworkConfiguration', 'platformVersion', 'disableGateway'].map((k) => ['properties', 'additionalLocations', '0', k]),
  ['properties', 'additionalLocations', '0', 'sku', 'capacity'],
];

/** What normalization says of a resource, without the input itself (the outcome's `raw`). */
function said(outcome: NormalizeOutcome): unknown {
  return outcome.outcome === 'normalized' ? { outcome: outcome.outcome, resource: outcome.resource } : outcome;
}

/** Every object and array reachable from `value`. */
function objectsIn(value: unknown, out = new Set<object>()): Set<object> {
  if (typeof value === 'object' && value !== null && !out.has(value)) {
    out.add(value);
    for (const v of Object.values(value)) objectsIn(v, out);
  }
  return out;
}

const ORIGIN = { file: 'estate.json', path: '[0]' };

describe.each([
  { type: 'API Management services', base: apim, paths: APIM_PATHS, check: isPlainApiManagementService, schema: apimSchema },
  { type: 'virtual networks with inline subnets', base: vnet, paths: VNET_PATHS, check: isPlainVirtualNetwork, schema: virtualNetworkSchema },
  { type: 'subnets', base: subnetResource, paths: STANDALONE_SUBNET_PATHS, check: isPlainSubnet, schema: standaloneSubnetSchema },
  { type: 'public IP addresses', base: pip, paths: PIP_PATHS, check: isPlainPublicIp, schema: publicIpSchema },
  { type: 'network security groups', base: nsg, paths: NSG_PATHS, check: isPlainNetworkSecurityGroup, schema: networkSecurityGroupSchema },
  { type: 'route tables', base: table, paths: RT_PATHS, check: isPlainRouteTable, schema: routeTableSchema },
])('fast path for $type', ({ base, paths, check, schema }) => {
  it('is taken for the plain resource', () => {
    expect(check(base as Record<string, unknown>)).toBe(true);
    expect(normalizeResource(base, ORIGIN).outcome).toBe('normalized');
  });

  it('accepts only what the schema accepts, and gives the same outcome as zod (model, or the same error)', () => {
    fc.assert(
      fc.property(mutated(base as Record<string, unknown>, paths), (r) => {
        if (check(r)) expect(schema.safeParse(r).success).toBe(true);
        expect(said(normalizeResource(r, ORIGIN))).toEqual(said(normalizeResource(r, ORIGIN, { schemaOnly: true })));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps no object or array of the input in the model', () => {
    fc.assert(
      fc.property(mutated(base as Record<string, unknown>, paths), (r) => {
        const outcome = normalizeResource(r, ORIGIN);
        if (outcome.outcome !== 'normalized') return;
        const input = objectsIn(r);
        for (const o of objectsIn(outcome.resource)) expect(input.has(o)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
