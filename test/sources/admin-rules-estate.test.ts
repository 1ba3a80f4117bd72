/** The estate format for Virtual Network Manager effective security admin rules. */
import { describe, expect, it } from 'vitest';
import { evaluateInstance } from '../../src/engine/evaluate.js';
import { found } from '../../src/model/view.js';
import { RULES } from '../../src/rules/catalogue.js';
import { Estate } from '../../src/sources/estate.js';
import { apimIdOf, instanceResources, SUB } from '../cli/fixtures.js';
import { armAdminRuleItem, armEffectiveAdminRules } from '../support/synthetic-estate.js';

const VNET = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-a`;
const MANAGER = `/subscriptions/${SUB}/resourceGroups/rg-netops/providers/Microsoft.Network/networkManagers/avnm-corp`;
const denyMgmt = armAdminRuleItem({ networkManagerId: MANAGER, name: 'DenyMgmt', priority: 10, access: 'Deny', destinationPortRanges: ['3443'] });

describe('effective security admin rules in an estate', () => {
  it('without them an estate has no admin layer: the report is unchanged', () => {
    const estate = Estate.fromResources(instanceResources({ name: 'a', octet: 1 }));
    const view = estate.buildView(apimIdOf('a'))!;
    expect(view.locations[0]!.adminRules).toBeUndefined();
    expect(evaluateInstance(view, RULES).status).toBe('pass');
  });

  it('reads the wire shape: a committed Deny on 3443 fails a healthy instance, naming the rule', () => {
    const estate = Estate.fromResources([...instanceResources({ name: 'a', octet: 1 }), armEffectiveAdminRules(VNET, [denyMgmt])]);
    expect(estate.errors).toEqual([]);
    const view = estate.buildView(apimIdOf('a'))!;
    const rules = found(view.locations[0]!.adminRules)!.rules;
    expect(rules).toEqual([
      expect.objectContaining({ name: 'DenyMgmt', networkManagerId: MANAGER, configuration: 'cfg-prod', ruleCollection: 'rc-baseline', access: 'Deny', protocol: 'Tcp', priority: 10 }),
    ]);
    const report = evaluateInstance(view, RULES);
    expect(report.status).toBe('fail');
    expect(report.findings.map((f) => [f.ruleId, f.resourceId])).toEqual([['NSG_IN_MGMT_3443', (denyMgmt as { id: string }).id]]);
    // export writes what it read, as read.
    expect(estate.resources).toContainEqual(armEffectiveAdminRules(VNET, [denyMgmt]));
  });

  it('reads the SDK flattened shape and Azure spellings (Any, lower case)', () => {
    const { properties, ...rest } = denyMgmt as { properties: Record<string, unknown> };
    const flat = { ...rest, ...properties, protocol: 'Any', access: 'deny' };
    const estate = Estate.fromResources([...instanceResources({ name: 'a', octet: 1 }), armEffectiveAdminRules(VNET, [flat])]);
    expect(estate.errors).toEqual([]);
    expect(found(estate.buildView(apimIdOf('a'))!.locations[0]!.adminRules)!.rules[0]).toMatchObject({ protocol: '*', access: 'Deny' });
  });

  it.each([
    ['a priority out of 1..4096', { priority: 0 }, 'properties.value[0].properties.priority'],
    ['an unknown access', { access: 'Maybe' }, 'properties.value[0].properties.access'],
    ['a bad port', { destinationPortRanges: ['99999'] }, 'properties.value[0].properties'],
  ])('rejects %s, naming where', (_name, change, path) => {
    const bad = { ...denyMgmt, properties: { ...(denyMgmt.properties as object), ...change } };
    const estate = Estate.fromResources([...instanceResources({ name: 'a', octet: 1 }), armEffectiveAdminRules(VNET, [bad])], { source: 'estate.json' });
    expect(estate.errors).toHaveLength(1);
    expect(estate.errors[0]!.origin.path).toContain(path);
    expect(estate.errors[0]!.resource).toBe(`${VNET}/effectiveSecurityAdminRules/default`);
  });

  it('rejects an item without an id', () => {
    const { id: _id, ...noId } = denyMgmt as { id: string };
    const estate = Estate.fromResources([armEffectiveAdminRules(VNET, [noId])]);
    expect(estate.errors[0]!.message).toMatch(/id/);
  });
});
