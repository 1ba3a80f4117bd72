import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isChildIdOf,
  isValidResourceId,
  normalizeResourceId,
  parentResourceId,
  parseResourceId,
  ResourceIdError,
  sameResourceId,
  topLevelResourceId,
} from '../../src/arm/resource-id.js';

const SUB = '00000000-0000-0000-0000-000000000001';

describe('parseResourceId', () => {
  it('parses a child resource', () => {
    const id = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v1/subnets/s1`;
    const p = parseResourceId(id);
    expect(p).toMatchObject({ subscriptionId: SUB, resourceGroup: 'rg', provider: 'Microsoft.Network', type: 'Microsoft.Network/virtualNetworks/subnets', name: 's1' });
    expect(p.segments).toEqual([{ type: 'virtualNetworks', name: 'v1' }, { type: 'subnets', name: 's1' }]);
    expect(parentResourceId(id)).toBe(`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v1`);
  });

  it('maps a security rule to its NSG whatever the case', () => {
    const id = `/SUBSCRIPTIONS/${SUB}/resourcegroups/RG/providers/microsoft.network/networkSecurityGroups/nsg/securityRules/r1`;
    expect(topLevelResourceId(id)).toBe(`/SUBSCRIPTIONS/${SUB}/resourcegroups/RG/providers/microsoft.network/networkSecurityGroups/nsg`);
    expect(sameResourceId(topLevelResourceId(id), `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/NSG`)).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['subscriptions/x', 'must start'],
    [`/subscriptions/not-a-guid!/resourceGroups/rg`, 'GUID'],
    [`/subscriptions/${SUB}/resourceGroups`, 'resourceGroups/{name}'],
    [`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks`, 'type/name pairs'],
    [`/subscriptions/${SUB}/resourceGroups/rg//providers`, 'empty segment'],
    [`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/x/%ZZ`, 'URL encoding'],
  ])('rejects %j naming the problem', (value, reason) => {
    expect(() => parseResourceId(value)).toThrowError(ResourceIdError);
    expect(() => parseResourceId(value)).toThrowError(reason);
  });

  it('round-trips generated ids and compares them case-insensitively', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,20}$/);
    fc.assert(
      fc.property(fc.uuid(), name, name, name, (sub, rg, vnet, snet) => {
        const id = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${vnet}/subnets/${snet}`;
        const p = parseResourceId(id);
        expect(p.name).toBe(snet);
        expect(p.resourceGroup).toBe(rg);
        expect(sameResourceId(id.toUpperCase(), id)).toBe(true);
        expect(normalizeResourceId(`${id}/`)).toBe(id.toLowerCase());
      }),
    );
  });
});

describe('isValidResourceId', () => {
  const piece = fc.constantFrom(
    'subscriptions', 'SUBSCRIPTIONS', SUB, 'not-a-guid!', 'resourceGroups', 'resourcegroups', 'rg-net', 'providers', 'Microsoft.Network',
    'networkSecurityGroups', 'nsg-a', 'securityRules', 'rule 1', 'a%20b', 'a%zz', 'a\\b', 'a?b', 'x'.repeat(261), 'tab\there', '',
  );
  const arbId = fc.tuple(fc.array(piece, { maxLength: 10 }), fc.constantFrom('', '/', '//')).map(([parts, tail]) => `/${parts.join('/')}${tail}`);

  it('agrees with parseResourceId on every id, valid or not', () => {
    const parses = (id: string) => {
      try {
        parseResourceId(id);
        return true;
      } catch {
        return false;
      }
    };
    fc.assert(fc.property(fc.oneof(arbId, fc.string()), (id) => {
        expect(isValidResourceId(id)).toBe(parses(id));
      }), { numRuns: 2000 });
    expect(isValidResourceId(`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/n/securityRules/r`)).toBe(true);
  });
});

describe('isChildIdOf', () => {
  const NSG = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/networkSecurityGroups/nsg-a`;
  const parents = fc.constantFrom(NSG, NSG.toUpperCase(), `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v`, `/subscriptions/${SUB}/resourceGroups/rg`, `${NSG}/`);
  const names = fc.constantFrom('r', 'rule 1', 'a%20b', 'a%zz', '.', ' .. ', ' ', '', 'a/b', 'a\\b', 'a?b', 'x'.repeat(261), 'tab\there', 'Allow-443');
  const types = fc.constantFrom('securityRules', 'SECURITYRULES', 'defaultSecurityRules', 'subnets', 'security', '');
  const arbChild = fc.tuple(parents, parents, types, names, fc.constantFrom('', '/', '//'), fc.boolean()).map(([parent, written, type, name, tail, sameParent]) => ({
    parent,
    id: `${sameParent ? parent : written}/${type}/${name}${tail}`,
  }));

  it('holds only for ids that parse, under that parent, of that child type', () => {
    fc.assert(
      fc.property(arbChild, types, ({ parent, id }, type) => {
        if (!isChildIdOf(id, parent, type)) return;
        const parsed = parseResourceId(id);
        expect(sameResourceId(parentResourceId(id), parent)).toBe(true);
        expect(parsed.segments[parsed.segments.length - 1]!.type.toLowerCase()).toBe(type.toLowerCase());
      }),
      { numRuns: 3000 },
    );
  });

  it('holds for a child written under its parent, whatever the case', () => {
    expect(isChildIdOf(`${NSG}/securityRules/Allow-443`, NSG, 'securityRules')).toBe(true);
    expect(isChildIdOf(`${NSG.toLowerCase()}/securityrules/Allow 443/`, NSG, 'securityRules')).toBe(true);
    expect(isChildIdOf(`${NSG}/securityRules/a%20b`, NSG, 'securityRules')).toBe(false); // encoded: parsed instead
    expect(isChildIdOf(`${NSG}/defaultSecurityRules/x`, NSG, 'securityRules')).toBe(false);
    expect(isChildIdOf(`${NSG}-b/securityRules/x`, NSG, 'securityRules')).toBe(false);
  });
});
