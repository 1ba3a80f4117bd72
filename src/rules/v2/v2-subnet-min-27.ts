import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject, subnetLabel } from '../subject.js';
import { V2_DOCS_BY_REGIME, V2_LOCATION } from './applies.js';
import { prefixesSmallerThan, V2_MIN_PREFIX_LENGTH } from './subnet-size.js';

/**
 * Both v2 pages: "Minimum: /27 (32 addresses)". The 09/2023 integration page allowed "/28 ... with an existing
 * subnet"; the newest text decides, and the message says so.
 */
export const v2SubnetMin27 = defineRule({
  meta: {
    id: 'V2_SUBNET_MIN_27',
    severity: 'breaks-on-apply',
    title: 'The subnet of the v2 instance is at least a /27',
    appliesTo: V2_LOCATION,
    docs: DOCS.v2Integration,
    docsByRegime: V2_DOCS_BY_REGIME,
    messages: {
      tooSmall:
        'Subnet {{subnet}} of {{instance}} has prefix {{prefixes}}, smaller than the /27 a v2 instance needs at the least (the 2023 integration page allowed a /28; since 2025 the minimum is /27).',
    },
    remediation: {
      default: 'Point {{instance}} at a subnet of /27 or larger (/24 recommended); the prefix of a subnet in use cannot be edited.',
    },
  },
  check(subject) {
    const s = locationSubject(subject);
    const subnet = s.subnet;
    if (subnet === undefined) return [];
    const small = prefixesSmallerThan(subnet, V2_MIN_PREFIX_LENGTH);
    if (small.length === 0) return [];
    return [
      {
        messageId: 'tooSmall',
        resourceId: subnet.id,
        data: { ...locationData(s), subnet: subnetLabel(subnet.id), prefixes: small.map((p) => p.text).join(', ') },
        evidence: { addressPrefixes: subnet.addressPrefixes, tooSmall: small.map((p) => p.text), minimumPrefixLength: V2_MIN_PREFIX_LENGTH },
      },
    ];
  },
});
