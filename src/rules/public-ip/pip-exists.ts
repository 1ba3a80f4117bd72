import { BOTH_MODES, CLASSIC_PLATFORMS } from '../applies.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject, resourceName } from '../subject.js';
import { newPublicIpCommand, SWAP_NOTE } from './new-public-ip.js';

/** The location references a public IP that answered 404: its public VIP, which management needs, is gone. */
export const pipExists = defineRule({
  meta: {
    id: 'PIP_EXISTS',
    severity: 'breaks-now',
    title: 'The public IP address of the location exists',
    appliesTo: { regimes: ['classic'], platforms: CLASSIC_PLATFORMS, modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.ipAddresses,
    messages: {
      missing:
        'Location {{location}} of {{instance}} references public IP {{pip}}, which no longer exists (Azure answered 404 Not Found).',
    },
    remediation: { default: 'Create a public IP ({{newIp}}), {{swap}}.' },
  },
  check(subject) {
    const s = locationSubject(subject);
    const lookup = s.locationView.publicIp;
    if (lookup?.state !== 'missing') return [];
    return [
      {
        messageId: 'missing',
        resourceId: lookup.id,
        data: { ...locationData(s), pip: resourceName(lookup.id), newIp: newPublicIpCommand(s), swap: SWAP_NOTE },
        evidence: { publicIpAddressId: lookup.id, lookup: 'missing' },
      },
    ];
  },
});
