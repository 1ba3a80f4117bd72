import { ALL_PLATFORMS, BOTH_MODES } from '../applies.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';

/**
 * What remains undocumented once the v2 tiers are covered (apim-v2-rules.md §1): a v2 tier with
 * virtualNetworkType External or Internal but no subnet. No page says what Azure does with it, so the
 * instance is `unknown`, never a pass.
 */
export const regimeNotCovered = defineRule({
  meta: {
    id: 'REGIME_NOT_COVERED',
    severity: 'info',
    title: 'The virtual network regime of the instance is covered by the rules',
    appliesTo: { regimes: ['not-covered'], platforms: ALL_PLATFORMS, modes: BOTH_MODES, scope: 'instance' },
    docs: DOCS.virtualNetworkConcepts,
    messages: {
      noSubnet:
        'Instance {{instance}} is on the {{sku}} tier with virtualNetworkType {{mode}} but names no subnet (virtualNetworkConfiguration.subnetResourceId): Microsoft documents no such combination, so its network was not checked.',
    },
    remediation: {
      default:
        'Set virtualNetworkConfiguration.subnetResourceId of {{instance}} to its delegated subnet, or set virtualNetworkType to None if it should not use a virtual network.',
    },
  },
  check({ view }) {
    const { instance } = view;
    return [
      {
        messageId: 'noSubnet',
        resourceId: instance.id,
        data: { instance: instance.name, sku: instance.skuName, mode: instance.networkMode },
        evidence: { skuName: instance.skuName, networkMode: instance.networkMode, subnetResourceId: null },
      },
    ];
  },
});
