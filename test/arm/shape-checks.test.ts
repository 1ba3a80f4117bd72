import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlainNetworkSecurityGroup, isPlainRouteTable } from '../../src/arm/shape-checks.js';
import { networkSecurityGroupSchema, routeTableSchema } from '../../src/arm/schemas.js';

const SUB = '00000000-0000-0000-0000-000000000001';
const NSG_ID = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg`;
const RT_ID = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt`;

// Values of every JSON kind, right and wrong, for any field.
const anyValue = fc.constantFrom<unknown>(undefined, null, '', 'x', 'Inbound', 'deny', 'ALLOW', 'Tcp', '443', 100, 1.5, -1, 2 ** 60, true, [], ['a'], [1], [null], [{ id: NSG_ID }], [{ id: 'bad' }], {}, { a: 'b' }, { a: 1 }, NSG_ID, '/subscriptions/x/bad');

function mutated(base: Record<string, unknown>, paths: string[][]): fc.Arbitrary<Record<string, unknown>> {
  return fc.array(fc.tuple(fc.constantFrom(...paths), anyValue), { maxLength: 3 }).map((changes) => {
    const copy = structuredClone(base);
    for (const [path, value] of changes) {
      let o: Record<string, unknown> = copy;
      for (const k of path.slice(0, -1)) {
        if (typeof o[k] !== 'object' || o[k] === null) o[k] = {};
        o = o[k] as Record<string, unknown>;
      }
      o[path[path.length - 1]!] = value;
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
