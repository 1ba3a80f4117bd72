import { BOTH_MODES, CLASSIC_PLATFORMS } from '../applies.js';
import { nsgChoice, subnetArgs } from '../az.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject, resourceName, subnetLabel } from '../subject.js';

/**
 * The subnet references an NSG that answered 404. On stv2 the NSG is what opens the internal load
 * balancer, so inbound traffic stops; stv1 never required one, so there it is a recommendation.
 */
export const nsgExists = defineRule({
  meta: {
    id: 'NSG_EXISTS',
    severity: 'breaks-now',
    title: 'The network security group of the subnet exists',
    appliesTo: { regimes: ['classic'], platforms: CLASSIC_PLATFORMS, modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.nsgRules,
    messages: {
      missing:
        'Subnet {{subnet}} of location {{location}} of {{instance}} references network security group {{nsg}}, which no longer exists (Azure answered 404 Not Found).',
    },
    remediation: {
      default:
        'Recreate {{nsg}} with the API Management rules and attach it: az network vnet subnet update {{subnetArgs}} --network-security-group {{nsgChoice}}',
    },
  },
  check(subject) {
    const s = locationSubject(subject);
    const lookup = s.locationView.networkSecurityGroup;
    if (s.subnet === undefined || lookup?.state !== 'missing') return [];
    return [
      {
        messageId: 'missing',
        severity: s.platform === 'stv1' ? 'recommendation' : 'breaks-now',
        resourceId: s.subnet.id,
        data: { ...locationData(s), subnet: subnetLabel(s.subnet.id), nsg: resourceName(lookup.id), subnetArgs: subnetArgs(s.subnet.id), nsgChoice: nsgChoice(s.locationView) },
        evidence: { networkSecurityGroupId: lookup.id, lookup: 'missing' },
      },
    ];
  },
});
