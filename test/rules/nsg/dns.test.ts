/** NSG_OUT_DNS_53: the gateway must reach the VNet's custom DNS servers on port 53 (reference §1.1 C, §2.3). */
import { describe, expect, it } from 'vitest';
import { evaluateInstance } from '../../../src/engine/evaluate.js';
import type { SecurityRule } from '../../../src/model/network.js';
import type { InstanceView } from '../../../src/model/view.js';
import { RULES } from '../../../src/rules/catalogue.js';
import { nsgOutDns53 } from '../../../src/rules/nsg/out-dns-53.js';
import { findingsOf, runRuleTests } from '../../support/rule-tester.js';
import { buildView, ids, rule } from '../../support/view-builder.js';
import { allowOut, denyInternetOutbound, nsgRules } from './nsg-views.js';

const NSG = ids.nsg('nsg-apim-weu');
const HUB_DNS = '10.100.0.4';
const denyAllOutbound = (priority = 4000) =>
  rule({ name: 'DenyAllOutboundCustom', priority, direction: 'Outbound', access: 'Deny', protocol: '*', sourceAddressPrefixes: ['*'], destinationAddressPrefixes: ['*'] });
const allowDns = (name: string, priority: number, destination: string, protocol = '*') =>
  rule({ name, priority, direction: 'Outbound', access: 'Allow', protocol, sourceAddressPrefixes: ['VirtualNetwork'], destinationAddressPrefixes: [destination], destinationPortRanges: ['53'] });

/** One location whose VNet (10.0.0.0/16) lists `dnsServers` and whose NSG holds `securityRules`. */
const withDns = (dnsServers: string[], securityRules: SecurityRule[] = nsgRules()): InstanceView =>
  buildView({ locations: [{ virtualNetwork: { dnsServers }, networkSecurityGroup: { securityRules } }] });

runRuleTests(nsgOutDns53, {
  valid: [
    { name: 'Azure-provided DNS: NSGs do not apply, even under a deny-all', view: withDns([], nsgRules({ extra: [denyAllOutbound()] })) },
    { name: 'Azure DNS named explicitly', view: withDns(['168.63.129.16'], nsgRules({ extra: [denyAllOutbound()] })) },
    { name: 'Microsoft’s recommended NSG, server inside the VNet', view: withDns(['10.0.0.4']) },
    { name: 'Microsoft’s recommended NSG, server in a peered hub: AllowVnetOutBound counts it whole', view: withDns([HUB_DNS]) },
    { name: 'Microsoft’s recommended NSG, public server: AllowInternetOutBound', view: withDns(['8.8.8.8']) },
    { name: 'Internet outbound denied does not touch a private server', view: withDns([HUB_DNS], nsgRules({ extra: [denyInternetOutbound()] })) },
    { name: 'a deny-all below an allow of VirtualNetwork on 53', view: withDns([HUB_DNS, '10.0.0.5'], nsgRules({ extra: [allowDns('AllowDns', 200, 'VirtualNetwork'), denyAllOutbound()] })) },
    { name: 'a deny-all below an allow of the server’s address', view: withDns(['8.8.8.8'], nsgRules({ extra: [allowDns('AllowDns', 200, '8.8.8.8/32'), denyAllOutbound()] })) },
    { name: 'VNet unreadable: skipped (RESOURCE_UNREADABLE reports it)', view: buildView({ locations: [{ virtualNetwork: { state: 'unreadable', id: ids.vnet(), reason: '403' }, networkSecurityGroup: { securityRules: [denyAllOutbound()] } }] }) },
    { name: 'NSG not found: skipped', view: buildView({ locations: [{ virtualNetwork: { dnsServers: [HUB_DNS] }, networkSecurityGroup: { state: 'missing', id: NSG } }] }) },
  ],
  invalid: [
    {
      name: 'a custom deny-all outbound cuts off a hub DNS server: UDP breaks, TCP degrades',
      view: withDns([HUB_DNS], nsgRules({ extra: [denyAllOutbound()] })),
      errors: [
        {
          severity: 'breaks-now',
          resourceId: NSG,
          location: 'westeurope',
          messageIncludes: [
            'NSG nsg-apim-weu denies outbound subnet snet-apim (10.0.1.0/24) → 10.100.0.4/32 on UDP 53',
            'it is decided by custom rule DenyAllOutboundCustom (priority 4000, Deny)',
            'cannot query DNS server 10.100.0.4 of virtual network vnet-weu',
            'stops working',
          ],
          evidence: {
            verdict: 'denied',
            dnsServer: HUB_DNS,
            flow: { protocol: 'Udp', port: 53, destination: { prefixes: ['10.100.0.4/32'] } },
            suggestedRule: { name: 'AllowDnsUdpOutbound', priority: 3999, protocol: 'Udp', destinationAddressPrefixes: [HUB_DNS], destinationPortRanges: ['53'] },
          },
        },
        { severity: 'degraded', messageIncludes: ['→ 10.100.0.4/32 on TCP 53', 'over TCP', 'the finding on UDP is the breaking one'], evidence: { suggestedRule: { name: 'AllowDnsTcpOutbound', protocol: 'Tcp' } } },
      ],
    },
    {
      name: 'a public server under a deny of Internet outbound',
      view: withDns(['8.8.8.8'], nsgRules({ extra: [denyInternetOutbound()] })),
      errors: [
        { severity: 'breaks-now', messageIncludes: ['→ 8.8.8.8/32 on UDP 53', 'DenyInternetOutbound'] },
        { severity: 'degraded', messageIncludes: ['→ 8.8.8.8/32 on TCP 53'] },
      ],
    },
    {
      name: 'a public server is not VirtualNetwork: an allow of VirtualNetwork on 53 does not reach it',
      view: withDns(['8.8.8.8'], nsgRules({ extra: [allowDns('AllowDns', 200, 'VirtualNetwork'), denyAllOutbound()] })),
      errors: [{ severity: 'breaks-now', messageIncludes: ['UDP 53', 'DenyAllOutboundCustom'] }, { severity: 'degraded' }],
    },
    {
      name: 'only UDP allowed above the deny: the TCP fallback fails',
      view: withDns([HUB_DNS], nsgRules({ extra: [allowDns('AllowDnsUdp', 200, HUB_DNS, 'Udp'), denyAllOutbound()] })),
      errors: [{ severity: 'degraded', messageIncludes: ['on TCP 53', 'DenyAllOutboundCustom', 'UDP queries pass'] }],
    },
    {
      name: 'two servers, one denied: only it is reported, and its suggested rule is told apart',
      view: withDns(['168.63.129.16', '10.0.0.4', HUB_DNS], nsgRules({ extra: [rule({ name: 'DenyHub', priority: 200, direction: 'Outbound', access: 'Deny', protocol: '*', destinationAddressPrefixes: ['10.100.0.0/16'] })] })),
      errors: [
        { severity: 'breaks-now', messageIncludes: ['DNS server 10.100.0.4', 'custom rule DenyHub (priority 200, Deny)'], evidence: { suggestedRule: { name: 'AllowDns2UdpOutbound', priority: 199 } } },
        { severity: 'degraded', messageIncludes: ['DNS server 10.100.0.4'] },
      ],
    },
    {
      name: 'an allow of part of the hub above a deny-all: the server outside it is denied',
      view: withDns([HUB_DNS], nsgRules({ extra: [allowDns('AllowHubDns', 200, '10.100.1.0/24'), denyAllOutbound()] })),
      errors: [{ severity: 'breaks-now', messageIncludes: ['DenyAllOutboundCustom'] }, { severity: 'degraded' }],
    },
    {
      name: 'only the additional location has custom DNS',
      view: buildView({
        locations: [
          { networkSecurityGroup: { securityRules: nsgRules({ extra: [denyAllOutbound()] }) } },
          { region: 'northeurope', virtualNetwork: { dnsServers: ['192.168.0.53'] }, networkSecurityGroup: { securityRules: nsgRules({ extra: [denyAllOutbound()] }) } },
        ],
      }),
      errors: [
        { location: 'northeurope', resourceId: ids.nsg('nsg-apim-neu'), messageIncludes: ['192.168.0.53'] },
        { location: 'northeurope', messageIncludes: ['192.168.0.53'] },
      ],
    },
  ],
});

describe('NSG_OUT_DNS_53', () => {
  it('counts a private server as VirtualNetwork, so a deny of VirtualNetwork decides it whole', () => {
    const view = withDns([HUB_DNS], nsgRules({ extra: [rule({ name: 'DenyVnetOut', priority: 200, direction: 'Outbound', access: 'Deny', protocol: '*', destinationAddressPrefixes: ['VirtualNetwork'] })] }));
    expect(findingsOf(nsgOutDns53, view).map((f) => f.evidence.verdict)).toEqual(['denied', 'denied']);
  });

  it('suggests allow rules that fix what they are suggested for', () => {
    const view = withDns(['8.8.8.8', HUB_DNS], nsgRules({ extra: [denyAllOutbound()] }));
    const findings = findingsOf(nsgOutDns53, view);
    expect(findings).toHaveLength(4);
    const suggested = findings.map((f) => f.evidence.suggestedRule as SecurityRule);
    expect(new Set(suggested.map((r) => r.name)).size).toBe(4);
    expect(findings[0]!.remediation).toContain('--protocol Udp --source-address-prefixes VirtualNetwork --source-port-ranges');
    expect(findings[0]!.remediation).toContain('--destination-address-prefixes 8.8.8.8 --destination-port-ranges 53');
    const fixed = structuredClone(view);
    const nsg = fixed.locations[0]!.networkSecurityGroup;
    if (nsg?.state !== 'found') throw new Error('test view has no NSG');
    // Each suggestion is computed against the NSG as it is; give them distinct priorities as an operator would.
    nsg.resource.securityRules.push(...suggested.map((r, i) => ({ ...r, priority: r.priority - i })));
    expect(findingsOf(nsgOutDns53, fixed)).toEqual([]);
  });

  it('names the VNet and the value when a DNS server is not an IP address', () => {
    const report = evaluateInstance(withDns(['dns.contoso.com']), [nsgOutDns53]);
    expect(report.findings.map((f) => [f.ruleId, f.message])).toEqual([
      ['RULE_NOT_EVALUATED', expect.stringContaining('virtual network vnet-weu: DNS server "dns.contoso.com" is not an IP address')],
    ]);
    expect(evaluateInstance(withDns(['10.0.0.0/24']), [nsgOutDns53]).findings[0]?.ruleId).toBe('RULE_NOT_EVALUATED');
  });
});

describe('the NSG rules added from reference table 1.1 C', () => {
  const added = ['NSG_IN_ALB_6391', 'NSG_OUT_OPTIONAL_AAD', 'NSG_OUT_OPTIONAL_CONNECTORS', 'NSG_OUT_OPTIONAL_EVENTHUB', 'NSG_OUT_OPTIONAL_REDIS', 'NSG_OUT_DNS_53'];

  it('are in the catalogue', () => {
    expect(RULES.map((r) => r.meta.id)).toEqual(expect.arrayContaining(added));
  });

  it.each([
    ['the default healthy view', buildView()],
    ['the default view with DNS servers in the VNet and a peered hub', withDns(['10.0.0.4', HUB_DNS])],
    ['Internal mode, two locations', buildView({ instance: { networkMode: 'Internal' }, locations: [{}, { region: 'northeurope' }] })],
    ['Developer tier', buildView({ instance: { skuName: 'Developer' } })],
  ])('raise nothing on %s (Microsoft’s recommended NSG)', (_name, view) => {
    const report = evaluateInstance(view, RULES);
    expect(report.findings.filter((f) => added.includes(f.ruleId)).map((f) => f.message)).toEqual([]);
  });
});
