import { BOTH_MODES } from '../applies.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { subnetWithoutNsg } from './no-nsg.js';

/** The stv1 docs never required an NSG (reference §1.1 B, historical); stv2 does, so only recommend one. */
export const subnetNsgAttachedStv1 = defineRule({
  meta: {
    id: 'SUBNET_NSG_ATTACHED_STV1',
    severity: 'recommendation',
    title: 'A network security group is attached to the subnet of an stv1 location',
    appliesTo: { regimes: ['classic'], platforms: ['stv1'], modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.migrateStv1,
    messages: {
      noNsg:
        'Subnet {{subnet}} of stv1 location {{location}} of {{instance}} has no network security group. stv1 did not require one, but stv2 does, and the migration off the retired stv1 platform needs it.',
    },
    remediation: {
      default:
        'Attach an NSG holding the API Management rules before migrating: az network vnet subnet update {{subnetArgs}} --network-security-group {{nsgChoice}}',
    },
  },
  check: subnetWithoutNsg,
});
