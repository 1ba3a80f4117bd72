import { sameRegion } from '../../model/region.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject, subnetLabel } from '../subject.js';
import { V2_DOCS_BY_REGIME, V2_LOCATION } from './applies.js';

/** Both v2 pages: "The virtual network must be in the same region and Azure subscription as the API Management instance." */
export const v2SameRegion = defineRule({
  meta: {
    id: 'V2_SAME_REGION',
    severity: 'breaks-on-apply',
    title: 'The virtual network of the v2 instance is in its region',
    appliesTo: V2_LOCATION,
    docs: DOCS.v2Integration,
    docsByRegime: V2_DOCS_BY_REGIME,
    messages: {
      otherRegion:
        'Virtual network {{vnet}} of subnet {{subnet}} is in {{vnetRegion}}, but {{instance}} is in {{region}}; a v2 instance needs a virtual network in its own region.',
    },
    remediation: {
      default: 'Point {{instance}} at a subnet of a virtual network in {{region}} (virtualNetworkConfiguration.subnetResourceId).',
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
        data: { ...locationData(s), vnet: vnet.name, subnet: subnetLabel(subnetId), vnetRegion: vnet.location, region: s.location.displayName || s.location.region },
        evidence: { subnetId, virtualNetworkId: vnet.id, virtualNetworkRegion: vnet.location, instanceRegion: s.location.region },
      },
    ];
  },
});
