import { BOTH_MODES, CLASSIC_PLATFORMS } from '../applies.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { subnetInOtherSubscription } from './other-subscription.js';

export const subnetSameSubscription = defineRule({
  meta: {
    id: 'SUBNET_SAME_SUBSCRIPTION',
    severity: 'breaks-on-apply',
    title: 'The subnet is in the subscription of the instance',
    appliesTo: { regimes: ['classic'], platforms: CLASSIC_PLATFORMS, modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.injectionResources,
    messages: {
      otherSubscription:
        'Subnet {{subnet}} of location {{location}} is in subscription {{subnetSubscription}}, but {{instance}} is in subscription {{instanceSubscription}}; the virtual network must be in the subscription of the instance.',
    },
    remediation: {
      default:
        'Point location {{location}} of {{instance}} at a subnet of a virtual network in subscription {{instanceSubscription}} (virtualNetworkConfiguration.subnetResourceId).',
    },
  },
  check: subnetInOtherSubscription,
});
