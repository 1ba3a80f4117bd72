/** The rules on one property of the public IP: SKU, version, allocation, tier, DNS label, routing preference. */
import { describe, expect, it } from 'vitest';
import { pipDnsLabel } from '../../../src/rules/public-ip/pip-dns-label.js';
import { pipIpv4 } from '../../../src/rules/public-ip/pip-ipv4.js';
import { pipRoutingPrefMsft } from '../../../src/rules/public-ip/pip-routing-pref.js';
import { pipSkuStandard } from '../../../src/rules/public-ip/pip-sku-standard.js';
import { pipStatic } from '../../../src/rules/public-ip/pip-static.js';
import { pipTierRegional } from '../../../src/rules/public-ip/pip-tier-regional.js';
import { buildView, ids, SUB } from '../../support/view-builder.js';
import { findingsOf, runRuleTests } from '../../support/rule-tester.js';

const withPip = (publicIp: Record<string, unknown>) => buildView({ locations: [{ publicIp }] });

runRuleTests(pipSkuStandard, {
  valid: [
    { name: 'Standard', view: buildView() },
    { name: 'standard in lower case', view: withPip({ skuName: 'standard' }) },
  ],
  invalid: [
    { name: 'Basic', view: withPip({ skuName: 'Basic' }), errors: [{ severity: 'breaks-on-apply', resourceId: ids.publicIp('pip-apim-weu'), messageIncludes: ['pip-apim-weu', 'SKU Basic'] }] },
    { name: 'no sku means Basic', view: withPip({ skuName: undefined }), errors: [{ messageIncludes: ['Basic (no sku set)'] }] },
    { name: 'StandardV2 is not documented for APIM', view: withPip({ skuName: 'StandardV2' }), errors: [{ messageIncludes: ['StandardV2'] }] },
  ],
});

runRuleTests(pipIpv4, {
  valid: [{ name: 'IPv4', view: buildView() }],
  invalid: [{ name: 'IPv6', view: withPip({ version: 'IPv6' }), errors: [{ severity: 'breaks-on-apply', messageIncludes: ['is IPv6'] }] }],
});

runRuleTests(pipStatic, {
  valid: [{ name: 'Static', view: buildView() }],
  invalid: [{ name: 'Dynamic', view: withPip({ allocationMethod: 'Dynamic' }), errors: [{ severity: 'breaks-on-apply', messageIncludes: ['Dynamic'] }] }],
});

runRuleTests(pipTierRegional, {
  valid: [
    { name: 'Regional', view: buildView() },
    { name: 'no tier (Regional by default)', view: withPip({ skuTier: undefined }) },
  ],
  invalid: [{ name: 'Global', view: withPip({ skuTier: 'Global' }), errors: [{ severity: 'breaks-on-apply', messageIncludes: ['Global tier', 'inferred'] }] }],
});

runRuleTests(pipDnsLabel, {
  valid: [{ name: 'label set', view: buildView() }],
  invalid: [
    { name: 'no label', view: withPip({ domainNameLabel: undefined }), errors: [{ severity: 'recommendation', messageIncludes: ['no DNS name label', '2023', 'since 2024'] }] },
    { name: 'blank label', view: withPip({ domainNameLabel: ' ' }), errors: [{ severity: 'recommendation' }] },
  ],
});

runRuleTests(pipRoutingPrefMsft, {
  valid: [
    { name: 'no ip tags', view: buildView() },
    { name: 'other ip tag', view: withPip({ ipTags: [{ ipTagType: 'FirstPartyUsage', tag: '/NonProd' }] }) },
  ],
  invalid: [
    {
      name: 'routing preference Internet',
      view: withPip({ ipTags: [{ ipTagType: 'RoutingPreference', tag: 'Internet' }] }),
      errors: [{ severity: 'recommendation', messageIncludes: ['routing preference Internet'] }],
    },
  ],
});

describe('public IP remediations', () => {
  it('updates the allocation of the IP in place', () => {
    const [f] = findingsOf(pipStatic, withPip({ allocationMethod: 'Dynamic' }));
    expect(f?.remediation).toBe(`az network public-ip update --subscription ${SUB} --resource-group rg-net --name pip-apim-weu --allocation-method Static`);
  });

  it('creates a complete replacement where the property cannot change', () => {
    const [f] = findingsOf(pipIpv4, buildView({ locations: [{ location: { zones: ['1', '2'] }, publicIp: { version: 'IPv6', zones: ['1', '2', '3'] } }] }));
    expect(f?.remediation).toContain(
      `az network public-ip create --subscription ${SUB} --resource-group rg-net --name '<new-name>' --location westeurope --sku Standard --tier Regional --version IPv4 --allocation-method Static --dns-name apim-a --zone 1 2 3`,
    );
    expect(f?.remediation).toContain('publicIpAddressId');
  });

  it('applies the network configuration of the right location after a label change', () => {
    const view = buildView({ locations: [{}, { displayName: 'North Europe', publicIp: { domainNameLabel: undefined } }] });
    const [f] = findingsOf(pipDnsLabel, view);
    expect(f?.location).toBe('northeurope');
    expect(f?.remediation).toContain(`https://management.azure.com${ids.apim()}/applynetworkconfigurationupdates?api-version=2024-05-01`);
    expect(f?.remediation).toContain(`--body '{"location":"North Europe"}'`);
  });
});
