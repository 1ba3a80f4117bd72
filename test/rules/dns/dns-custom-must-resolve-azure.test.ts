import { describe, expect, it } from 'vitest';
import { dnsCustomMustResolveAzure } from '../../../src/rules/dns/dns-custom-must-resolve-azure.js';
import { buildView, ids } from '../../support/view-builder.js';
import { findingsOf, runRuleTests } from '../../support/rule-tester.js';

const withDns = (dnsServers: string[]) => buildView({ locations: [{ virtualNetwork: { dnsServers } }] });

runRuleTests(dnsCustomMustResolveAzure, {
  valid: [
    { name: 'Azure-provided DNS', view: buildView() },
    { name: 'Azure DNS named explicitly', view: withDns(['168.63.129.16']) },
  ],
  invalid: [
    {
      name: 'custom DNS servers',
      view: withDns(['10.0.0.4', '10.0.0.5']),
      errors: [{ severity: 'recommendation', resourceId: ids.vnet('vnet-weu'), messageIncludes: ['vnet-weu', '10.0.0.4, 10.0.0.5', 'cannot be seen from ARM'] }],
    },
    {
      name: 'only the additional location has custom DNS',
      view: buildView({ locations: [{}, { virtualNetwork: { dnsServers: ['192.168.0.53'] } }] }),
      errors: [{ location: 'northeurope', messageIncludes: ['192.168.0.53'] }],
    },
  ],
});

describe('DNS_CUSTOM_MUST_RESOLVE_AZURE remediation', () => {
  it('says to forward to Azure DNS and to apply the network configuration', () => {
    const [f] = findingsOf(dnsCustomMustResolveAzure, withDns(['10.0.0.4']));
    expect(f?.remediation).toContain('168.63.129.16');
    expect(f?.remediation).toContain(`--url 'https://management.azure.com${ids.apim()}/applynetworkconfigurationupdates?api-version=2024-05-01'`);
    expect(f?.remediation).not.toContain('--body');
  });
});
