/** The layered evaluator: Virtual Network Manager admin rules first, then the NSG. Tables and properties. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AdminAccess, SecurityAdminRule, SecurityRule } from '../../src/model/network.js';
import type { Endpoint, Flow, NetworkContext } from '../../src/network/flow.js';
import { UnresolvedAdminRuleError } from '../../src/network/admin-layer.js';
import { evaluateLayeredFlow } from '../../src/network/layered-evaluator.js';
import { evaluateFlow, type NsgRules } from '../../src/network/nsg-evaluator.js';
import { adminRule, DEFAULT_RULES, NETWORK_MANAGER, rule } from '../support/view-builder.js';

const CONTEXT: NetworkContext = { virtualNetworkPrefixes: ['10.0.0.0/16'] };
const SUBNET: Endpoint = { prefixes: ['10.0.1.0/24'], mayBeInApplicationSecurityGroups: false };
const MGMT: Flow = { direction: 'Inbound', protocol: 'Tcp', source: { tag: 'ApiManagement' }, destination: SUBNET, port: 3443 };
const nsg = (...securityRules: SecurityRule[]): NsgRules => ({ securityRules, defaultSecurityRules: DEFAULT_RULES });
const GOOD = nsg(rule({ name: 'AllowMgmt', priority: 100, direction: 'Inbound', access: 'Allow', sourceAddressPrefixes: ['ApiManagement'], destinationPortRanges: ['3443'] }));
const BAD = nsg(rule({ name: 'DenyMgmt', priority: 100, direction: 'Inbound', access: 'Deny', destinationPortRanges: ['3443'] }));

describe('evaluateLayeredFlow: tables', () => {
  const cases: Array<[string, SecurityAdminRule[], NsgRules, string, string, string]> = [
    ['no admin rules, good NSG', [], GOOD, 'allowed', 'nsg', 'AllowMgmt'],
    ['no admin rules, bad NSG', [], BAD, 'denied', 'nsg', 'DenyMgmt'],
    ['Deny above a good NSG', [adminRule({ name: 'D', priority: 10, access: 'Deny' })], GOOD, 'denied', 'admin', 'D'],
    ['AlwaysAllow above a bad NSG', [adminRule({ name: 'AA', priority: 10, access: 'AlwaysAllow' })], BAD, 'allowed', 'admin', 'AA'],
    ['Allow falls through to a bad NSG', [adminRule({ name: 'A', priority: 10, access: 'Allow' })], BAD, 'denied', 'nsg', 'DenyMgmt'],
    ['Allow falls through to a good NSG', [adminRule({ name: 'A', priority: 10, access: 'Allow' })], GOOD, 'allowed', 'nsg', 'AllowMgmt'],
    [
      'lower number wins: AlwaysAllow 5 over Deny 10',
      [adminRule({ name: 'D', priority: 10, access: 'Deny' }), adminRule({ name: 'AA', priority: 5, access: 'AlwaysAllow' })],
      BAD,
      'allowed',
      'admin',
      'AA',
    ],
    [
      'lower number wins: Deny 5 over AlwaysAllow 10',
      [adminRule({ name: 'D', priority: 5, access: 'Deny' }), adminRule({ name: 'AA', priority: 10, access: 'AlwaysAllow' })],
      GOOD,
      'denied',
      'admin',
      'D',
    ],
    ['an Allow first does not stop a later Deny', [adminRule({ name: 'A', priority: 1, access: 'Allow' }), adminRule({ name: 'D', priority: 2, access: 'Deny' })], GOOD, 'denied', 'admin', 'D'],
    ['other direction is ignored', [adminRule({ name: 'D', priority: 1, access: 'Deny', direction: 'Outbound' })], GOOD, 'allowed', 'nsg', 'AllowMgmt'],
    ['other protocol is ignored', [adminRule({ name: 'D', priority: 1, access: 'Deny', protocol: 'Udp' })], GOOD, 'allowed', 'nsg', 'AllowMgmt'],
    ['other port is ignored', [adminRule({ name: 'D', priority: 1, access: 'Deny', destinationPortRanges: ['22'] })], GOOD, 'allowed', 'nsg', 'AllowMgmt'],
    ['Any protocol (normalized to *) matches', [adminRule({ name: 'D', priority: 1, access: 'Deny', protocol: '*' })], GOOD, 'denied', 'admin', 'D'],
    [
      'a Deny from a tag the flow is not from is ignored',
      [adminRule({ name: 'D', priority: 1, access: 'Deny', sources: [{ prefix: 'AzureLoadBalancer', type: 'ServiceTag' }] })],
      GOOD,
      'allowed',
      'nsg',
      'AllowMgmt',
    ],
  ];
  it.each(cases)('%s', (_name, adminRules, nsgRules, outcome, layer, deciding) => {
    const verdict = evaluateLayeredFlow({ adminRules, nsg: nsgRules }, MGMT, CONTEXT);
    expect([verdict.outcome, verdict.layer, verdict.decidingRule.name]).toEqual([outcome, layer, deciding]);
  });

  it('AlwaysAllow keeps the NSG verdict it overrides; a Deny names its admin rule', () => {
    const rescued = evaluateLayeredFlow({ adminRules: [adminRule({ name: 'AA', priority: 10, access: 'AlwaysAllow' })], nsg: BAD }, MGMT, CONTEXT);
    expect(rescued.shadowedNsgVerdict?.decidingRule.name).toBe('DenyMgmt');
    const denied = evaluateLayeredFlow({ adminRules: [adminRule({ name: 'D', priority: 10, access: 'Deny' })], nsg: GOOD }, MGMT, CONTEXT);
    expect(denied.adminRule).toMatchObject({ name: 'D', configuration: 'cfg-prod', ruleCollection: 'rc-baseline', networkManagerId: NETWORK_MANAGER });
  });

  it('a terminating rule on an unresolved network group throws; one that cannot match on other grounds does not', () => {
    const group = [{ prefix: `${NETWORK_MANAGER}/networkGroups/ng`, type: 'NetworkGroup' as const }];
    expect(() => evaluateLayeredFlow({ adminRules: [adminRule({ name: 'G', priority: 1, access: 'Deny', sources: group })], nsg: GOOD }, MGMT, CONTEXT)).toThrow(
      UnresolvedAdminRuleError,
    );
    const otherPort = adminRule({ name: 'G', priority: 1, access: 'Deny', sources: group, destinationPortRanges: ['22'] });
    expect(evaluateLayeredFlow({ adminRules: [otherPort], nsg: GOOD }, MGMT, CONTEXT).outcome).toBe('allowed');
    // A group beside a prefix that already covers the flow: the rule matches whatever the group holds.
    const covered = adminRule({ name: 'G', priority: 1, access: 'Deny', sources: [...group, { prefix: '*', type: 'IPPrefix' }] });
    expect(evaluateLayeredFlow({ adminRules: [covered], nsg: GOOD }, MGMT, CONTEXT).outcome).toBe('denied');
  });
});

// --- properties ---

const ADDRESSES = ['*', 'Internet', 'ApiManagement', 'Storage', 'AzureLoadBalancer', 'VirtualNetwork', '10.0.1.0/24', '20.0.0.0/8'];
const arbNsgRule = (priority: number) =>
  fc
    .record({
      direction: fc.constantFrom('Inbound' as const, 'Outbound' as const),
      access: fc.constantFrom('Allow' as const, 'Deny' as const),
      source: fc.constantFrom(...ADDRESSES),
      destination: fc.constantFrom(...ADDRESSES),
      ports: fc.constantFrom('*', '443', '3443', '1000-5000'),
    })
    .map((r) => rule({ name: `N${priority}`, priority, direction: r.direction, access: r.access, sourceAddressPrefixes: [r.source], destinationAddressPrefixes: [r.destination], destinationPortRanges: [r.ports] }));
const arbAdminRule = (priority: number, accesses: AdminAccess[]) =>
  fc
    .record({
      direction: fc.constantFrom('Inbound' as const, 'Outbound' as const),
      access: fc.constantFrom(...accesses),
      source: fc.constantFrom(...ADDRESSES),
      destination: fc.constantFrom(...ADDRESSES),
      ports: fc.constantFrom('*', '443', '3443', '1000-5000'),
    })
    .map((r) =>
      adminRule({
        name: `A${priority}`,
        priority,
        direction: r.direction,
        access: r.access,
        sources: [{ prefix: r.source, type: 'IPPrefix' }],
        destinations: [{ prefix: r.destination, type: 'IPPrefix' }],
        destinationPortRanges: [r.ports],
      }),
    );
const arbList = <T>(make: (priority: number) => fc.Arbitrary<T>, min: number, max: number) =>
  fc.uniqueArray(fc.integer({ min, max }), { maxLength: 6 }).chain((ps) => fc.tuple(...ps.map(make)).map((xs): T[] => [...xs]));
const arbFlow: fc.Arbitrary<Flow> = fc
  .record({ inbound: fc.boolean(), remote: fc.constantFrom('Internet', 'ApiManagement', 'Storage', 'AzureLoadBalancer'), port: fc.constantFrom(443, 3443, 1433) })
  .map(({ inbound, remote, port }): Flow =>
    inbound ? { direction: 'Inbound', protocol: 'Tcp', source: { tag: remote }, destination: SUBNET, port } : { direction: 'Outbound', protocol: 'Tcp', source: SUBNET, destination: { tag: remote }, port },
  );

describe('evaluateLayeredFlow: properties', () => {
  it('Allow-only admin rules never change the NSG outcome', () => {
    fc.assert(
      fc.property(arbList((p) => arbAdminRule(p, ['Allow']), 1, 4096), arbList(arbNsgRule, 100, 4096), arbFlow, (adminRules, rules, flow) => {
        const alone = evaluateFlow(nsg(...rules), flow, CONTEXT);
        const layered = evaluateLayeredFlow({ adminRules, nsg: nsg(...rules) }, flow, CONTEXT);
        expect([layered.outcome, layered.layer, layered.decidingRule]).toEqual([alone.outcome, 'nsg', alone.decidingRule]);
      }),
    );
  });

  it('when an admin rule decides, the NSG does not matter', () => {
    const terminating: AdminAccess[] = ['Allow', 'AlwaysAllow', 'Deny'];
    fc.assert(
      fc.property(arbList((p) => arbAdminRule(p, terminating), 1, 4096), arbList(arbNsgRule, 100, 4096), arbList(arbNsgRule, 100, 4096), arbFlow, (adminRules, a, b, flow) => {
        const first = evaluateLayeredFlow({ adminRules, nsg: nsg(...a) }, flow, CONTEXT);
        if (first.layer !== 'admin') return;
        const second = evaluateLayeredFlow({ adminRules, nsg: nsg(...b) }, flow, CONTEXT);
        expect([second.outcome, second.adminRule]).toEqual([first.outcome, first.adminRule]);
      }),
    );
  });

  it('the order in which admin rules are listed never changes the verdict', () => {
    fc.assert(
      fc.property(arbList((p) => arbAdminRule(p, ['Allow', 'AlwaysAllow', 'Deny']), 1, 4096), arbList(arbNsgRule, 100, 4096), arbFlow, (adminRules, rules, flow) => {
        const a = evaluateLayeredFlow({ adminRules, nsg: nsg(...rules) }, flow, CONTEXT);
        const b = evaluateLayeredFlow({ adminRules: [...adminRules].reverse(), nsg: nsg(...rules) }, flow, CONTEXT);
        expect(b).toEqual(a);
      }),
    );
  });

  it('a Deny matching every flow ahead of every other admin rule always denies', () => {
    fc.assert(
      fc.property(arbList((p) => arbAdminRule(p, ['Allow', 'AlwaysAllow', 'Deny']), 2, 4096), arbList(arbNsgRule, 100, 4096), arbFlow, (adminRules, rules, flow) => {
        const denyAll = adminRule({ name: 'DenyAll', priority: 1, access: 'Deny', direction: flow.direction, protocol: '*' });
        const verdict = evaluateLayeredFlow({ adminRules: [...adminRules, denyAll], nsg: nsg(...rules) }, flow, CONTEXT);
        expect([verdict.outcome, verdict.layer, verdict.decidingRule.name]).toEqual(['denied', 'admin', 'DenyAll']);
      }),
    );
  });
});
