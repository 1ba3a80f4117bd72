import { ALL_PLATFORMS, BOTH_MODES } from '../applies.js';
import { resourceArgs } from '../az.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';

export const mrPremiumOnly = defineRule({
  meta: {
    id: 'MR_PREMIUM_ONLY',
    severity: 'breaks-on-apply',
    title: 'Only a Premium instance has additional locations',
    appliesTo: { regimes: ['classic'], platforms: ALL_PLATFORMS, modes: BOTH_MODES, scope: 'instance' },
    docs: DOCS.multiRegion,
    messages: {
      notPremium:
        'Instance {{instance}} is on the {{sku}} tier but has {{count}} additional location(s) ({{regions}}); only Premium supports more than one location.',
    },
    remediation: {
      default:
        'Upgrade {{instance}} to Premium (az apim update {{apimArgs}} --sku-name Premium) or remove its additionalLocations.',
    },
  },
  check({ view }) {
    const { instance } = view;
    const additional = instance.locations.filter((l) => !l.isPrimary);
    if (additional.length === 0 || instance.skuName.toLowerCase() === 'premium') return [];
    return [
      {
        messageId: 'notPremium',
        resourceId: instance.id,
        data: {
          instance: instance.name,
          sku: instance.skuName,
          count: additional.length,
          regions: additional.map((l) => l.displayName || l.region).join(', '),
          apimArgs: resourceArgs(instance.id),
        },
        evidence: { skuName: instance.skuName, additionalLocations: additional.map((l) => l.region) },
      },
    ];
  },
});
