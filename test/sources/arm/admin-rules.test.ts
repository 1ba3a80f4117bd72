/**
 * The live reads of Virtual Network Manager effective security admin rules against the ARM simulator:
 * paged, each VNet once, a refusal makes the instance unknown, and throttling is retried.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { effectiveAdminRulesId } from '../../../src/arm/resource-id.js';
import { evaluateInstance } from '../../../src/engine/evaluate.js';
import { found } from '../../../src/model/view.js';
import { RULES } from '../../../src/rules/catalogue.js';
import { LiveArmReader } from '../../../src/sources/arm/live-reader.js';
import { Estate } from '../../../src/sources/estate.js';
import { apimIdOf, instanceResources, SUB } from '../../cli/fixtures.js';
import { ArmSimulator } from '../../support/arm-simulator.js';
import { connectTo } from '../../support/arm-simulator-connection.js';
import { ADMIN_RULES_ROUTE } from '../../support/arm-simulator-network.js';
import { armAdminRuleItem, armEffectiveAdminRules } from '../../support/synthetic-estate.js';

const VNET = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-a`;
const MANAGER = `/subscriptions/${SUB}/resourceGroups/rg-netops/providers/Microsoft.Network/networkManagers/avnm-corp`;
// 24 harmless rules (other ports) and, last by listing order, the Deny on 3443: it is on the second page.
const harmless = Array.from({ length: 24 }, (_, i) => armAdminRuleItem({ networkManagerId: MANAGER, name: `DenyPort${i}`, priority: 100 + i, access: 'Deny', destinationPortRanges: [String(10_000 + i)] }));
const denyMgmt = armAdminRuleItem({ networkManagerId: MANAGER, name: 'DenyMgmt', priority: 10, access: 'Deny', destinationPortRanges: ['3443'] });

let sim: ArmSimulator;
beforeAll(async () => {
  sim = await ArmSimulator.start([...instanceResources({ name: 'a', octet: 1 }), armEffectiveAdminRules(VNET, [...harmless, denyMgmt])]);
});
afterAll(async () => sim.stop());
afterEach(() => {
  sim.resetCounters();
  sim.faults.clear(3);
  sim.allowAll();
});

const reader = () => new LiveArmReader({ connection: connectTo(sim), neighbours: false });

describe('effective security admin rules, read live', () => {
  test('are read page by page (20 a page) and the Deny on the second page fails the instance', async () => {
    const view = (await reader().loadInstance(apimIdOf('a')))!;
    expect(found(view.locations[0]!.adminRules)!.rules).toHaveLength(25);
    expect(sim.requestsFor(ADMIN_RULES_ROUTE)).toBe(2);
    const pages = sim.log.filter((r) => r.route === ADMIN_RULES_ROUTE);
    expect(pages.map((p) => [p.path.includes('%24top=20') || p.path.includes('$top=20'), p.body])).toEqual([
      [true, {}],
      [true, { skipToken: 'sim-20' }],
    ]);
    const report = evaluateInstance(view, RULES);
    expect(report.status).toBe('fail');
    expect(report.findings[0]).toMatchObject({ ruleId: 'NSG_IN_MGMT_3443', resourceId: (denyMgmt as { id: string }).id });
  });

  test('export writes them, and the export checks the same as live', async () => {
    const live = await new LiveArmReader({ connection: connectTo(sim), scope: { subscriptions: [SUB] } }).sweep();
    const written = live.resources.find((r) => r.id === effectiveAdminRulesId(VNET))!;
    expect((written.properties!.value as unknown[]).length).toBe(25);
    const fromExport = Estate.fromResources(JSON.parse(JSON.stringify(live.resources)));
    expect(fromExport.errors).toEqual([]);
    expect(evaluateInstance(fromExport.buildView(apimIdOf('a'))!, RULES)).toEqual(evaluateInstance(live.views[0]!, RULES));
  });

  test('a 403 on the list makes the instance unknown, naming the permission', async () => {
    sim.injectFault({ route: ADMIN_RULES_ROUTE, kind: 'forbidden' });
    const view = (await reader().loadInstance(apimIdOf('a')))!;
    expect(view.locations[0]!.adminRules).toMatchObject({ state: 'unreadable' });
    const report = evaluateInstance(view, RULES);
    expect(report.status).toBe('unknown');
    expect(report.findings.find((f) => f.ruleId === 'RESOURCE_UNREADABLE')!.remediation).toContain('listNetworkManagerEffectiveSecurityAdminRules/action');
  });

  test('a throttled page is retried and the result is complete', async () => {
    sim.injectFault({ route: ADMIN_RULES_ROUTE, kind: 'throttle', retryAfterMs: 1, after: 1, times: 1 });
    const view = (await reader().loadInstance(apimIdOf('a')))!;
    expect(found(view.locations[0]!.adminRules)!.rules).toHaveLength(25);
    expect(sim.requestsFor(ADMIN_RULES_ROUTE)).toBe(3);
  });

  test('without the reads the NSG alone decides and no list is sent', async () => {
    const view = (await new LiveArmReader({ connection: connectTo(sim), neighbours: false, adminRules: false }).loadInstance(apimIdOf('a')))!;
    expect(view.locations[0]!.adminRules).toBeUndefined();
    expect(evaluateInstance(view, RULES).status).toBe('pass');
    expect(sim.requestsFor(ADMIN_RULES_ROUTE)).toBe(0);
  });
});
