/** The five families of this area together, through the real engine. */
import { describe, expect, it } from 'vitest';
import { evaluateInstance } from '../../../src/engine/evaluate.js';
import { dnsRules } from '../../../src/rules/dns/index.js';
import { instanceRules } from '../../../src/rules/instance/index.js';
import { multiRegionRules } from '../../../src/rules/multi-region/index.js';
import { publicIpRules } from '../../../src/rules/public-ip/index.js';
import { subnetRules } from '../../../src/rules/subnet/index.js';
import { buildView, ids } from '../../support/view-builder.js';

const rules = [...instanceRules, ...subnetRules, ...publicIpRules, ...multiRegionRules, ...dnsRules];

// The output contract: these ids must exist exactly so.
const CONTRACT = [
  'APIM_SKU_SUPPORTS_INJECTION', 'APIM_PLATFORM_NOT_STV1', 'APIM_PLATFORM_DETERMINED', 'REGIME_NOT_COVERED', 'RESOURCE_UNREADABLE',
  'SUBNET_EXISTS', 'SUBNET_SAME_SUBSCRIPTION', 'SUBNET_SAME_REGION', 'SUBNET_NO_DELEGATION', 'SUBNET_DEDICATED_STV1',
  'SUBNET_MIN_SIZE_CLASSIC', 'SUBNET_CAPACITY_CLASSIC', 'SUBNET_NSG_ATTACHED_CLASSIC', 'SUBNET_NO_SERVICE_ENDPOINT_POLICY', 'NSG_EXISTS',
  'PIP_EXISTS', 'PIP_SKU_STANDARD', 'PIP_IPV4', 'PIP_STATIC', 'PIP_SAME_REGION', 'PIP_SAME_SUBSCRIPTION', 'PIP_DNS_LABEL',
  'PIP_ROUTING_PREF_MSFT', 'PIP_ZONE_REDUNDANT_WITH_AZ', 'PIP_PER_LOCATION',
  'MR_EVERY_LOCATION_INJECTED', 'MR_PREMIUM_ONLY', 'AZ_PREMIUM_ONLY', 'AZ_UNITS_MULTIPLE', 'DNS_CUSTOM_MUST_RESOLVE_AZURE',
];

describe('instance, subnet, public IP, multi-region and DNS families', () => {
  it('carry every contract id once', () => {
    const idsSeen = rules.map((r) => r.meta.id);
    expect(new Set(idsSeen).size).toBe(idsSeen.length);
    expect(idsSeen).toEqual(expect.arrayContaining(CONTRACT));
  });

  it('find nothing on a healthy two-region instance', () => {
    const report = evaluateInstance(buildView({ locations: [{}, {}] }), rules);
    expect(report.findings).toEqual([]);
    expect(report.status).toBe('pass');
  });

  it('hold a location whose compute is not deployed yet to the stv2 requirements, and say so', () => {
    const view = buildView({
      instance: { platform: 'undetermined', platformVersion: 'undetermined' },
      locations: [{ subnet: { delegations: ['Microsoft.Web/serverFarms'], networkSecurityGroupId: undefined } }],
    });
    const report = evaluateInstance(view, rules);
    expect(report.findings.map((f) => f.ruleId)).toEqual(['SUBNET_NSG_ATTACHED_CLASSIC', 'SUBNET_NO_DELEGATION', 'APIM_PLATFORM_DETERMINED']);
    expect(report.status).toBe('fail');
  });

  it('fail an instance whose subnet was deleted, and stay unknown when it could not be read', () => {
    const missing = buildView({ locations: [{ subnet: { state: 'missing', id: ids.subnet('vnet-weu') } }] });
    expect(evaluateInstance(missing, rules)).toMatchObject({ status: 'fail', findings: [{ ruleId: 'SUBNET_EXISTS' }] });
    const unreadable = buildView({ locations: [{ subnet: { state: 'unreadable', id: ids.subnet('vnet-weu'), reason: 'throttled' } }] });
    expect(evaluateInstance(unreadable, rules)).toMatchObject({ status: 'unknown', findings: [{ ruleId: 'RESOURCE_UNREADABLE' }] });
  });

  it('never judge a v2 instance by the classic rules', () => {
    // The subnet is delegated and holds a public IP reference: classic rules would flag both.
    const report = evaluateInstance(buildView({ instance: { skuName: 'StandardV2' }, locations: [{ subnet: { delegations: ['Microsoft.Web/serverFarms'] } }] }), rules);
    expect(report.findings).toEqual([]);
    expect(report.status).toBe('pass');
  });
});
