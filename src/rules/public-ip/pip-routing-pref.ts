import { BOTH_MODES, CLASSIC_PLATFORMS } from '../applies.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject, sameText } from '../subject.js';
import { newPublicIpCommand, SWAP_NOTE } from './new-public-ip.js';

export const pipRoutingPrefMsft = defineRule({
  meta: {
    id: 'PIP_ROUTING_PREF_MSFT',
    severity: 'recommendation',
    title: 'The public IP address routes over the Microsoft network',
    appliesTo: { regimes: ['classic'], platforms: CLASSIC_PLATFORMS, modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.prerequisites,
    messages: {
      internetRouting:
        'Public IP {{pip}} of location {{location}} of {{instance}} has routing preference Internet (ipTag RoutingPreference=Internet); the default, Microsoft network, is recommended for the best network performance.',
    },
    // The routing preference is fixed when the IP is created.
    remediation: { default: 'Create a public IP without the RoutingPreference tag ({{newIp}}), {{swap}}.' },
  },
  check(subject) {
    const s = locationSubject(subject);
    const pip = s.publicIp;
    const tag = pip?.ipTags.find((t) => sameText(t.ipTagType, 'RoutingPreference') && sameText(t.tag, 'Internet'));
    if (pip === undefined || tag === undefined) return [];
    return [
      {
        messageId: 'internetRouting',
        resourceId: pip.id,
        data: { ...locationData(s), pip: pip.name, newIp: newPublicIpCommand(s), swap: SWAP_NOTE },
        evidence: { ipTags: pip.ipTags },
      },
    ];
  },
});
