import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { subnetInOtherSubscription } from '../subnet/other-subscription.js';
import { V2_DOCS_BY_REGIME, V2_LOCATION } from './applies.js';

/** Both v2 pages and the overview (11/21/2025): the virtual network must be in the instance's subscription. */
export const v2SameSubscription = defineRule({
  meta: {
    id: 'V2_SAME_SUBSCRIPTION',
    severity: 'breaks-on-apply',
    title: 'The subnet of the v2 instance is in its subscription',
    appliesTo: V2_LOCATION,
    docs: DOCS.v2Integration,
    docsByRegime: V2_DOCS_BY_REGIME,
    messages: {
      otherSubscription:
        'Subnet {{subnet}} is in subscription {{subnetSubscription}}, but {{instance}} is in subscription {{instanceSubscription}}; a v2 instance needs a virtual network in its own subscription.',
    },
    remediation: {
      default: 'Point {{instance}} at a subnet of a virtual network in subscription {{instanceSubscription}} (virtualNetworkConfiguration.subnetResourceId).',
    },
  },
  check: subnetInOtherSubscription,
});
