import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { V2_INTEGRATION_LOCATION } from './applies.js';
import { checkDelegation } from './delegation.js';

/** integrate-vnet-outbound 12/04/2025: "The subnet needs to be delegated to the Microsoft.Web/serverFarms service." */
export const v2IntDelegation = defineRule({
  meta: {
    id: 'V2INT_DELEGATION',
    severity: 'breaks-on-apply',
    title: 'The subnet of an outbound VNet integration is delegated to Microsoft.Web/serverFarms',
    appliesTo: V2_INTEGRATION_LOCATION,
    docs: DOCS.v2Integration,
    messages: {
      none: 'Subnet {{subnet}} of {{instance}} ({{mode}}) is not delegated; outbound VNet integration needs the subnet delegated to {{delegation}}, and ARM refuses the next update without it.',
      other: 'Subnet {{subnet}} of {{instance}} ({{mode}}) is delegated to {{found}}, not to {{delegation}}; outbound VNet integration needs {{delegation}}.',
      otherMode:
        'Subnet {{subnet}} of {{instance}} ({{mode}}) is delegated to {{found}}, not to {{delegation}}; outbound VNet integration needs {{delegation}}: {{found}} is the delegation of VNet injection of Premium v2, and a Premium v2 instance cannot switch between the two modes.',
    },
    remediation: {
      default: 'Delegate the subnet to {{delegation}} (a subnet holds one delegation): az network vnet subnet update {{subnetArgs}} --delegations {{delegation}}',
    },
  },
  check: checkDelegation,
});
