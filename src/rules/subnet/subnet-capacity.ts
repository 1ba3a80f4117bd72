import type { NetworkMode } from '../../model/instance.js';
import { BOTH_MODES, CLASSIC_PLATFORMS } from '../applies.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject, subnetLabel } from '../subject.js';
import { ipv4Prefixes, RESERVED_PER_PREFIX, usableAddresses } from './ipv4-prefixes.js';
import { customerIpConfigurations, OCCUPANT_INFERENCE } from './occupants.js';

/** Reference §3.1: 1 address for Developer, 2 per Premium unit, +1 for the internal load balancer. */
export function addressesNeeded(skuName: string, capacity: number, networkMode: NetworkMode | string): number {
  const units = skuName.toLowerCase() === 'developer' ? 1 : 2 * capacity;
  return units + (networkMode === 'Internal' ? 1 : 0);
}

/** Longest prefix whose usable addresses hold `needed` (at most /29, the documented minimum). */
function smallestPrefixFor(needed: number): number {
  let length = 29;
  while (length > 8 && 2 ** (32 - length) - RESERVED_PER_PREFIX < needed) length -= 1;
  return length;
}

export const subnetCapacityClassic = defineRule({
  meta: {
    id: 'SUBNET_CAPACITY_CLASSIC',
    severity: 'breaks-on-apply',
    title: 'The subnet has enough free addresses for the instance and its neighbours',
    appliesTo: { regimes: ['classic'], platforms: CLASSIC_PLATFORMS, modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.injectionResources,
    messages: {
      tooFew:
        'Subnet {{subnet}} of location {{location}} has {{usable}} usable addresses ({{prefixes}}, {{reserved}} reserved by Azure per prefix) but {{needed}} are needed: {{own}} for {{instance}} ({{units}}), {{neighbours}} for {{neighbourCount}} other API Management instance(s) and {{others}} for other resources in the subnet. The next deployment or scale-out will fail.',
    },
    remediation: {
      default:
        'Move location {{location}} of {{instance}} to a subnet of /{{suggestedPrefix}} or larger (virtualNetworkConfiguration.subnetResourceId; the prefix of a subnet in use cannot be edited), move other resources out of {{subnet}}, or scale in.',
    },
  },
  check(subject) {
    const s = locationSubject(subject);
    const subnet = s.subnet;
    if (subnet === undefined) return [];
    const prefixes = ipv4Prefixes(subnet);
    if (prefixes.length === 0) return [];
    const usable = prefixes.reduce((sum, p) => sum + usableAddresses(p), 0);
    const { location, instance } = s;
    const own = addressesNeeded(location.skuName, location.capacity, instance.networkMode);
    const neighbours = s.locationView.subnetNeighbours;
    const neighbourNeed = neighbours.reduce((sum, n) => sum + addressesNeeded(n.skuName, n.capacity, n.networkMode), 0);
    const others = customerIpConfigurations(subnet);
    const needed = own + neighbourNeed + others.length;
    if (needed <= usable) return [];
    const units = `${location.skuName} ${location.capacity} unit(s), ${instance.networkMode}`;
    const suggestedPrefix = smallestPrefixFor(needed);
    return [
      {
        messageId: 'tooFew',
        resourceId: subnet.id,
        data: {
          ...locationData(s),
          subnet: subnetLabel(subnet.id),
          usable,
          prefixes: prefixes.map((p) => p.text).join(', '),
          reserved: RESERVED_PER_PREFIX,
          needed,
          own,
          units,
          neighbours: neighbourNeed,
          neighbourCount: neighbours.length,
          others: others.length,
          suggestedPrefix,
        },
        evidence: {
          usable,
          needed,
          own,
          suggestedPrefixLength: suggestedPrefix,
          neighbours: neighbours.map((n) => ({ instanceId: n.instanceId, needs: addressesNeeded(n.skuName, n.capacity, n.networkMode) })),
          otherIpConfigurations: others,
          inference: OCCUPANT_INFERENCE,
        },
      },
    ];
  },
});
