import { BOTH_MODES, CLASSIC_PLATFORMS } from '../applies.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject } from '../subject.js';

/** An injected instance needs a subnet in every region it is deployed to (reference §6 item 1). */
export const mrEveryLocationInjected = defineRule({
  meta: {
    id: 'MR_EVERY_LOCATION_INJECTED',
    severity: 'breaks-on-apply',
    title: 'Every additional location of an injected instance has a subnet',
    appliesTo: { regimes: ['classic'], platforms: CLASSIC_PLATFORMS, modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.multiRegion,
    messages: {
      noSubnet:
        'Location {{location}} of {{instance}} has no subnet, although the instance is injected ({{mode}}); every location needs a subnet of a virtual network in its own region.',
    },
    remediation: {
      default:
        'Set virtualNetworkConfiguration.subnetResourceId of location {{location}} to a subnet in {{region}} that meets the API Management prerequisites (own NSG, no delegation, /29 or larger).',
    },
  },
  check(subject) {
    const s = locationSubject(subject);
    if (s.location.isPrimary || s.location.subnetId !== undefined) return [];
    return [
      {
        messageId: 'noSubnet',
        resourceId: s.instance.id,
        data: { ...locationData(s), mode: s.instance.networkMode, region: s.location.region },
        evidence: { locationIndex: s.location.index, subnetResourceId: null },
      },
    ];
  },
});
