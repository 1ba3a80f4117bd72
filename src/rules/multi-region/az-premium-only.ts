import { BOTH_MODES, CLASSIC_PLATFORMS } from '../applies.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject } from '../subject.js';

export const azPremiumOnly = defineRule({
  meta: {
    id: 'AZ_PREMIUM_ONLY',
    severity: 'breaks-on-apply',
    title: 'Only a Premium location uses availability zones',
    appliesTo: { regimes: ['classic'], platforms: CLASSIC_PLATFORMS, modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.reliability,
    messages: {
      notPremium:
        'Location {{location}} of {{instance}} is on the {{sku}} tier but lists availability zones {{zones}}; only Premium supports availability zones.',
    },
    remediation: { default: 'Remove the zones of location {{location}} or upgrade {{instance}} to Premium.' },
  },
  check(subject) {
    const s = locationSubject(subject);
    const { zones, skuName } = s.location;
    if (zones.length === 0 || skuName.toLowerCase() === 'premium') return [];
    return [
      {
        messageId: 'notPremium',
        resourceId: s.instance.id,
        data: { ...locationData(s), sku: skuName, zones: zones.join(', ') },
        evidence: { skuName, zones },
      },
    ];
  },
});
