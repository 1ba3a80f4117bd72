import { BOTH_MODES, STV2_PLATFORMS } from '../applies.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { subnetWithoutNsg } from './no-nsg.js';

/** stv2 puts a Standard internal load balancer in front of the units: closed to inbound unless an NSG opens it. */
export const subnetNsgAttachedClassic = defineRule({
  meta: {
    id: 'SUBNET_NSG_ATTACHED_CLASSIC',
    severity: 'breaks-now',
    title: 'A network security group is attached to the subnet',
    appliesTo: { regimes: ['classic'], platforms: STV2_PLATFORMS, modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.prerequisites,
    messages: {
      noNsg:
        'Subnet {{subnet}} of location {{location}} of {{instance}} has no network security group. On stv2 one is required: the internal load balancer of API Management rejects all inbound traffic an NSG does not allow, so client calls and management traffic on port 3443 fail.',
    },
    remediation: {
      default:
        'Attach an NSG holding the API Management rules: az network vnet subnet update {{subnetArgs}} --network-security-group {{nsgChoice}}',
    },
  },
  check: subnetWithoutNsg,
});
