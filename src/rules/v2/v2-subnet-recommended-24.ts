import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject, subnetLabel } from '../subject.js';
import { V2_DOCS_BY_REGIME, V2_LOCATION } from './applies.js';
import { prefixesSmallerThan, V2_MIN_PREFIX_LENGTH, V2_RECOMMENDED_PREFIX_LENGTH } from './subnet-size.js';

/** Both v2 pages: "Recommended: /24 (256 addresses) - to accommodate scaling". Below /27 is V2_SUBNET_MIN_27's. */
export const v2SubnetRecommended24 = defineRule({
  meta: {
    id: 'V2_SUBNET_RECOMMENDED_24',
    severity: 'recommendation',
    title: 'The subnet of the v2 instance is a /24 or larger, as recommended for scaling',
    appliesTo: V2_LOCATION,
    docs: DOCS.v2Integration,
    docsByRegime: V2_DOCS_BY_REGIME,
    messages: {
      small: 'Subnet {{subnet}} of {{instance}} has prefix {{prefixes}}; Microsoft recommends a /24 (256 addresses) for a v2 instance so that it can scale out.',
    },
    remediation: {
      default: 'When you next move {{instance}}, use a /24 subnet; the prefix of a subnet in use cannot be edited.',
    },
  },
  check(subject) {
    const s = locationSubject(subject);
    const subnet = s.subnet;
    if (subnet === undefined) return [];
    const small = prefixesSmallerThan(subnet, V2_RECOMMENDED_PREFIX_LENGTH).filter((p) => p.prefixLength <= V2_MIN_PREFIX_LENGTH);
    if (small.length === 0) return [];
    return [
      {
        messageId: 'small',
        resourceId: subnet.id,
        data: { ...locationData(s), subnet: subnetLabel(subnet.id), prefixes: small.map((p) => p.text).join(', ') },
        evidence: { addressPrefixes: subnet.addressPrefixes, belowRecommended: small.map((p) => p.text), recommendedPrefixLength: V2_RECOMMENDED_PREFIX_LENGTH },
      },
    ];
  },
});
