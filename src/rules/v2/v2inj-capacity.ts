import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject, subnetLabel } from '../subject.js';
import { ipv4Prefixes, RESERVED_PER_PREFIX } from '../subnet/ipv4-prefixes.js';
import { V2_INJECTION_LOCATION } from './applies.js';
import { usableIpv4 } from './subnet-size.js';

/** "Premium V2 limit: Currently supports up to 30 units maximum" (inject-vnet-v2 10/08/2025). */
export const PREMIUM_V2_MAX_UNITS = 30;

/**
 * The sizing table of inject-vnet-v2 (10/08/2025): five addresses reserved per prefix, two per unit, one for the
 * internal load balancer; /27 → 13 units, /26 → 29, /25 and larger → 30 (the cap). The table counts the load
 * balancer although its key point ties it to internal mode; injection is that mode, so it is counted [I].
 */
export function maxInjectedUnits(usable: number): number {
  return Math.max(0, Math.min(PREMIUM_V2_MAX_UNITS, Math.floor((usable - 1) / 2)));
}

export const v2InjCapacity = defineRule({
  meta: {
    id: 'V2INJ_CAPACITY',
    severity: 'breaks-on-apply',
    title: 'The subnet of a Premium v2 VNet injection holds the units of the instance',
    appliesTo: V2_INJECTION_LOCATION,
    docs: DOCS.v2Injection,
    messages: {
      subnetTooSmall:
        'Subnet {{subnet}} of {{instance}} ({{prefixes}}) has {{usable}} usable addresses ({{reserved}} reserved by Azure per prefix), enough for {{maxUnits}} Premium v2 unit(s) (2 addresses per unit and 1 for the internal load balancer), but the instance has {{units}}. The next scale-out or update fails.',
      overLimit: 'Instance {{instance}} has {{units}} Premium v2 units; Premium v2 supports at most {{limit}}.',
    },
    remediation: {
      subnetTooSmall: 'Scale {{instance}} in to {{maxUnits}} unit(s), or move it to a subnet of /{{suggestedPrefix}} or larger (a /24 is recommended).',
      overLimit: 'Scale {{instance}} in to {{limit}} units or fewer.',
    },
  },
  check(subject) {
    const s = locationSubject(subject);
    const subnet = s.subnet;
    const units = s.location.capacity;
    if (units > PREMIUM_V2_MAX_UNITS) {
      return [
        {
          messageId: 'overLimit',
          resourceId: s.instance.id,
          data: { ...locationData(s), units, limit: PREMIUM_V2_MAX_UNITS },
          evidence: { capacity: units, maxUnits: PREMIUM_V2_MAX_UNITS },
        },
      ];
    }
    if (subnet === undefined || ipv4Prefixes(subnet).length === 0) return [];
    const usable = usableIpv4(subnet);
    const maxUnits = maxInjectedUnits(usable);
    if (units <= maxUnits) return [];
    let suggestedPrefix = 27;
    while (suggestedPrefix > 8 && maxInjectedUnits(2 ** (32 - suggestedPrefix) - RESERVED_PER_PREFIX) < units) suggestedPrefix -= 1;
    return [
      {
        messageId: 'subnetTooSmall',
        resourceId: subnet.id,
        data: {
          ...locationData(s),
          subnet: subnetLabel(subnet.id),
          prefixes: ipv4Prefixes(subnet).map((p) => p.text).join(', '),
          usable,
          reserved: RESERVED_PER_PREFIX,
          maxUnits,
          units,
          suggestedPrefix,
        },
        evidence: { usable, maxUnits, capacity: units, suggestedPrefixLength: suggestedPrefix },
      },
    ];
  },
});
