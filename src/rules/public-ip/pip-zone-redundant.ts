import { BOTH_MODES, CLASSIC_PLATFORMS } from '../applies.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject } from '../subject.js';
import { newPublicIpCommand, SWAP_NOTE } from './new-public-ip.js';

/**
 * Reference §9 item 18: Standard IPs created since September 2024 without `zones` are zone-redundant in
 * zonal regions, older ones are not, and ARM shows no difference. So only an explicitly zonal IP, or
 * zones that miss some of the location's zones, fail; an IP without zones gets a recommendation.
 */
export const pipZoneRedundantWithAz = defineRule({
  meta: {
    id: 'PIP_ZONE_REDUNDANT_WITH_AZ',
    severity: 'breaks-on-apply',
    title: 'The public IP address is zone-redundant when the location uses availability zones',
    appliesTo: { regimes: ['classic'], platforms: CLASSIC_PLATFORMS, modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.availabilityZones,
    messages: {
      zonal:
        'Location {{location}} of {{instance}} uses availability zones {{zones}}, but public IP {{pip}} is zonal (zone {{pipZones}}); the public IP must be zone-redundant.',
      notCovering:
        'Location {{location}} of {{instance}} uses availability zones {{zones}}, but public IP {{pip}} covers only zones {{pipZones}}; the public IP must be zone-redundant across them.',
      noZones:
        'Location {{location}} of {{instance}} uses availability zones {{zones}}, but public IP {{pip}} lists no zones. Standard IPs created since September 2024 are zone-redundant without listing zones, older ones are not, and ARM does not tell them apart.',
    },
    remediation: {
      default: 'Create a zone-redundant public IP ({{newIp}}), {{swap}}.',
      noZones: 'If {{pip}} predates September 2024, create a zone-redundant public IP ({{newIp}}), {{swap}}; otherwise nothing to do.',
    },
  },
  check(subject) {
    const s = locationSubject(subject);
    const pip = s.publicIp;
    const zones = s.location.zones;
    if (pip === undefined || zones.length === 0) return [];
    const uncovered = zones.filter((z) => !pip.zones.includes(z));
    const messageId = pip.zones.length === 0 ? 'noZones' : pip.zones.length === 1 ? 'zonal' : uncovered.length > 0 ? 'notCovering' : undefined;
    if (messageId === undefined) return [];
    return [
      {
        messageId,
        ...(messageId === 'noZones' ? { severity: 'recommendation' as const } : {}),
        resourceId: pip.id,
        data: {
          ...locationData(s),
          pip: pip.name,
          zones: zones.join(', '),
          pipZones: pip.zones.join(', '),
          newIp: newPublicIpCommand(s),
          swap: SWAP_NOTE,
        },
        evidence: { locationZones: zones, publicIpZones: pip.zones, uncoveredZones: uncovered },
      },
    ];
  },
});
