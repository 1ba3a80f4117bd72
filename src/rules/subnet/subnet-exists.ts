import { BOTH_MODES, CLASSIC_PLATFORMS } from '../applies.js';
import { nsgChoice, placeholder, subnetArgs } from '../az.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject, subnetLabel } from '../subject.js';

/** The location's subnet answered 404: the gateway has lost its network. */
export const subnetExists = defineRule({
  meta: {
    id: 'SUBNET_EXISTS',
    severity: 'breaks-now',
    title: 'The subnet of the location exists',
    appliesTo: { regimes: ['classic'], platforms: CLASSIC_PLATFORMS, modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.injectionResources,
    messages: {
      missing: 'Subnet {{subnet}} of location {{location}} of {{instance}} no longer exists (Azure answered 404 Not Found).',
      notInVnet:
        'Subnet {{subnet}} of location {{location}} of {{instance}} is not among the subnets of its virtual network in the estate: it was deleted or renamed.',
    },
    remediation: {
      default:
        'Recreate the subnet with its former prefix, NSG and route table (az network vnet subnet create {{subnetArgs}} --address-prefixes {{prefix}} --network-security-group {{nsgChoice}}), or point location {{location}} at an existing subnet (virtualNetworkConfiguration.subnetResourceId).',
    },
  },
  check(subject) {
    const s = locationSubject(subject);
    const lookup = s.locationView.subnet;
    if (lookup?.state !== 'missing') return [];
    return [
      {
        messageId: lookup.notInParent ? 'notInVnet' : 'missing',
        resourceId: lookup.id,
        data: { ...locationData(s), subnet: subnetLabel(lookup.id), subnetArgs: subnetArgs(lookup.id), prefix: placeholder('prefix'), nsgChoice: nsgChoice(s.locationView) },
        evidence: { subnetId: lookup.id, lookup: 'missing' },
      },
    ];
  },
});
