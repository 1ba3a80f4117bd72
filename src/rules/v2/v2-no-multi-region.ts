import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { V2_INSTANCE } from './applies.js';

/** apim-v2-rules.md §2 V2_NO_MULTI_REGION: "Multi-region deployment" is "Currently unavailable" (overview 11/21/2025). */
export const v2NoMultiRegion = defineRule({
  meta: {
    id: 'V2_NO_MULTI_REGION',
    severity: 'breaks-on-apply',
    title: 'A v2 instance has no additional locations',
    appliesTo: V2_INSTANCE,
    docs: DOCS.v2Overview,
    messages: {
      additional:
        'Instance {{instance}} ({{sku}}) has {{count}} additional location(s) ({{regions}}); multi-region deployment is currently unavailable in the v2 tiers, so the next update of it will be refused.',
    },
    remediation: {
      default: 'Remove additionalLocations from {{instance}}, and deploy a separate v2 instance in each further region.',
    },
  },
  check({ view }) {
    const { instance } = view;
    const additional = instance.locations.filter((l) => !l.isPrimary);
    if (additional.length === 0) return [];
    return [
      {
        messageId: 'additional',
        resourceId: instance.id,
        data: { instance: instance.name, sku: instance.skuName, count: additional.length, regions: additional.map((l) => l.displayName || l.region).join(', ') },
        evidence: { additionalLocations: additional.map((l) => l.region) },
      },
    ];
  },
});
