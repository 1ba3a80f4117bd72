/** The synthetic estate generator (test/support/synthetic-estate.ts) that the benchmark relies on. */
import { describe, expect, it } from 'vitest';
import { RESOURCE_TYPES } from '../../src/arm/resource-id.js';
import { evaluateInstance } from '../../src/engine/evaluate.js';
import { RULES } from '../../src/rules/catalogue.js';
import { Estate } from '../../src/sources/estate.js';
import { syntheticEstate, type SyntheticEstateOptions } from '../support/synthetic-estate.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const base: SyntheticEstateOptions = { instances: 40, subscriptions: 3, nsgRules: 30, routes: 7 };

const ofType = (resources: ReturnType<typeof syntheticEstate>, type: string) => resources.filter((r) => r.type === type);

describe('synthetic estate', () => {
  it('generates N instances over S subscriptions whose ids are UUIDs', () => {
    const resources = syntheticEstate(base);
    const instances = ofType(resources, RESOURCE_TYPES.apim);
    expect(instances).toHaveLength(40);
    const subscriptions = new Set(resources.map((r) => r.id.split('/')[2]!));
    expect(subscriptions.size).toBe(3);
    for (const s of subscriptions) expect(s).toMatch(UUID);
  });

  it('gives each NSG R custom rules plus the six defaults, and each route table T routes', () => {
    const resources = syntheticEstate(base);
    const nsgs = ofType(resources, RESOURCE_TYPES.networkSecurityGroup);
    expect(nsgs).toHaveLength(40);
    for (const nsg of nsgs) {
      expect(nsg.properties!.securityRules).toHaveLength(30);
      expect(nsg.properties!.defaultSecurityRules).toHaveLength(6);
      const priorities = (nsg.properties!.securityRules as Array<{ properties: { priority: number; direction: string } }>).map(
        (r) => `${r.properties.direction}:${r.properties.priority}`,
      );
      expect(new Set(priorities).size).toBe(priorities.length);
    }
    const tables = ofType(resources, RESOURCE_TYPES.routeTable);
    expect(tables).toHaveLength(40);
    for (const t of tables) expect(t.properties!.routes).toHaveLength(7);
  });

  it('shares NSGs and route tables between instances when asked', () => {
    const resources = syntheticEstate({ ...base, instancesPerNsg: 5, instancesPerRouteTable: 10 });
    // 40 instances over 3 subscriptions: 14, 14 and 12 per subscription; groups never cross one.
    expect(ofType(resources, RESOURCE_TYPES.networkSecurityGroup)).toHaveLength(3 + 3 + 3);
    expect(ofType(resources, RESOURCE_TYPES.routeTable)).toHaveLength(2 + 2 + 2);
  });

  it('is deterministic, and a window of the estate equals the same part of the whole', () => {
    const whole = syntheticEstate(base);
    expect(JSON.stringify(syntheticEstate(base))).toBe(JSON.stringify(whole));
    const window = syntheticEstate({ ...base, offset: 10, count: 5 });
    const instanceIds = ofType(window, RESOURCE_TYPES.apim).map((r) => r.id);
    expect(ofType(whole, RESOURCE_TYPES.apim).slice(10, 15).map((r) => r.id)).toEqual(instanceIds);
    const nsgOfWindow = ofType(window, RESOURCE_TYPES.networkSecurityGroup)[0]!;
    expect(whole.find((r) => r.id === nsgOfWindow.id)).toEqual(nsgOfWindow);
    expect(JSON.stringify(syntheticEstate({ ...base, seed: 7 }))).not.toBe(JSON.stringify(whole));
  });

  it('loads without input errors and evaluates healthy, except the NSGs broken on purpose', () => {
    const resources = syntheticEstate({ ...base, brokenEvery: 4 });
    const estate = Estate.fromResources(resources);
    expect(estate.describeErrors()).toEqual([]);
    const reports = estate.buildViews().map((v) => evaluateInstance(v, RULES));
    expect(reports).toHaveLength(40);
    const failing = reports.filter((r) => r.status === 'fail');
    const unexpected = reports.filter((r) => r.status !== 'pass' && r.status !== 'fail');
    expect(unexpected.map((r) => `${r.name}: ${r.findings.map((f) => f.ruleId).join(', ')}`)).toEqual([]);
    // Every fourth NSG of a subscription (3 of 14, 14 and 12 instances) lacks the management rule;
    // every instance behind one fails on that rule only.
    const broken = ofType(resources, RESOURCE_TYPES.networkSecurityGroup).filter(
      (n) => !(n.properties!.securityRules as Array<{ name: string }>).some((r) => r.name === 'AllowApiManagementInbound'),
    );
    expect(broken).toHaveLength(9);
    expect(failing).toHaveLength(9);
    for (const r of failing) expect(r.findings.map((f) => f.ruleId)).toEqual(['NSG_IN_MGMT_3443']);
    for (const r of reports.filter((x) => x.status === 'pass')) expect(r.findings).toEqual([]);
  });

  it('rejects impossible sizes', () => {
    expect(() => syntheticEstate({ ...base, subscriptions: 0 })).toThrow(/subscriptions must be a positive integer/);
    expect(() => syntheticEstate({ ...base, instances: 1.5 })).toThrow(/instances/);
  });
});
