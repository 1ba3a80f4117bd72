import { BOTH_MODES, CLASSIC_PLATFORMS } from '../applies.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject } from '../subject.js';

/** Units are spread evenly over explicit zones; "automatic" (no zones) has no constraint. */
export const azUnitsMultiple = defineRule({
  meta: {
    id: 'AZ_UNITS_MULTIPLE',
    severity: 'breaks-on-apply',
    title: 'The units of the location are a multiple of its availability zones',
    appliesTo: { regimes: ['classic'], platforms: CLASSIC_PLATFORMS, modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.availabilityZones,
    messages: {
      notMultiple:
        'Location {{location}} of {{instance}} has {{capacity}} unit(s) over {{zoneCount}} availability zones ({{zones}}); the units must be a multiple of the number of zones.',
    },
    remediation: { default: 'Scale location {{location}} to {{suggestion}} units, or change its zones.' },
  },
  check(subject) {
    const s = locationSubject(subject);
    const { zones, capacity, skuName } = s.location;
    // Zones on other tiers are AZ_PREMIUM_ONLY's finding.
    if (zones.length === 0 || skuName.toLowerCase() !== 'premium' || capacity % zones.length === 0) return [];
    const down = Math.floor(capacity / zones.length) * zones.length;
    const up = down + zones.length;
    return [
      {
        messageId: 'notMultiple',
        resourceId: s.instance.id,
        data: {
          ...locationData(s),
          capacity,
          zoneCount: zones.length,
          zones: zones.join(', '),
          suggestion: down > 0 ? `${down} or ${up}` : String(up),
        },
        evidence: { capacity, zones },
      },
    ];
  },
});
