import { BOTH_MODES, CLASSIC_PLATFORMS } from '../applies.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject, resourceName, sameSubscription, subscriptionIdOf } from '../subject.js';
import { newPublicIpCommand, SWAP_NOTE } from './new-public-ip.js';

export const pipSameSubscription = defineRule({
  meta: {
    id: 'PIP_SAME_SUBSCRIPTION',
    severity: 'breaks-on-apply',
    title: 'The public IP address is in the subscription of the instance',
    appliesTo: { regimes: ['classic'], platforms: CLASSIC_PLATFORMS, modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.prerequisites,
    messages: {
      otherSubscription:
        'Public IP {{pip}} of location {{location}} is in subscription {{pipSubscription}}, but {{instance}} is in subscription {{instanceSubscription}}; the public IP must be in the subscription of the instance.',
    },
    remediation: { default: 'Create a public IP in subscription {{instanceSubscription}} ({{newIp}}), {{swap}}.' },
  },
  check(subject) {
    const s = locationSubject(subject);
    const pipId = s.location.publicIpAddressId;
    if (pipId === undefined || sameSubscription(pipId, s.instance.id) !== false) return [];
    const pipSubscription = subscriptionIdOf(pipId) ?? '';
    const instanceSubscription = subscriptionIdOf(s.instance.id) ?? '';
    return [
      {
        messageId: 'otherSubscription',
        resourceId: s.instance.id,
        data: {
          ...locationData(s),
          pip: resourceName(pipId),
          pipSubscription,
          instanceSubscription,
          // The new IP belongs with the instance, not in the foreign subscription.
          newIp: newPublicIpCommand({ instance: s.instance, location: { ...s.location, publicIpAddressId: undefined } }),
          swap: SWAP_NOTE,
        },
        evidence: { publicIpAddressId: pipId, publicIpSubscription: pipSubscription, instanceSubscription },
      },
    ];
  },
});
