import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { resourceName } from '../subject.js';
import { V2_INSTANCE } from './applies.js';

/**
 * apim-v2-rules.md §2 V2_NO_PUBLIC_IP [I from the spec text]: publicIpAddressId is "Supported only for Developer
 * and Premium SKU being deployed in Virtual Network" (types 2025-09-01-preview).
 */
export const v2NoPublicIp = defineRule({
  meta: {
    id: 'V2_NO_PUBLIC_IP',
    severity: 'breaks-on-apply',
    title: 'A v2 instance names no public IP address of its own',
    appliesTo: V2_INSTANCE,
    docs: DOCS.v2Overview,
    messages: {
      publicIp:
        'Instance {{instance}} ({{sku}}) names public IP address {{publicIp}} (publicIpAddressId); the API specification supports a customer public IP only for Developer and Premium instances in a virtual network, so the next update of this v2 instance may be refused.',
    },
    remediation: {
      default: 'Remove publicIpAddressId from {{instance}} (set it to null in the next update); v2 instances use addresses managed by Azure.',
    },
  },
  check({ view }) {
    const { instance } = view;
    const primary = instance.locations.find((l) => l.isPrimary);
    const id = primary?.publicIpAddressId;
    if (id === undefined) return [];
    return [
      {
        messageId: 'publicIp',
        resourceId: instance.id,
        data: { instance: instance.name, sku: instance.skuName, publicIp: resourceName(id) },
        evidence: { publicIpAddressId: id },
      },
    ];
  },
});
