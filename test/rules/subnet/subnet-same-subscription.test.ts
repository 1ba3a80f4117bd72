import { subnetSameSubscription } from '../../../src/rules/subnet/subnet-same-subscription.js';
import { buildView, ids, OTHER_SUB, SUB } from '../../support/view-builder.js';
import { runRuleTests } from '../../support/rule-tester.js';
import { foreignSubnetId } from './fixtures.js';

runRuleTests(subnetSameSubscription, {
  valid: [
    { name: 'same subscription', view: buildView() },
    { name: 'location without a subnet is MR_EVERY_LOCATION_INJECTED\'s case', view: buildView({ locations: [{}, { location: { subnetId: undefined } }] }) },
  ],
  invalid: [
    {
      name: 'virtual network in another subscription',
      view: buildView({ locations: [{ location: { subnetId: foreignSubnetId } }] }),
      errors: [{ severity: 'breaks-on-apply', resourceId: ids.apim(), messageIncludes: [OTHER_SUB, SUB, 'vnet-weu/snet-apim'], evidence: { subnetId: foreignSubnetId } }],
    },
  ],
});
