import { mrEveryLocationInjected } from '../../../src/rules/multi-region/mr-every-location-injected.js';
import { buildView } from '../../support/view-builder.js';
import { runRuleTests } from '../../support/rule-tester.js';

runRuleTests(mrEveryLocationInjected, {
  valid: [
    { name: 'both locations have subnets', view: buildView({ locations: [{}, {}] }) },
    { name: 'single location', view: buildView() },
  ],
  invalid: [
    {
      name: 'additional location without a subnet',
      view: buildView({ instance: { networkMode: 'Internal' }, locations: [{}, { location: { subnetId: undefined } }, { region: 'eastus' }] }),
      errors: [{ location: 'northeurope', severity: 'breaks-on-apply', messageIncludes: ['northeurope (additional location 1)', 'Internal'] }],
    },
  ],
});
