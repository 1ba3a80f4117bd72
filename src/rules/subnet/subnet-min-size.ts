import { BOTH_MODES, CLASSIC_PLATFORMS } from '../applies.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject, subnetLabel } from '../subject.js';
import { ipv4Prefixes } from './ipv4-prefixes.js';

const MIN_PREFIX_LENGTH = 29;

export const subnetMinSizeClassic = defineRule({
  meta: {
    id: 'SUBNET_MIN_SIZE_CLASSIC',
    severity: 'breaks-on-apply',
    title: 'The subnet is at least a /29',
    appliesTo: { regimes: ['classic'], platforms: CLASSIC_PLATFORMS, modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.injectionResources,
    messages: {
      tooSmall:
        'Subnet {{subnet}} of location {{location}} of {{instance}} has prefix {{prefixes}}, smaller than the /29 that API Management needs at the least.',
    },
    remediation: {
      default:
        'Point location {{location}} at a subnet of /29 or larger (a /26 or /25 near the 31-unit Premium limit); the prefix of a subnet in use cannot be edited.',
    },
  },
  check(subject) {
    const s = locationSubject(subject);
    const subnet = s.subnet;
    if (subnet === undefined) return [];
    const small = ipv4Prefixes(subnet).filter((p) => p.prefixLength > MIN_PREFIX_LENGTH);
    if (small.length === 0) return [];
    return [
      {
        messageId: 'tooSmall',
        resourceId: subnet.id,
        data: { ...locationData(s), subnet: subnetLabel(subnet.id), prefixes: small.map((p) => p.text).join(', ') },
        evidence: { addressPrefixes: subnet.addressPrefixes, tooSmall: small.map((p) => p.text), minimumPrefixLength: MIN_PREFIX_LENGTH },
      },
    ];
  },
});
