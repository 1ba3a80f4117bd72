import { ALL_PLATFORMS, BOTH_MODES } from '../applies.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';

/** The v2 tiers have their own rules (reference §1.1 H, I), not implemented yet: the status must be `unknown`. */
export const regimeNotCovered = defineRule({
  meta: {
    id: 'REGIME_NOT_COVERED',
    severity: 'info',
    title: 'The virtual network regime of the instance is covered by the rules',
    appliesTo: { regimes: ['v2'], platforms: ALL_PLATFORMS, modes: BOTH_MODES, scope: 'instance' },
    docs: DOCS.virtualNetworkConcepts,
    messages: {
      v2:
        'Instance {{instance}} is on the {{sku}} tier with virtualNetworkType {{mode}}: the rules for v2 virtual network integration and injection are not implemented yet, so its network was not checked.',
    },
    remediation: {
      default:
        'Check the subnet delegation, size and NSG of {{instance}} by hand against the v2 requirements until apim-vnet-guard covers the v2 tiers.',
    },
  },
  check({ view }) {
    const { instance } = view;
    return [
      {
        messageId: 'v2',
        resourceId: instance.id,
        data: { instance: instance.name, sku: instance.skuName, mode: instance.networkMode },
        evidence: { skuName: instance.skuName, networkMode: instance.networkMode },
      },
    ];
  },
});
