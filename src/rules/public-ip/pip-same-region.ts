import { sameRegion } from '../../model/region.js';
import { BOTH_MODES, CLASSIC_PLATFORMS } from '../applies.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject } from '../subject.js';
import { newPublicIpCommand, SWAP_NOTE } from './new-public-ip.js';

export const pipSameRegion = defineRule({
  meta: {
    id: 'PIP_SAME_REGION',
    severity: 'breaks-on-apply',
    title: 'The public IP address is in the region of the location',
    appliesTo: { regimes: ['classic'], platforms: CLASSIC_PLATFORMS, modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.prerequisites,
    messages: {
      otherRegion:
        'Public IP {{pip}} is in {{pipRegion}}, but location {{location}} of {{instance}} is in {{region}}; each location needs a public IP in its own region.',
    },
    remediation: { default: 'Create a public IP in {{region}} ({{newIp}}), {{swap}}.' },
  },
  check(subject) {
    const s = locationSubject(subject);
    const pip = s.publicIp;
    if (pip === undefined || sameRegion(pip.location, s.location.region)) return [];
    return [
      {
        messageId: 'otherRegion',
        resourceId: s.instance.id,
        data: { ...locationData(s), pip: pip.name, pipRegion: pip.location, region: s.location.region, newIp: newPublicIpCommand(s), swap: SWAP_NOTE },
        evidence: { publicIpAddressId: pip.id, publicIpRegion: pip.location, locationRegion: s.location.region },
      },
    ];
  },
});
