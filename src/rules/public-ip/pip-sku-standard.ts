import { BOTH_MODES, CLASSIC_PLATFORMS } from '../applies.js';
import { resourceArgs } from '../az.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject, sameText } from '../subject.js';
import { newPublicIpCommand, SWAP_NOTE } from './new-public-ip.js';

/** Only `Standard` is documented; `Basic` fails and `StandardV2` is undocumented for APIM (reference §1.1 D). */
export const pipSkuStandard = defineRule({
  meta: {
    id: 'PIP_SKU_STANDARD',
    severity: 'breaks-on-apply',
    title: 'The public IP address has the Standard SKU',
    appliesTo: { regimes: ['classic'], platforms: CLASSIC_PLATFORMS, modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.prerequisites,
    messages: {
      notStandard:
        'Public IP {{pip}} of location {{location}} of {{instance}} has SKU {{sku}}; API Management needs a Standard SKU public IPv4 address.',
    },
    remediation: {
      default:
        'Upgrade it (az network public-ip update {{pipArgs}} --sku Standard; a Basic IP must be Static and dissociated first) or create one ({{newIp}}), {{swap}}.',
    },
  },
  check(subject) {
    const s = locationSubject(subject);
    const pip = s.publicIp;
    if (pip === undefined || sameText(pip.skuName, 'Standard')) return [];
    const sku = pip.skuName ?? 'Basic (no sku set)';
    return [
      {
        messageId: 'notStandard',
        resourceId: pip.id,
        data: { ...locationData(s), pip: pip.name, sku, pipArgs: resourceArgs(pip.id), newIp: newPublicIpCommand(s), swap: SWAP_NOTE },
        evidence: { skuName: pip.skuName ?? null },
      },
    ];
  },
});
