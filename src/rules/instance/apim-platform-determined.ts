import { BOTH_MODES } from '../applies.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationSubject } from '../subject.js';

/**
 * `undetermined` means the compute of the location is not deployed yet (reference §1.1 A says "evaluate
 * nothing else"). We do evaluate it, against the stv2 requirements (see CLASSIC_PLATFORMS): a new
 * deployment lands on stv2, and a prerequisite caught now is one the apply does not fail on. This finding
 * says which assumption the other findings rest on.
 */
export const apimPlatformDetermined = defineRule({
  meta: {
    id: 'APIM_PLATFORM_DETERMINED',
    severity: 'info',
    title: 'The compute platform of the location is determined',
    appliesTo: { regimes: ['classic'], platforms: ['undetermined'], modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.computeInfrastructure,
    messages: {
      undetermined:
        'Location {{location}} of {{instance}} reports platformVersion "{{platformVersion}}": its compute is not deployed yet. Its network was checked against the stv2 requirements, since every new deployment lands on stv2.',
    },
    remediation: {
      default: 'Nothing to change; re-check {{instance}} once its deployment has finished and platformVersion reads stv2.',
    },
  },
  check(subject) {
    const { instance, location, label } = locationSubject(subject);
    return [
      {
        messageId: 'undetermined',
        resourceId: instance.id,
        data: { instance: instance.name, location: label, platformVersion: location.platformVersion || 'undetermined' },
        evidence: { platformVersion: location.platformVersion },
      },
    ];
  },
});
