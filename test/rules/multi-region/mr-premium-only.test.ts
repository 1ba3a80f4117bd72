import { mrPremiumOnly } from '../../../src/rules/multi-region/mr-premium-only.js';
import { buildView, ids } from '../../support/view-builder.js';
import { runRuleTests } from '../../support/rule-tester.js';

runRuleTests(mrPremiumOnly, {
  valid: [
    { name: 'Premium in two regions', view: buildView({ locations: [{}, {}] }) },
    { name: 'Developer in one region', view: buildView({ instance: { skuName: 'Developer' } }) },
  ],
  invalid: [
    {
      name: 'Developer with an additional location',
      view: buildView({ instance: { skuName: 'Developer' }, locations: [{}, { displayName: 'North Europe' }] }),
      errors: [{ location: 'instance', severity: 'breaks-on-apply', resourceId: ids.apim(), messageIncludes: ['Developer', '1 additional location(s) (North Europe)'] }],
    },
  ],
});
