import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SecurityRule } from '../../src/model/network.js';
import { AZURE_DEFAULT_SECURITY_RULES } from '../../src/network/default-rules.js';
import type { Endpoint, Flow, NetworkContext } from '../../src/network/flow.js';
import { evaluateFlow, type NsgRules } from '../../src/network/nsg-evaluator.js';
import { DEFAULT_RULES, rule } from '../support/view-builder.js';

const CONTEXT: NetworkContext = { virtualNetworkPrefixes: ['10.0.0.0/16'] };
const SUBNET: Endpoint = { prefixes: ['10.0.1.0/24'], mayBeInApplicationSecurityGroups: false };

const nsg = (...securityRules: SecurityRule[]): NsgRules => ({ securityRules, defaultSecurityRules: DEFAULT_RULES });
const inbound = (source: string, port: number, protocol: Flow['protocol'] = 'Tcp'): Flow => ({
  direction: 'Inbound',
  protocol,
  source: { tag: source },
  destination: SUBNET,
  port,
});
const outbound = (destination: string, port: number, protocol: Flow['protocol'] = 'Tcp'): Flow => ({
  direction: 'Outbound',
  protocol,
  source: SUBNET,
  destination: { tag: destination },
  port,
});
const allowIn = (name: string, priority: number, partial: Partial<SecurityRule> = {}) =>
  rule({ name, priority, direction: 'Inbound', access: 'Allow', ...partial });
const denyIn = (name: string, priority: number, partial: Partial<SecurityRule> = {}) =>
  rule({ name, priority, direction: 'Inbound', access: 'Deny', ...partial });
const allowOut = (name: string, priority: number, partial: Partial<SecurityRule> = {}) =>
  rule({ name, priority, direction: 'Outbound', access: 'Allow', ...partial });
const denyOut = (name: string, priority: number, partial: Partial<SecurityRule> = {}) =>
  rule({ name, priority, direction: 'Outbound', access: 'Deny', ...partial });

const decide = (rules: NsgRules, flow: Flow) => {
  const v = evaluateFlow(rules, flow, CONTEXT);
  return { outcome: v.outcome, by: v.decidingRule.name };
};

describe('evaluateFlow: order', () => {
  it('evaluates custom rules by ascending priority, whatever the array order', () => {
    const rules = nsg(
      allowIn('AllowMgmt', 300, { sourceAddressPrefixes: ['ApiManagement'], destinationPortRanges: ['3443'] }),
      denyIn('DenyMgmt', 200, { sourceAddressPrefixes: ['ApiManagement'], destinationPortRanges: ['3443'] }),
    );
    expect(decide(rules, inbound('ApiManagement', 3443))).toEqual({ outcome: 'denied', by: 'DenyMgmt' });
  });

  it('stops at the first rule that matches: an allow above a broader deny wins', () => {
    const rules = nsg(
      allowIn('AllowMgmt', 100, { sourceAddressPrefixes: ['ApiManagement'], destinationPortRanges: ['3443'] }),
      denyIn('DenyAll', 4000),
    );
    expect(decide(rules, inbound('ApiManagement', 3443))).toEqual({ outcome: 'allowed', by: 'AllowMgmt' });
    expect(decide(rules, inbound('Internet', 443))).toEqual({ outcome: 'denied', by: 'DenyAll' });
  });

  it('a deny of a containing tag shadows an allow of the contained tag (deny Internet 3443 at 100, allow ApiManagement at 200)', () => {
    const rules = nsg(
      denyIn('DenyInternet3443', 100, { sourceAddressPrefixes: ['Internet'], destinationPortRanges: ['3443'] }),
      allowIn('AllowMgmt', 200, { sourceAddressPrefixes: ['ApiManagement'], destinationPortRanges: ['3443'] }),
    );
    const v = evaluateFlow(rules, inbound('ApiManagement', 3443), CONTEXT);
    expect(v.outcome).toBe('denied');
    expect(v.decidingRule).toMatchObject({ name: 'DenyInternet3443', priority: 100, access: 'Deny', isDefault: false });
  });

  it('keeps directions apart', () => {
    const rules = nsg(denyOut('DenyAllOut', 100, { protocol: '*' }));
    expect(decide(rules, inbound('AzureLoadBalancer', 6390))).toEqual({ outcome: 'allowed', by: 'AllowVnetInBound' });
    expect(decide(rules, outbound('Storage', 443))).toEqual({ outcome: 'denied', by: 'DenyAllOut' });
  });

  it('matches the direction case-insensitively', () => {
    const rules = nsg({ ...allowIn('AllowMgmt', 100, { sourceAddressPrefixes: ['ApiManagement'] }), direction: 'inbound' as 'Inbound' });
    expect(decide(rules, inbound('ApiManagement', 3443)).outcome).toBe('allowed');
  });
});

describe('evaluateFlow: default rules', () => {
  it('denies inbound Internet 443 and ApiManagement 3443 with no custom rule (DenyAllInBound)', () => {
    const v = evaluateFlow(nsg(), inbound('Internet', 443), CONTEXT);
    expect(v).toMatchObject({ outcome: 'denied', decidingRule: { name: 'DenyAllInBound', priority: 65500, isDefault: true } });
    expect(decide(nsg(), inbound('ApiManagement', 3443)).outcome).toBe('denied');
  });

  it('allows every outbound dependency through AllowInternetOutBound', () => {
    for (const tag of ['Storage.WestEurope', 'Sql', 'AzureKeyVault', 'AzureMonitor', 'Internet']) {
      expect(decide(nsg(), outbound(tag, 443))).toEqual({ outcome: 'allowed', by: 'AllowInternetOutBound' });
    }
  });

  it('allows subnet to subnet traffic through AllowVnetOutBound', () => {
    const flow: Flow = { direction: 'Outbound', protocol: 'Udp', source: SUBNET, destination: { prefixes: ['10.0.1.0/24'] }, port: 4290 };
    expect(decide(nsg(), flow)).toEqual({ outcome: 'allowed', by: 'AllowVnetOutBound' });
  });

  it('uses the NSG’s own default rules when it has them, Azure’s six when it has none', () => {
    const renamed = DEFAULT_RULES.map((r) => (r.name === 'DenyAllInBound' ? { ...r, name: 'DenyAllInBoundAsReturned' } : r));
    expect(decide({ securityRules: [], defaultSecurityRules: renamed }, inbound('Internet', 443)).by).toBe('DenyAllInBoundAsReturned');
    expect(decide({ securityRules: [], defaultSecurityRules: [] }, inbound('Internet', 443)).by).toBe('DenyAllInBound');
    expect(AZURE_DEFAULT_SECURITY_RULES).toHaveLength(6);
  });

  it('ends with Azure’s DenyAll when a snapshot lost the default rules of a direction', () => {
    const onlyOutbound = DEFAULT_RULES.filter((r) => r.direction === 'Outbound');
    expect(decide({ securityRules: [], defaultSecurityRules: onlyOutbound }, inbound('Internet', 443))).toEqual({
      outcome: 'denied',
      by: 'DenyAllInBound',
    });
  });
});

describe('evaluateFlow: protocols and ports', () => {
  it.each([
    ['Tcp', 'Tcp', 'allowed'],
    ['tcp', 'Tcp', 'allowed'],
    ['*', 'Tcp', 'allowed'],
    ['*', 'Udp', 'allowed'],
    ['Udp', 'Udp', 'allowed'],
    ['Udp', 'Tcp', 'denied'],
    ['Icmp', 'Tcp', 'denied'],
    ['Esp', 'Tcp', 'denied'],
    ['Ah', 'Udp', 'denied'],
  ] as const)('a %s allow and a %s flow → %s', (protocol, flowProtocol, expected) => {
    const rules = nsg(allowIn('Allow', 100, { protocol, sourceAddressPrefixes: ['Internet'], destinationPortRanges: ['443'] }));
    expect(decide(rules, inbound('Internet', 443, flowProtocol)).outcome).toBe(expected);
  });

  it.each([
    [['443'], 443, 'allowed'],
    [['443'], 444, 'denied'],
    [['400-500'], 443, 'allowed'],
    [['400-500'], 501, 'denied'],
    [['80', '443'], 443, 'allowed'],
    [['80,443'], 443, 'allowed'],
    [['80, 8080-8090'], 8085, 'allowed'],
    [['80,8080-8090'], 443, 'denied'],
    [['*'], 65535, 'allowed'],
  ] as const)('destination ports %j and port %i → %s', (ports, port, expected) => {
    const rules = nsg(allowIn('Allow', 100, { sourceAddressPrefixes: ['Internet'], destinationPortRanges: [...ports] }));
    expect(decide(rules, inbound('Internet', port)).outcome).toBe(expected);
  });

  it('a source port restriction covers the flow only partly', () => {
    const rules = nsg(allowIn('AllowFromHighPorts', 100, { sourceAddressPrefixes: ['Internet'], sourcePortRanges: ['49152-65535'], destinationPortRanges: ['443'] }));
    const v = evaluateFlow(rules, inbound('Internet', 443), CONTEXT);
    expect(v.outcome).toBe('partly-allowed');
    expect(v.partialRules[0]).toMatchObject({ name: 'AllowFromHighPorts' });
    expect(v.partialRules[0]!.matches).toContain('source ports 49152-65535');
  });

  it('rejects a malformed rule with its name and field rather than guessing', () => {
    expect(() => evaluateFlow(nsg(allowIn('Broken', 100, { destinationPortRanges: ['4-3'] })), inbound('Internet', 443), CONTEXT)).toThrow(
      'rule "Broken": destination port range "4-3"',
    );
    expect(() => evaluateFlow(nsg(allowIn('Broken', 100, { protocol: 'Gre' })), inbound('Internet', 443), CONTEXT)).toThrow('rule "Broken": protocol');
    expect(() => evaluateFlow(nsg({ ...allowIn('Broken', 100), access: 'Maybe' as 'Allow' }), inbound('Internet', 443), CONTEXT)).toThrow(
      'rule "Broken": access "Maybe"',
    );
  });

  it('rejects a flow port out of range', () => {
    expect(() => evaluateFlow(nsg(), inbound('Internet', 70000), CONTEXT)).toThrow('flow port 70000');
  });
});

describe('evaluateFlow: addresses', () => {
  it('matches a list of prefixes (plural fields) by any member', () => {
    const rules = nsg(allowIn('AllowList', 100, { sourceAddressPrefixes: ['20.1.0.0/16', '52.0.0.0/8'], destinationPortRanges: ['443'] }));
    const flow = (ip: string): Flow => ({ ...inbound('Internet', 443), source: { prefixes: [ip] } });
    expect(decide(rules, flow('52.1.2.3')).outcome).toBe('allowed');
    expect(decide(rules, flow('20.1.9.9')).outcome).toBe('allowed');
    expect(decide(rules, flow('20.2.0.1')).outcome).toBe('denied');
  });

  it('matches the APIM side by CIDR containment; an overlap is only partial', () => {
    const full = nsg(allowIn('AllowToVnet', 100, { sourceAddressPrefixes: ['Internet'], destinationAddressPrefixes: ['10.0.0.0/16'], destinationPortRanges: ['443'] }));
    expect(decide(full, inbound('Internet', 443)).outcome).toBe('allowed');
    const half = nsg(allowIn('AllowToHalf', 100, { sourceAddressPrefixes: ['Internet'], destinationAddressPrefixes: ['10.0.1.0/25'], destinationPortRanges: ['443'] }));
    expect(decide(half, inbound('Internet', 443)).outcome).toBe('partly-allowed');
    const elsewhere = nsg(allowIn('AllowElsewhere', 100, { sourceAddressPrefixes: ['Internet'], destinationAddressPrefixes: ['10.0.2.0/24'], destinationPortRanges: ['443'] }));
    expect(decide(elsewhere, inbound('Internet', 443))).toEqual({ outcome: 'denied', by: 'DenyAllInBound' });
  });

  it('never matches an inbound rule aimed at the public IP (inbound is evaluated after DNAT)', () => {
    const rules = nsg(allowIn('AllowToVip', 100, { sourceAddressPrefixes: ['Internet'], destinationAddressPrefixes: ['20.50.60.70'], destinationPortRanges: ['443'] }));
    expect(decide(rules, inbound('Internet', 443))).toEqual({ outcome: 'denied', by: 'DenyAllInBound' });
  });

  it('follows service tag containment, regional tags included', () => {
    const allowStorage = (tag: string) => nsg(allowOut('AllowStorage', 100, { destinationAddressPrefixes: [tag], destinationPortRanges: ['443'] }), denyOut('DenyInternet', 4000, { destinationAddressPrefixes: ['Internet'] }));
    expect(decide(allowStorage('Storage'), outbound('Storage.WestEurope', 443)).outcome).toBe('allowed');
    expect(decide(allowStorage('Storage.WestEurope'), outbound('Storage.WestEurope', 443)).outcome).toBe('allowed');
    expect(decide(allowStorage('AzureCloud.WestEurope'), outbound('Storage.WestEurope', 443)).outcome).toBe('allowed');
    expect(decide(allowStorage('Storage.NorthEurope'), outbound('Storage.WestEurope', 443))).toEqual({ outcome: 'denied', by: 'DenyInternet' });
    expect(decide(allowStorage('Storage.WestEurope'), outbound('Storage', 443)).outcome).toBe('partly-allowed');
    expect(decide(allowStorage('Sql'), outbound('Storage.WestEurope', 443))).toEqual({ outcome: 'denied', by: 'DenyInternet' });
  });

  it('treats VirtualNetwork as the address space, holding the APIM subnet and the load balancer VIP', () => {
    const rules = nsg(denyIn('DenyVnet', 100, { protocol: '*', sourceAddressPrefixes: ['VirtualNetwork'] }));
    expect(decide(rules, inbound('AzureLoadBalancer', 6390))).toEqual({ outcome: 'denied', by: 'DenyVnet' });
    expect(decide(rules, inbound('Internet', 443))).toEqual({ outcome: 'denied', by: 'DenyAllInBound' });
    const toVnet = nsg(allowIn('AllowMgmtToVnet', 100, { sourceAddressPrefixes: ['ApiManagement'], destinationAddressPrefixes: ['VirtualNetwork'], destinationPortRanges: ['3443'] }));
    expect(decide(toVnet, inbound('ApiManagement', 3443)).outcome).toBe('allowed');
  });

  it('does not fold route prefixes into VirtualNetwork: Internet stays outside it', () => {
    const rules = nsg(denyOut('DenyInternet', 100, { destinationAddressPrefixes: ['Internet'] }));
    expect(decide(rules, outbound('Storage', 443))).toEqual({ outcome: 'denied', by: 'DenyInternet' });
  });

  it('never applies application security groups to APIM’s NICs', () => {
    const asg = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/applicationSecurityGroups/asg-apim';
    const rules = nsg(
      allowIn('AllowMgmtToAsg', 100, { sourceAddressPrefixes: ['ApiManagement'], destinationAddressPrefixes: [], destinationApplicationSecurityGroups: [asg], destinationPortRanges: ['3443'] }),
    );
    expect(decide(rules, inbound('ApiManagement', 3443))).toEqual({ outcome: 'denied', by: 'DenyAllInBound' });
  });
});

describe('evaluateFlow: partly allowed', () => {
  it('an allow for part of the tag above a deny of the whole (AzureActiveDirectory:80 over deny Internet, flow Internet:80)', () => {
    const rules = nsg(
      allowOut('AllowAad80', 100, { destinationAddressPrefixes: ['AzureActiveDirectory'], destinationPortRanges: ['80'] }),
      denyOut('DenyInternet', 200, { protocol: '*', destinationAddressPrefixes: ['Internet'] }),
    );
    const v = evaluateFlow(rules, outbound('Internet', 80), CONTEXT);
    expect(v.outcome).toBe('partly-allowed');
    expect(v.decidingRule).toMatchObject({ name: 'DenyInternet', access: 'Deny', isDefault: false });
    expect(v.partialRules).toHaveLength(1);
    expect(v.partialRules[0]).toMatchObject({ name: 'AllowAad80', priority: 100, access: 'Allow' });
    expect(v.uncovered).toContain('custom rule AllowAad80 (priority 100, Allow)');
    expect(v.uncovered).toContain('destination Internet only as far as AzureActiveDirectory');
    expect(v.uncovered).toContain('denied by custom rule DenyInternet (priority 200, Deny)');
  });

  it('a deny of part of the tag above the allow that decides', () => {
    const rules = nsg(
      denyOut('DenyBadRange', 100, { destinationAddressPrefixes: ['20.0.0.0/8'] }),
      allowOut('AllowHttp', 200, { destinationAddressPrefixes: ['Internet'], destinationPortRanges: ['80'] }),
    );
    const v = evaluateFlow(rules, outbound('Internet', 80), CONTEXT);
    expect(v.outcome).toBe('partly-allowed');
    expect(v.decidingRule.name).toBe('AllowHttp');
    expect(v.partialRules.map((p) => p.name)).toEqual(['DenyBadRange']);
    expect(v.uncovered).toMatch(/part matched by custom rule DenyBadRange .* is denied; the rest is allowed by custom rule AllowHttp/);
  });

  it('a partial rule with the deciding rule’s own access changes nothing', () => {
    const rules = nsg(
      allowOut('AllowAad80', 100, { destinationAddressPrefixes: ['AzureActiveDirectory'], destinationPortRanges: ['80'] }),
      allowOut('AllowHttp', 200, { destinationAddressPrefixes: ['Internet'], destinationPortRanges: ['80'] }),
    );
    expect(evaluateFlow(rules, outbound('Internet', 80), CONTEXT)).toMatchObject({ outcome: 'allowed', partialRules: [] });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Properties

const ADDRESSES = ['*', 'Internet', 'AzureCloud', 'ApiManagement', 'Storage', 'Storage.WestEurope', 'Sql', 'AzureLoadBalancer', 'VirtualNetwork', '10.0.1.0/24', '10.0.1.0/25', '20.0.0.0/8', '10.0.0.0/16'];
const arbRule = (priority: number) =>
  fc
    .record({
      direction: fc.constantFrom('Inbound' as const, 'Outbound' as const),
      access: fc.constantFrom('Allow' as const, 'Deny' as const),
      protocol: fc.constantFrom('Tcp', 'Udp', '*', 'Icmp'),
      source: fc.constantFrom(...ADDRESSES),
      destination: fc.constantFrom(...ADDRESSES),
      sourcePorts: fc.constantFrom('*', '*', '*', '1024-65535', '49152-65535'),
      ports: fc.constantFrom('*', '443', '80,443', '1000-5000', '3443', '6390'),
    })
    .map((r) =>
      rule({
        name: `R${priority}`,
        priority,
        direction: r.direction,
        access: r.access,
        protocol: r.protocol,
        sourceAddressPrefixes: [r.source],
        destinationAddressPrefixes: [r.destination],
        sourcePortRanges: [r.sourcePorts],
        destinationPortRanges: [r.ports],
      }),
    );
const arbRules: fc.Arbitrary<SecurityRule[]> = fc
  .uniqueArray(fc.integer({ min: 100, max: 4000 }), { maxLength: 8 })
  .chain((priorities) => fc.tuple(...priorities.map(arbRule)).map((rules): SecurityRule[] => [...rules]));
const REMOTE = ['Internet', 'ApiManagement', 'Storage.WestEurope', 'AzureLoadBalancer', 'VirtualNetwork', 'AzureTrafficManager', 'Sql.WestEurope'];
const arbFlow: fc.Arbitrary<Flow> = fc
  .record({
    inbound: fc.boolean(),
    remote: fc.oneof(fc.constantFrom(...REMOTE).map((tag): Endpoint => ({ tag })), fc.constantFrom('20.1.2.3', '10.0.1.0/24', '10.0.2.5').map((p): Endpoint => ({ prefixes: [p] }))),
    protocol: fc.constantFrom('Tcp' as const, 'Udp' as const),
    port: fc.constantFrom(80, 443, 1433, 3443, 6390, 4290),
  })
  .map(({ inbound: isIn, remote, protocol, port }) =>
    isIn
      ? { direction: 'Inbound', protocol, source: remote, destination: SUBNET, port }
      : { direction: 'Outbound', protocol, source: SUBNET, destination: remote, port },
  );

describe('evaluateFlow: properties', () => {
  it('reversing the custom rule array never changes the verdict', () => {
    fc.assert(
      fc.property(arbRules, arbFlow, (rules, flow) => {
        const a = evaluateFlow(nsg(...rules), flow, CONTEXT);
        const b = evaluateFlow(nsg(...[...rules].reverse()), flow, CONTEXT);
        expect(b).toEqual(a);
      }),
    );
  });

  it('adding a rule evaluated after the deciding rule never changes the verdict', () => {
    fc.assert(
      fc.property(arbRules, arbFlow, fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 1000 }), (rules, flow, gap, seed) => {
        const before = evaluateFlow(nsg(...rules), flow, CONTEXT);
        if (before.decidingRule.isDefault) return;
        const priority = before.decidingRule.priority + gap;
        if (priority > 4096 || rules.some((r) => r.priority === priority)) return;
        const extra = fc.sample(arbRule(priority), { numRuns: 1, seed })[0]!;
        expect(evaluateFlow(nsg(...rules, extra), flow, CONTEXT)).toEqual(before);
      }),
    );
  });

  it('with only the default rules gives the documented defaults', () => {
    const insideVnet = (e: Endpoint) =>
      'tag' in e ? e.tag === 'VirtualNetwork' || e.tag === 'AzureLoadBalancer' : e.prefixes.every((p) => p.startsWith('10.0.'));
    fc.assert(
      fc.property(arbFlow, (flow) => {
        const v = evaluateFlow(nsg(), flow, CONTEXT);
        const remote = flow.direction === 'Inbound' ? flow.source : flow.destination;
        if (insideVnet(remote)) {
          expect(v).toMatchObject({ outcome: 'allowed', decidingRule: { name: flow.direction === 'Inbound' ? 'AllowVnetInBound' : 'AllowVnetOutBound' } });
        } else if (flow.direction === 'Inbound') {
          expect(v).toMatchObject({ outcome: 'denied', decidingRule: { name: 'DenyAllInBound' } });
        } else {
          expect(v).toMatchObject({ outcome: 'allowed', decidingRule: { name: 'AllowInternetOutBound' } });
        }
      }),
    );
  });

  it('an allow of * at the highest priority allows every flow of its direction', () => {
    fc.assert(
      fc.property(arbRules, arbFlow, (rules, flow) => {
        const top = rule({ name: 'AllowEverything', priority: 99, direction: flow.direction, access: 'Allow', protocol: '*' });
        expect(evaluateFlow(nsg(top, ...rules), flow, CONTEXT)).toMatchObject({ outcome: 'allowed', decidingRule: { name: 'AllowEverything' } });
      }),
    );
  });
});
