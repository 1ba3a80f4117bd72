import type { RuleSubject, Violation } from '../rule.js';
import { locationData, locationSubject, sameSubscription, subnetLabel, subscriptionIdOf } from '../subject.js';

/**
 * The one check behind SUBNET_SAME_SUBSCRIPTION (classic) and V2_SAME_SUBSCRIPTION: both regimes need the
 * virtual network in the instance's subscription; only the wording and the regime differ.
 */
export function subnetInOtherSubscription(subject: RuleSubject): Violation[] {
  const s = locationSubject(subject);
  const subnetId = s.location.subnetId;
  if (subnetId === undefined || sameSubscription(subnetId, s.instance.id) !== false) return [];
  const subnetSubscription = subscriptionIdOf(subnetId) ?? '';
  const instanceSubscription = subscriptionIdOf(s.instance.id) ?? '';
  return [
    {
      messageId: 'otherSubscription',
      resourceId: s.instance.id,
      data: { ...locationData(s), subnet: subnetLabel(subnetId), subnetSubscription, instanceSubscription },
      evidence: { subnetId, subnetSubscription, instanceSubscription },
    },
  ];
}
