import { BOTH_MODES, CLASSIC_PLATFORMS } from '../applies.js';
import { resourceArgs } from '../az.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject, sameText } from '../subject.js';

export const pipStatic = defineRule({
  meta: {
    id: 'PIP_STATIC',
    severity: 'breaks-on-apply',
    title: 'The public IP address is statically allocated',
    appliesTo: { regimes: ['classic'], platforms: CLASSIC_PLATFORMS, modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.publicIp,
    messages: {
      notStatic:
        'Public IP {{pip}} of location {{location}} of {{instance}} has allocation method {{allocation}}; API Management needs a Static address.',
    },
    remediation: { default: 'az network public-ip update {{pipArgs}} --allocation-method Static' },
  },
  check(subject) {
    const s = locationSubject(subject);
    const pip = s.publicIp;
    if (pip === undefined || sameText(pip.allocationMethod, 'Static')) return [];
    return [
      {
        messageId: 'notStatic',
        resourceId: pip.id,
        data: { ...locationData(s), pip: pip.name, allocation: pip.allocationMethod, pipArgs: resourceArgs(pip.id) },
        evidence: { allocationMethod: pip.allocationMethod },
      },
    ];
  },
});
