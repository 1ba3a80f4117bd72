import { BOTH_MODES } from '../applies.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationSubject } from '../subject.js';

/** stv1 was retired on 31 Aug 2024 (Feb 2025 in sovereign clouds); each location migrates on its own. */
export const apimPlatformNotStv1 = defineRule({
  meta: {
    id: 'APIM_PLATFORM_NOT_STV1',
    severity: 'breaks-on-apply',
    title: 'The location does not run on the retired stv1 compute platform',
    appliesTo: { regimes: ['classic'], platforms: ['stv1'], modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.stv1Retirement,
    messages: {
      stv1:
        'Location {{location}} of {{instance}} runs on platform {{platformVersion}}. stv1 was retired on 31 August 2024 (February 2025 in sovereign clouds): it is no longer supported and network changes to it may be refused.',
    },
    remediation: {
      default:
        'Migrate location {{location}} of {{instance}} to stv2 (portal: Platform migration; or point the location at a new subnet with an NSG and a new Standard public IP), as the stv1-to-stv2 migration guide describes.',
    },
  },
  check(subject) {
    const { instance, location, label } = locationSubject(subject);
    return [
      {
        messageId: 'stv1',
        resourceId: instance.id,
        data: { instance: instance.name, location: label, platformVersion: location.platformVersion },
        evidence: { platformVersion: location.platformVersion, migrationGuide: DOCS.migrateStv1 },
      },
    ];
  },
});
