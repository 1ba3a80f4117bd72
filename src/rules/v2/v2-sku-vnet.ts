import { isTier } from '../../model/mode.js';
import { ALL_PLATFORMS, BOTH_MODES } from '../applies.js';
import { resourceGroupOf } from '../az.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';

/**
 * apim-v2-rules.md §2 V2_SKU_VNET: integration is "available only ... in the Standard v2 and Premium v2 tiers",
 * injection "only ... in the Premium v2 tier"; ARM refuses the rest ("Setting up 'Internal' ... is not supported
 * for Sku Type 'StandardV2'"). The classifier puts exactly these instances in `v2-unsupported`.
 */
export const v2SkuVnet = defineRule({
  meta: {
    id: 'V2_SKU_VNET',
    severity: 'breaks-on-apply',
    title: 'The v2 tier supports the virtual network mode it asks for',
    appliesTo: { regimes: ['v2-unsupported'], platforms: ALL_PLATFORMS, modes: BOTH_MODES, scope: 'instance' },
    docs: DOCS.v2Overview,
    messages: {
      basicV2:
        'Instance {{instance}} is on the Basic v2 tier with virtualNetworkType {{mode}}; Basic v2 supports neither outbound VNet integration nor VNet injection, so ARM refuses the next update of it.',
      injectionNotPremiumV2:
        'Instance {{instance}} is on the {{sku}} tier with virtualNetworkType Internal (VNet injection); VNet injection is available only on Premium v2, so ARM refuses the next update of it. Standard v2 supports outbound VNet integration (External).',
    },
    remediation: {
      basicV2:
        'Upgrade {{instance}} to Standard v2 or Premium v2 (az apim update --resource-group {{resourceGroup}} --name {{instance}} --sku-name StandardV2) or set its virtualNetworkType to None.',
      injectionNotPremiumV2:
        'Set virtualNetworkType of {{instance}} to External for outbound VNet integration on a subnet delegated to Microsoft.Web/serverFarms, or create a Premium v2 instance for VNet injection (injection is set when an instance is created).',
    },
  },
  check({ view }) {
    const { instance } = view;
    const basic = isTier(instance.skuName, 'BasicV2');
    return [
      {
        messageId: basic ? 'basicV2' : 'injectionNotPremiumV2',
        resourceId: instance.id,
        data: { instance: instance.name, sku: instance.skuName, mode: instance.networkMode, resourceGroup: resourceGroupOf(instance.id) },
        evidence: { skuName: instance.skuName, networkMode: instance.networkMode },
      },
    ];
  },
});
