/**
 * The evaluator caches compiled rules, address sets per VNet extent and verdicts per (NSG, VNet extent,
 * flow), sharing a verdict between subnets when no rule can tell them apart. These properties evaluate
 * random estates (NSGs shared by subnets of several VNets, CIDRs on every side, the host VIP
 * 168.63.129.16 inside and outside the address space) in a random order through the cached evaluator and
 * compare every verdict with the uncached reference (test/support/reference-nsg-evaluator.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SecurityRule } from '../../src/model/network.js';
import type { Endpoint, Flow, NetworkContext } from '../../src/network/flow.js';
import { evaluateFlow, type NsgRules } from '../../src/network/nsg-evaluator.js';
import { referenceEvaluateFlow } from '../support/reference-nsg-evaluator.js';
import { DEFAULT_RULES, rule } from '../support/view-builder.js';

// CIDRs around the VNets below: inside a subnet, straddling subnets, the whole VNet, beyond it, the host VIP.
const CIDRS = [
  '10.0.1.0/24', '10.0.1.0/25', '10.0.1.128/25', '10.0.0.0/16', '10.0.0.0/8', '10.1.0.0/16', '10.0.1.7', '10.0.2.0/23',
  '20.0.0.0/8', '20.1.2.3', '168.63.129.16', '168.63.129.16/32', '168.63.0.0/16', '172.16.0.0/12', '192.168.1.0/24', '100.64.0.0/10',
];
const TAGS = ['Internet', 'AzureCloud', 'ApiManagement', 'Storage', 'Storage.WestEurope', 'Sql', 'AzureLoadBalancer', 'VirtualNetwork', 'AzureTrafficManager'];
const arbItems = fc.array(fc.constantFrom('*', ...TAGS, ...CIDRS, ...CIDRS), { minLength: 1, maxLength: 3 });
const arbAsgs = fc.constantFrom<string[]>([], [], [], ['/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/applicationSecurityGroups/asg-a']);

const arbRule = (priority: number): fc.Arbitrary<SecurityRule> =>
  fc
    .record({
      direction: fc.constantFrom('Inbound' as const, 'Outbound' as const),
      access: fc.constantFrom('Allow' as const, 'Deny' as const),
      protocol: fc.constantFrom('Tcp', 'Udp', '*'),
      source: arbItems,
      destination: arbItems,
      sourceAsgs: arbAsgs,
      destinationAsgs: arbAsgs,
      sourcePorts: fc.constantFrom('*', '*', '1024-65535', '49152-65535'),
      ports: fc.constantFrom('*', '443', '53', '1000-5000', '3443'),
    })
    .map((r) =>
      rule({
        name: `R${priority}`,
        priority,
        direction: r.direction,
        access: r.access,
        protocol: r.protocol,
        sourceAddressPrefixes: r.source,
        destinationAddressPrefixes: r.destination,
        sourceApplicationSecurityGroups: r.sourceAsgs,
        destinationApplicationSecurityGroups: r.destinationAsgs,
        sourcePortRanges: [r.sourcePorts],
        destinationPortRanges: [r.ports],
      }),
    );
const arbNsg: fc.Arbitrary<NsgRules> = fc
  .uniqueArray(fc.integer({ min: 100, max: 4096 }), { maxLength: 10 })
  .chain((priorities) => fc.tuple(...priorities.map(arbRule)))
  .map((rules) => ({ securityRules: [...rules], defaultSecurityRules: DEFAULT_RULES }));

const VNETS = [['10.0.0.0/16'], ['10.0.0.0/16', '168.63.0.0/16'], ['10.0.0.0/24', '10.0.1.0/24'], ['20.0.0.0/16'], []];
const SUBNETS = [['10.0.1.0/24'], ['10.0.1.0/25'], ['10.0.2.0/24'], ['10.0.1.0/24', '10.0.3.0/26'], ['168.63.129.0/24'], ['20.0.5.0/24'], ['10.0.0.16/28']];
const REMOTE: Endpoint[] = [
  ...['Internet', 'ApiManagement', 'Storage.WestEurope', 'AzureLoadBalancer', 'VirtualNetwork', 'AzureTrafficManager', 'Sql'].map((tag) => ({ tag })),
  { prefixes: ['168.63.129.16'] },
  { prefixes: ['10.0.1.4'] },
  { prefixes: ['20.1.2.3'], mayBeInApplicationSecurityGroups: true },
  { prefixes: ['10.1.0.4', '192.168.1.9'] },
];
interface FlowShape {
  inbound: boolean;
  remote: number;
  protocol: Flow['protocol'];
  port: number;
  asg: boolean | undefined;
}
const arbShape: fc.Arbitrary<FlowShape> = fc.record({
  inbound: fc.boolean(),
  remote: fc.nat(REMOTE.length - 1),
  protocol: fc.constantFrom('Tcp' as const, 'Udp' as const),
  port: fc.constantFrom(53, 443, 3443, 6390, 1433, 2000),
  asg: fc.constantFrom(false, false, true, undefined),
});

function flowOf(shape: FlowShape, subnet: readonly string[]): Flow {
  const apim: Endpoint = shape.asg === undefined ? { prefixes: subnet } : { prefixes: subnet, mayBeInApplicationSecurityGroups: shape.asg };
  const remote = REMOTE[shape.remote]!;
  return shape.inbound
    ? { direction: 'Inbound', protocol: shape.protocol, source: remote, destination: apim, port: shape.port }
    : { direction: 'Outbound', protocol: shape.protocol, source: apim, destination: remote, port: shape.port };
}

/** Sites: an NSG (shared), a VNet address space and a subnet, with the context built as the rules build it. */
const arbSites = fc.array(fc.record({ nsg: fc.nat(2), vnet: fc.nat(VNETS.length - 1), subnet: fc.nat(SUBNETS.length - 1) }), { minLength: 1, maxLength: 8 });

describe('evaluateFlow: cached verdicts equal uncached ones', () => {
  it('on random estates whose NSGs are shared by subnets of several VNets, in any order', () => {
    fc.assert(
      fc.property(fc.tuple(arbNsg, arbNsg, arbNsg), arbSites, fc.array(arbShape, { minLength: 1, maxLength: 12 }), (nsgs, sites, shapes) => {
        for (const shape of shapes) {
          for (const site of sites) {
            const subnet = SUBNETS[site.subnet]!;
            const context: NetworkContext = { virtualNetworkPrefixes: [...VNETS[site.vnet]!, ...subnet] };
            const flow = flowOf(shape, subnet);
            const nsg = nsgs[site.nsg]!;
            expect(evaluateFlow(nsg, flow, context)).toEqual(referenceEvaluateFlow(nsg, flow, context));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a verdict shared between subnets still names the asking subnet in its partial matches', () => {
    const nsg: NsgRules = {
      securityRules: [
        rule({
          name: 'DenyAsg',
          priority: 100,
          direction: 'Inbound',
          access: 'Deny',
          destinationAddressPrefixes: [],
          destinationApplicationSecurityGroups: ['/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/applicationSecurityGroups/asg-a'],
        }),
        rule({ name: 'AllowIn', priority: 200, direction: 'Inbound', access: 'Allow', sourceAddressPrefixes: ['Internet'], destinationAddressPrefixes: ['VirtualNetwork'] }),
      ],
      defaultSecurityRules: DEFAULT_RULES,
    };
    const ask = (subnet: string) =>
      evaluateFlow(nsg, { direction: 'Inbound', protocol: 'Tcp', source: { tag: 'Internet' }, destination: { prefixes: [subnet], mayBeInApplicationSecurityGroups: true }, port: 443 }, { virtualNetworkPrefixes: ['10.0.0.0/16', subnet] });
    const first = ask('10.0.1.0/24');
    const second = ask('10.0.2.0/24');
    expect(first.outcome).toBe('partly-allowed');
    expect(first.uncovered).toContain('destination 10.0.1.0/24 only as far as ASG asg-a');
    expect(second.uncovered).toContain('destination 10.0.2.0/24 only as far as ASG asg-a');
    expect(second).toEqual(referenceEvaluateFlow(nsg, second.flow, { virtualNetworkPrefixes: ['10.0.0.0/16', '10.0.2.0/24'] }));
  });
});
