import { BOTH_MODES, CLASSIC_PLATFORMS } from '../applies.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject, sameText } from '../subject.js';
import { newPublicIpCommand, SWAP_NOTE } from './new-public-ip.js';

export const pipIpv4 = defineRule({
  meta: {
    id: 'PIP_IPV4',
    severity: 'breaks-on-apply',
    title: 'The public IP address is IPv4',
    appliesTo: { regimes: ['classic'], platforms: CLASSIC_PLATFORMS, modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.prerequisites,
    messages: {
      notIpv4: 'Public IP {{pip}} of location {{location}} of {{instance}} is {{version}}; API Management needs an IPv4 address.',
    },
    // The version of a public IP cannot be changed after creation.
    remediation: { default: 'Create an IPv4 public IP ({{newIp}}), {{swap}}.' },
  },
  check(subject) {
    const s = locationSubject(subject);
    const pip = s.publicIp;
    if (pip === undefined || sameText(pip.version, 'IPv4')) return [];
    return [
      {
        messageId: 'notIpv4',
        resourceId: pip.id,
        data: { ...locationData(s), pip: pip.name, version: pip.version, newIp: newPublicIpCommand(s), swap: SWAP_NOTE },
        evidence: { version: pip.version },
      },
    ];
  },
});
