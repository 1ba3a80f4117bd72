import { subnetSameRegion } from '../../../src/rules/subnet/subnet-same-region.js';
import { buildView, ids } from '../../support/view-builder.js';
import { runRuleTests } from '../../support/rule-tester.js';

runRuleTests(subnetSameRegion, {
  valid: [
    { name: 'same region', view: buildView() },
    { name: 'APIM display name vs Network programmatic name', view: buildView({ locations: [{ displayName: 'West Europe', virtualNetwork: { location: 'westeurope' } }] }) },
    { name: 'two locations, each in its own region', view: buildView({ locations: [{}, {}] }) },
  ],
  invalid: [
    {
      name: 'virtual network in another region',
      view: buildView({ locations: [{ virtualNetwork: { location: 'northeurope' } }] }),
      errors: [{ location: 'westeurope', severity: 'breaks-on-apply', messageIncludes: ['vnet-weu', 'northeurope', 'westeurope (primary)'] }],
    },
    {
      name: 'additional location pointed at the primary region virtual network (MR_LOCATION_SUBNET_REGION)',
      view: buildView({ locations: [{}, { virtualNetwork: { location: 'westeurope' } }] }),
      errors: [{ location: 'northeurope', resourceId: ids.apim(), messageIncludes: ['additional location 1', 'is in westeurope'] }],
    },
  ],
});
