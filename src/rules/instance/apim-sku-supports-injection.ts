import { ALL_PLATFORMS, BOTH_MODES } from '../applies.js';
import { resourceArgs } from '../az.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';

const INJECTABLE = new Set(['developer', 'premium']);

/** Classic injection exists only for Developer and Premium (reference §1.1 A). */
export const apimSkuSupportsInjection = defineRule({
  meta: {
    id: 'APIM_SKU_SUPPORTS_INJECTION',
    severity: 'breaks-on-apply',
    title: 'Only the Developer and Premium tiers can be injected into a virtual network',
    // The tier is a property of the request, known whatever the compute platform.
    appliesTo: { regimes: ['classic'], platforms: ALL_PLATFORMS, modes: BOTH_MODES, scope: 'instance' },
    docs: DOCS.virtualNetworkConcepts,
    messages: {
      unsupportedSku:
        'Instance {{instance}} is on the {{sku}} tier with virtualNetworkType {{mode}}; virtual network injection is available only on the Developer and Premium tiers.',
    },
    remediation: {
      default:
        'Upgrade {{instance}} to Premium (az apim update {{apimArgs}} --sku-name Premium) or set its virtualNetworkType to None.',
    },
  },
  check({ view }) {
    const { instance } = view;
    if (INJECTABLE.has(instance.skuName.toLowerCase())) return [];
    return [
      {
        messageId: 'unsupportedSku',
        resourceId: instance.id,
        data: { instance: instance.name, sku: instance.skuName, mode: instance.networkMode, apimArgs: resourceArgs(instance.id) },
        evidence: { skuName: instance.skuName, networkMode: instance.networkMode },
      },
    ];
  },
});
