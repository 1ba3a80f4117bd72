import { BOTH_MODES, CLASSIC_PLATFORMS } from '../applies.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject, sameText } from '../subject.js';
import { newPublicIpCommand, SWAP_NOTE } from './new-public-ip.js';

/** The Global tier exists only for cross-region load balancer frontends (reference §1.1 D, an inference). */
export const pipTierRegional = defineRule({
  meta: {
    id: 'PIP_TIER_REGIONAL',
    severity: 'breaks-on-apply',
    title: 'The public IP address has the Regional tier',
    appliesTo: { regimes: ['classic'], platforms: CLASSIC_PLATFORMS, modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.publicIp,
    messages: {
      global:
        'Public IP {{pip}} of location {{location}} of {{instance}} has the Global tier, which serves only cross-region load balancers; API Management needs a Regional IP (inferred: Microsoft documents no Global IP for API Management).',
    },
    // The tier of a public IP cannot be changed after creation.
    remediation: { default: 'Create a Regional public IP ({{newIp}}), {{swap}}.' },
  },
  check(subject) {
    const s = locationSubject(subject);
    const pip = s.publicIp;
    if (pip === undefined || !sameText(pip.skuTier, 'Global')) return [];
    return [
      {
        messageId: 'global',
        resourceId: pip.id,
        data: { ...locationData(s), pip: pip.name, newIp: newPublicIpCommand(s), swap: SWAP_NOTE },
        evidence: { skuTier: pip.skuTier },
      },
    ];
  },
});
