import { runRuleTests } from '../../support/rule-tester.js';
import { buildView, ids } from '../../support/view-builder.js';
import { v2NoMultiRegion } from '../../../src/rules/v2/v2-no-multi-region.js';
import { v2NoPublicIp } from '../../../src/rules/v2/v2-no-public-ip.js';
import { v2SkuVnet } from '../../../src/rules/v2/v2-sku-vnet.js';
import { v2View } from './v2-views.js';

runRuleTests(v2SkuVnet, {
  valid: [
    { name: 'Standard v2 outbound integration', view: v2View('integration') },
    { name: 'Premium v2 outbound integration', view: v2View('integration', { instance: { skuName: 'PremiumV2' } }) },
    { name: 'Premium v2 injection', view: v2View('injection') },
    { name: 'Basic v2 without a virtual network', view: buildView({ instance: { skuName: 'BasicV2', networkMode: 'None' } }) },
    { name: 'a classic tier (APIM_SKU_SUPPORTS_INJECTION decides)', view: buildView({ instance: { skuName: 'Standard' } }) },
  ],
  invalid: [
    {
      name: 'Basic v2 with External',
      view: v2View('integration', { instance: { skuName: 'BasicV2' } }),
      errors: [{ location: 'instance', severity: 'breaks-on-apply', messageIncludes: ['Basic v2', 'External'], resourceId: ids.apim() }],
    },
    { name: 'Basic v2 with Internal', view: v2View('injection', { instance: { skuName: 'BasicV2' } }), errors: [{ messageIncludes: ['Basic v2', 'Internal'] }] },
    {
      name: 'Standard v2 with Internal (ARM refuses it)',
      view: v2View('injection', { instance: { skuName: 'StandardV2' } }),
      errors: [{ messageIncludes: ['StandardV2', 'only on Premium v2'] }],
    },
    { name: 'the tier in any case', view: v2View('injection', { instance: { skuName: 'standardv2' } }), errors: [{ messageIncludes: ['standardv2'] }] },
  ],
});

runRuleTests(v2NoPublicIp, {
  valid: [{ name: 'no publicIpAddressId', view: v2View('injection') }, { name: 'a classic Premium with its public IP', view: buildView() }],
  invalid: [
    {
      name: 'an integration naming a public IP',
      view: v2View('integration', { location: { location: { publicIpAddressId: ids.publicIp('pip-v2') } } }),
      errors: [{ location: 'instance', severity: 'breaks-on-apply', messageIncludes: ['pip-v2', 'Developer and Premium'], evidence: { publicIpAddressId: ids.publicIp('pip-v2') } }],
    },
  ],
});

runRuleTests(v2NoMultiRegion, {
  valid: [{ name: 'one location', view: v2View('integration') }, { name: 'a classic Premium in two regions', view: buildView({ locations: [{}, {}] }) }],
  invalid: [
    {
      name: 'a Premium v2 with an additional location',
      view: v2View('injection', { locations: [{}, { region: 'northeurope', displayName: 'North Europe' }] }),
      errors: [{ location: 'instance', messageIncludes: ['1 additional location(s) (North Europe)', 'unavailable in the v2 tiers'] }],
    },
  ],
});
