import { BOTH_MODES, CLASSIC_PLATFORMS } from '../applies.js';
import { subnetArgs } from '../az.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject, subnetLabel } from '../subject.js';

export const subnetNoDelegation = defineRule({
  meta: {
    id: 'SUBNET_NO_DELEGATION',
    severity: 'breaks-on-apply',
    title: 'The subnet is not delegated to a service',
    appliesTo: { regimes: ['classic'], platforms: CLASSIC_PLATFORMS, modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.injectionResources,
    messages: {
      delegated:
        'Subnet {{subnet}} of location {{location}} of {{instance}} is delegated to {{delegations}}; a subnet that hosts API Management (Developer or Premium) must have no delegation.',
    },
    remediation: {
      default: 'Remove the delegation: az network vnet subnet update {{subnetArgs}} --remove delegations',
    },
  },
  check(subject) {
    const s = locationSubject(subject);
    const subnet = s.subnet;
    if (subnet === undefined || subnet.delegations.length === 0) return [];
    return [
      {
        messageId: 'delegated',
        resourceId: subnet.id,
        data: { ...locationData(s), subnet: subnetLabel(subnet.id), delegations: subnet.delegations.join(', '), subnetArgs: subnetArgs(subnet.id) },
        evidence: { delegations: subnet.delegations },
      },
    ];
  },
});
