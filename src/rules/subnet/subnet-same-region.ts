import { sameRegion } from '../../model/region.js';
import { BOTH_MODES, CLASSIC_PLATFORMS } from '../applies.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject, subnetLabel } from '../subject.js';

/**
 * Also covers MR_LOCATION_SUBNET_REGION of the reference: the rule runs per location and compares
 * with that location's own region, which is the multi-region check.
 */
export const subnetSameRegion = defineRule({
  meta: {
    id: 'SUBNET_SAME_REGION',
    severity: 'breaks-on-apply',
    title: 'The virtual network is in the region of the location',
    appliesTo: { regimes: ['classic'], platforms: CLASSIC_PLATFORMS, modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.injectionResources,
    messages: {
      otherRegion:
        'Virtual network {{vnet}} of subnet {{subnet}} is in {{vnetRegion}}, but location {{location}} of {{instance}} is in {{region}}; each location needs a virtual network in its own region.',
    },
    remediation: {
      default:
        'Point location {{location}} of {{instance}} at a subnet of a virtual network in {{region}} (virtualNetworkConfiguration.subnetResourceId of that location).',
    },
  },
  check(subject) {
    const s = locationSubject(subject);
    const vnet = s.virtualNetwork;
    const subnetId = s.location.subnetId;
    if (vnet === undefined || subnetId === undefined || sameRegion(vnet.location, s.location.region)) return [];
    return [
      {
        messageId: 'otherRegion',
        resourceId: s.instance.id,
        data: { ...locationData(s), vnet: vnet.name, subnet: subnetLabel(subnetId), vnetRegion: vnet.location, region: s.location.region },
        evidence: { subnetId, virtualNetworkId: vnet.id, virtualNetworkRegion: vnet.location, locationRegion: s.location.region },
      },
    ];
  },
});
