import { sameResourceId } from '../../arm/resource-id.js';
import { BOTH_MODES, CLASSIC_PLATFORMS } from '../applies.js';
import { DOCS } from '../docs.js';
import { defineRule, type Violation } from '../rule.js';
import { locationData, locationLabel, locationSubject, resourceName } from '../subject.js';
import { newPublicIpCommand, SWAP_NOTE } from './new-public-ip.js';

/**
 * Every location gets its own public VIP (reference §5, §6). Within one instance the finding goes to the
 * later location only: that is the one to give a new IP, and one reuse makes one finding.
 */
export const pipPerLocation = defineRule({
  meta: {
    id: 'PIP_PER_LOCATION',
    severity: 'breaks-on-apply',
    title: 'The public IP address is used by this location only',
    appliesTo: { regimes: ['classic'], platforms: CLASSIC_PLATFORMS, modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.multiRegion,
    messages: {
      sharedInInstance:
        'Public IP {{pip}} of location {{location}} of {{instance}} is also the public IP of its location {{others}}; every location needs a public IP of its own.',
      sharedWithInstances:
        'Public IP {{pip}} of location {{location}} of {{instance}} is also referenced by {{others}}; every location needs a public IP of its own.',
    },
    remediation: { default: 'Create a public IP for location {{location}} ({{newIp}}), {{swap}}.' },
  },
  check(subject) {
    const s = locationSubject(subject);
    const pipId = s.location.publicIpAddressId;
    if (pipId === undefined) return [];
    const data = { ...locationData(s), pip: resourceName(pipId), newIp: newPublicIpCommand(s), swap: SWAP_NOTE };
    const violations: Violation[] = [];
    const earlier = s.instance.locations.filter((l) => l.index < s.location.index && sameResourceId(l.publicIpAddressId, pipId));
    if (earlier.length > 0) {
      violations.push({
        messageId: 'sharedInInstance',
        resourceId: pipId,
        data: { ...data, others: earlier.map(locationLabel).join(', ') },
        evidence: { publicIpAddressId: pipId, sharedWithLocations: earlier.map((l) => l.region) },
      });
    }
    const neighbours = s.locationView.publicIpNeighbours;
    if (neighbours.length > 0) {
      violations.push({
        messageId: 'sharedWithInstances',
        resourceId: pipId,
        data: { ...data, others: neighbours.map((n) => `API Management instance ${n.instanceName} (${n.region})`).join(', ') },
        evidence: { publicIpAddressId: pipId, sharedWithInstances: neighbours.map((n) => n.instanceId) },
      });
    }
    return violations;
  },
});
