import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { V2_INJECTION_LOCATION } from './applies.js';
import { checkDelegation } from './delegation.js';

/** inject-vnet-v2 10/08/2025: "The subnet needs to be delegated to the Microsoft.Web/hostingEnvironments service." */
export const v2InjDelegation = defineRule({
  meta: {
    id: 'V2INJ_DELEGATION',
    severity: 'breaks-on-apply',
    title: 'The subnet of a Premium v2 VNet injection is delegated to Microsoft.Web/hostingEnvironments',
    appliesTo: V2_INJECTION_LOCATION,
    docs: DOCS.v2Injection,
    messages: {
      none: 'Subnet {{subnet}} of {{instance}} ({{mode}}) is not delegated; VNet injection of Premium v2 needs the subnet delegated to {{delegation}}, and ARM refuses the next update without it.',
      other: 'Subnet {{subnet}} of {{instance}} ({{mode}}) is delegated to {{found}}, not to {{delegation}}; VNet injection of Premium v2 needs {{delegation}}.',
      otherMode:
        'Subnet {{subnet}} of {{instance}} ({{mode}}) is delegated to {{found}}, not to {{delegation}}; VNet injection of Premium v2 needs {{delegation}}: {{found}} is the delegation of outbound VNet integration, and a Premium v2 instance cannot switch between the two modes.',
    },
    remediation: {
      default: 'Delegate the subnet to {{delegation}} (a subnet holds one delegation): az network vnet subnet update {{subnetArgs}} --delegations {{delegation}}',
    },
  },
  check: checkDelegation,
});
