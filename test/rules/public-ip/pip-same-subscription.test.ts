import { pipSameSubscription } from '../../../src/rules/public-ip/pip-same-subscription.js';
import { buildView, OTHER_SUB, SUB } from '../../support/view-builder.js';
import { runRuleTests } from '../../support/rule-tester.js';

const foreignPip = `/subscriptions/${OTHER_SUB}/resourceGroups/rg-shared/providers/Microsoft.Network/publicIPAddresses/pip-shared`;

runRuleTests(pipSameSubscription, {
  valid: [
    { name: 'same subscription', view: buildView() },
    { name: 'no public IP', view: buildView({ locations: [{ location: { publicIpAddressId: undefined } }] }) },
  ],
  invalid: [
    {
      name: 'public IP in another subscription',
      view: buildView({ locations: [{ location: { publicIpAddressId: foreignPip } }] }),
      errors: [{ severity: 'breaks-on-apply', messageIncludes: ['pip-shared', OTHER_SUB, SUB], evidence: { publicIpAddressId: foreignPip } }],
    },
  ],
});
