import { azPremiumOnly } from '../../../src/rules/multi-region/az-premium-only.js';
import { buildView } from '../../support/view-builder.js';
import { runRuleTests } from '../../support/rule-tester.js';

runRuleTests(azPremiumOnly, {
  valid: [
    { name: 'Premium with zones', view: buildView({ locations: [{ location: { zones: ['1', '2'] } }] }) },
    { name: 'Developer without zones', view: buildView({ instance: { skuName: 'Developer' } }) },
  ],
  invalid: [
    {
      name: 'Developer with zones',
      view: buildView({ instance: { skuName: 'Developer' }, locations: [{ location: { zones: ['1'] } }] }),
      errors: [{ severity: 'breaks-on-apply', messageIncludes: ['Developer', 'zones 1'] }],
    },
  ],
});
