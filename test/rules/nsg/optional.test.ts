/** The NSG rules of optional features (reference §2.2 rows 5, 6, 9, 11-13, 16): degraded, never breaking. */
import { describe, expect, it } from 'vitest';
import type { SecurityRule } from '../../../src/model/network.js';
import { nsgRules as NSG_RULES } from '../../../src/rules/nsg/index.js';
import { nsgInAlb6391 } from '../../../src/rules/nsg/in-alb-6391.js';
import { nsgOutOptionalAad } from '../../../src/rules/nsg/out-optional-aad.js';
import { nsgOutOptionalConnectors } from '../../../src/rules/nsg/out-optional-connectors.js';
import { nsgOutOptionalEventHub } from '../../../src/rules/nsg/out-optional-eventhub.js';
import { nsgOutOptionalRedis } from '../../../src/rules/nsg/out-optional-redis.js';
import { findingsOf, runRuleTests } from '../../support/rule-tester.js';
import { buildView, ids, rule } from '../../support/view-builder.js';
import { allowOut, denyAllInbound, denyInternetOutbound, nsgRules, twoLocations, viewWith } from './nsg-views.js';

const NSG = ids.nsg('nsg-apim-weu');
const STV1 = { platform: 'stv1' as const, platformVersion: 'stv1' };
const OPTIONAL = ' An optional feature, so reported as degraded';
/** The recommended NSG with Internet outbound denied below it (Microsoft's quickstart shape). */
const internetDenied = (...extra: SecurityRule[]) => nsgRules({ extra: [...extra, denyInternetOutbound()] });
const denyVnetOutbound = (priority = 4000) =>
  rule({ name: 'DenyVnetOutbound', priority, direction: 'Outbound', access: 'Deny', protocol: '*', sourceAddressPrefixes: ['*'], destinationAddressPrefixes: ['VirtualNetwork'] });
const allowBoth = (name: string, priority: number, source: string, destination: string, protocol: string, ports: string) => [
  rule({ name: `${name}In`, priority, direction: 'Inbound', access: 'Allow', protocol, sourceAddressPrefixes: [source], destinationAddressPrefixes: [destination], destinationPortRanges: [ports] }),
  rule({ name: `${name}Out`, priority, direction: 'Outbound', access: 'Allow', protocol, sourceAddressPrefixes: [source], destinationAddressPrefixes: [destination], destinationPortRanges: [ports] }),
];

runRuleTests(nsgInAlb6391, {
  valid: [
    { name: 'Microsoft’s recommended NSG: AllowAzureLoadBalancerInBound (65001) allows it', view: buildView() },
    { name: 'Developer tier, recommended NSG', view: buildView({ instance: { skuName: 'Developer' } }) },
    {
      name: 'a deny-all inbound below an allow of 6390-6391',
      view: viewWith(nsgRules({ without: ['AllowLoadBalancer'], extra: [rule({ name: 'AllowLb', priority: 120, direction: 'Inbound', access: 'Allow', sourceAddressPrefixes: ['AzureLoadBalancer'], destinationPortRanges: ['6390-6391'] }), denyAllInbound()] })),
    },
    { name: 'stv1: NSG_IN_ALB_ANY_STV1 checks every port instead', view: viewWith(nsgRules({ extra: [denyAllInbound()] }), { instance: STV1 }) },
  ],
  invalid: [
    {
      name: 'a custom deny-all inbound leaves only 6390 allowed',
      view: viewWith(nsgRules({ extra: [denyAllInbound()] })),
      errors: [
        {
          severity: 'degraded',
          resourceId: NSG,
          messageIncludes: ['inbound AzureLoadBalancer → subnet snet-apim (10.0.1.0/24) on TCP 6391', 'it is decided by custom rule DenyAllInboundCustom (priority 4000, Deny)', 'Per-machine health monitoring', 'optional'],
          evidence: { verdict: 'denied', decidingRule: { name: 'DenyAllInboundCustom', isDefault: false }, suggestedRule: { sourceAddressPrefixes: ['AzureLoadBalancer'], destinationPortRanges: ['6391'] } },
        },
      ],
    },
  ],
});

runRuleTests(nsgOutOptionalAad, {
  valid: [
    { name: 'Microsoft’s recommended NSG: AllowInternetOutBound (65001) allows it', view: buildView() },
    { name: 'Internet denied, AzureActiveDirectory allowed above', view: viewWith(internetDenied(allowOut('AllowAad', 150, 'AzureActiveDirectory', ['443']))) },
    { name: 'Internet denied, AzureCloud 443 allowed above (contains AzureActiveDirectory)', view: viewWith(internetDenied(allowOut('AllowCloud', 150, 'AzureCloud', ['443']))) },
  ],
  invalid: [
    {
      name: 'Internet outbound denied with no Entra ID allow',
      view: viewWith(internetDenied()),
      errors: [
        {
          severity: 'degraded',
          messageIncludes: ['outbound subnet snet-apim (10.0.1.0/24) → AzureActiveDirectory on TCP 443', 'custom rule DenyInternetOutbound (priority 4000, Deny)', 'Entra ID sign-in to the developer portal', 'Key Vault named values', 'Reported as degraded'],
          evidence: { suggestedRule: { destinationAddressPrefixes: ['AzureActiveDirectory'], destinationPortRanges: ['443'] } },
        },
      ],
    },
    {
      name: 'AzureActiveDirectory allowed on port 80 only',
      view: viewWith(internetDenied(allowOut('AllowAad80', 150, 'AzureActiveDirectory', ['80']))),
      errors: [{ messageIncludes: ['DenyInternetOutbound'] }],
    },
  ],
});

runRuleTests(nsgOutOptionalConnectors, {
  valid: [
    { name: 'Microsoft’s recommended NSG', view: buildView() },
    { name: 'Internet denied, AzureConnectors allowed above', view: viewWith(internetDenied(allowOut('AllowConnectors', 150, 'AzureConnectors', ['443']))) },
    { name: 'Internal mode, recommended NSG', view: buildView({ instance: { networkMode: 'Internal' } }) },
  ],
  invalid: [
    {
      name: 'Internet outbound denied with no connectors allow',
      view: viewWith(internetDenied()),
      errors: [{ severity: 'degraded', messageIncludes: ['→ AzureConnectors on TCP 443', 'DenyInternetOutbound', 'Managed connections (credential manager)', OPTIONAL] }],
    },
    {
      name: 'the regional tag of another service does not cover it',
      view: viewWith(internetDenied(allowOut('AllowStorage443', 150, 'Storage', ['443']))),
      errors: [{ messageIncludes: ['AzureConnectors'] }],
    },
  ],
});

runRuleTests(nsgOutOptionalEventHub, {
  valid: [
    { name: 'Microsoft’s recommended NSG', view: buildView() },
    { name: 'Internet denied, EventHub on all three ports', view: viewWith(internetDenied(allowOut('AllowEventHub', 150, 'EventHub', ['5671-5672', '443']))) },
    { name: 'the location’s regional tag is enough', view: viewWith(internetDenied(allowOut('AllowEventHubWeu', 150, 'EventHub.WestEurope', ['5671', '5672', '443']))) },
  ],
  invalid: [
    {
      name: 'Internet outbound denied: one finding per port',
      view: viewWith(internetDenied()),
      errors: [
        { severity: 'degraded', messageIncludes: ['→ EventHub.westeurope on TCP 5671', 'log-to-eventhub', 'port 5671', OPTIONAL], evidence: { flow: { port: 5671 } } },
        { messageIncludes: ['TCP 5672'] },
        { messageIncludes: ['TCP 443'] },
      ],
    },
    {
      name: 'only AMQP allowed: HTTPS (443) still denied',
      view: viewWith(internetDenied(allowOut('AllowEventHubAmqp', 150, 'EventHub', ['5671-5672']))),
      errors: [{ messageIncludes: ['EventHub.westeurope on TCP 443', 'DenyInternetOutbound'] }],
    },
    {
      name: 'another region’s EventHub tag does not serve West Europe',
      view: viewWith(internetDenied(allowOut('AllowEventHubNeu', 150, 'EventHub.NorthEurope', ['5671', '5672', '443']))),
      errors: [{ messageIncludes: ['TCP 5671'] }, { messageIncludes: ['TCP 5672'] }, { messageIncludes: ['TCP 443'] }],
    },
  ],
});

runRuleTests(nsgOutOptionalRedis, {
  valid: [
    { name: 'Microsoft’s recommended NSG: AllowVnetInBound and AllowVnetOutBound allow it', view: buildView() },
    { name: 'Internet outbound denied does not touch VirtualNetwork traffic', view: viewWith(internetDenied()) },
    {
      name: 'deny-alls both ways below VirtualNetwork allows of the cache ports',
      view: viewWith(nsgRules({ extra: [...allowBoth('AllowCacheTcp', 200, 'VirtualNetwork', 'VirtualNetwork', 'Tcp', '6380-6383'), ...allowBoth('AllowRateLimit', 210, 'VirtualNetwork', 'VirtualNetwork', 'Udp', '4290'), denyAllInbound(), denyVnetOutbound()] })),
    },
    {
      name: 'sync allowed within the subnet only: the machines share it',
      view: viewWith(nsgRules({ extra: [...allowBoth('AllowCache', 200, 'VirtualNetwork', 'VirtualNetwork', 'Tcp', '6380'), ...allowBoth('AllowSync', 210, '10.0.1.0/24', '10.0.1.0/24', '*', '6381-6383,4290'), denyAllInbound(), denyVnetOutbound()] })),
    },
  ],
  invalid: [
    {
      name: 'a custom deny-all inbound: every feature fails inbound, one finding each',
      view: viewWith(nsgRules({ extra: [denyAllInbound()] })),
      errors: [
        { severity: 'degraded', resourceId: NSG, messageIncludes: ['inbound VirtualNetwork → subnet snet-apim (10.0.1.0/24) on TCP 6380', 'custom rule DenyAllInboundCustom (priority 4000, Deny)', 'external Azure Cache for Redis', OPTIONAL] },
        {
          messageIncludes: ['inbound subnet snet-apim (10.0.1.0/24) → subnet snet-apim (10.0.1.0/24) on TCP 6381', 'internal cache', 'blocked ports 6381, 6382, 6383'],
          evidence: { failingPorts: [6381, 6382, 6383], suggestedRule: { direction: 'Inbound', sourceAddressPrefixes: ['VirtualNetwork'], destinationAddressPrefixes: ['VirtualNetwork'], destinationPortRanges: ['6381-6383'] } },
        },
        { messageIncludes: ['on UDP 4290', 'rate-limit counters'], evidence: { suggestedRule: { protocol: 'Udp', destinationPortRanges: ['4290'] } } },
      ],
    },
    {
      name: 'a deny of VirtualNetwork outbound: every feature fails outbound',
      view: viewWith(nsgRules({ extra: [denyVnetOutbound()] })),
      errors: [
        { messageIncludes: ['outbound subnet snet-apim (10.0.1.0/24) → VirtualNetwork on TCP 6380', 'DenyVnetOutbound'] },
        { messageIncludes: ['outbound subnet snet-apim (10.0.1.0/24) → subnet snet-apim (10.0.1.0/24) on TCP 6381'] },
        { messageIncludes: ['on UDP 4290'] },
      ],
    },
    {
      name: 'a TCP-only allow of the sync ports leaves the UDP rate-limit sync denied',
      view: viewWith(nsgRules({ extra: [...allowBoth('AllowCacheTcp', 200, 'VirtualNetwork', 'VirtualNetwork', 'Tcp', '4290,6380-6383'), denyAllInbound()] })),
      errors: [{ messageIncludes: ['on UDP 4290', 'DenyAllInboundCustom'] }],
    },
    {
      name: 'one sync port denied: the finding names only it',
      view: viewWith(nsgRules({ extra: [rule({ name: 'Deny6382', priority: 200, direction: 'Outbound', access: 'Deny', destinationPortRanges: ['6382'] })] })),
      errors: [{ messageIncludes: ['blocked ports 6382', 'custom rule Deny6382 (priority 200, Deny)'], evidence: { failingPorts: [6382], flow: { port: 6382 } } }],
    },
    {
      name: 'an external cache reached only in a peered range is allowed only in part',
      view: viewWith(nsgRules({ extra: [allowOut('AllowHubRedis', 200, '10.100.0.0/24', ['6380']), denyVnetOutbound(), ...allowBoth('AllowSync', 210, 'VirtualNetwork', 'VirtualNetwork', '*', '6381-6383,4290')] })),
      errors: [{ messageIncludes: ['only in part', 'custom rule AllowHubRedis (priority 200, Allow)', 'denied by custom rule DenyVnetOutbound'], evidence: { verdict: 'partly-allowed' } }],
    },
  ],
});

describe('the optional-feature NSG rules', () => {
  const optional = [nsgInAlb6391, nsgOutOptionalAad, nsgOutOptionalConnectors, nsgOutOptionalEventHub, nsgOutOptionalRedis];

  it('are in the NSG family’s catalogue', () => {
    for (const r of optional) expect(NSG_RULES).toContain(r);
  });

  it('never break an instance, even when every flow is denied', () => {
    const view = viewWith([denyAllInbound(100), rule({ name: 'DenyAllOutboundCustom', priority: 100, direction: 'Outbound', access: 'Deny', protocol: '*' })]);
    for (const r of optional) {
      const findings = findingsOf(r, view);
      expect(findings.length, r.meta.id).toBeGreaterThan(0);
      expect(new Set(findings.map((f) => f.severity)), r.meta.id).toEqual(new Set(['degraded']));
      expect(findings.every((f) => /optional/i.test(f.message)), r.meta.id).toBe(true);
    }
  });

  it('check every location of a multi-region instance on its own NSG', () => {
    const view = twoLocations(nsgRules(), internetDenied());
    expect(findingsOf(nsgOutOptionalAad, view).map((f) => [f.location, f.resourceId])).toEqual([['northeurope', ids.nsg('nsg-apim-neu')]]);
    expect(findingsOf(nsgOutOptionalEventHub, view).map((f) => f.message)).toEqual([
      expect.stringContaining('EventHub.NorthEurope on TCP 5671'),
      expect.stringContaining('EventHub.NorthEurope on TCP 5672'),
      expect.stringContaining('EventHub.NorthEurope on TCP 443'),
    ]);
  });
});
