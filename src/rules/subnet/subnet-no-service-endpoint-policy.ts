import { BOTH_MODES, CLASSIC_PLATFORMS } from '../applies.js';
import { subnetArgs } from '../az.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject, resourceName, sameText, subnetLabel } from '../subject.js';

/**
 * Service endpoint policies are unsupported on API Management subnets (reference §1.1 B; the limitation
 * is still worded "during preview", §9 item 12). A policy filters Storage traffic only through a
 * Microsoft.Storage service endpoint: with one, APIM's own infrastructure Storage is cut off now.
 */
export const subnetNoServiceEndpointPolicy = defineRule({
  meta: {
    id: 'SUBNET_NO_SERVICE_ENDPOINT_POLICY',
    severity: 'breaks-on-apply',
    title: 'No service endpoint policy is attached to the subnet',
    appliesTo: { regimes: ['classic'], platforms: CLASSIC_PLATFORMS, modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.serviceEndpointPolicies,
    messages: {
      policyInEffect:
        'Subnet {{subnet}} of location {{location}} of {{instance}} has service endpoint policies {{policies}} and a Microsoft.Storage service endpoint: the policies block the Storage accounts of API Management\'s own infrastructure. Azure does not support these policies on API Management subnets (the limitation still reads "during preview").',
      policy:
        'Subnet {{subnet}} of location {{location}} of {{instance}} has service endpoint policies {{policies}}. Azure does not support these policies on API Management subnets (the limitation still reads "during preview"); they take effect as soon as a Microsoft.Storage service endpoint is added.',
    },
    remediation: {
      default: 'Remove the policies from the subnet: az network vnet subnet update {{subnetArgs}} --remove serviceEndpointPolicies',
    },
  },
  check(subject) {
    const s = locationSubject(subject);
    const subnet = s.subnet;
    if (subnet === undefined || subnet.serviceEndpointPolicyIds.length === 0) return [];
    const inEffect = subnet.serviceEndpoints.some((e) => sameText(e, 'Microsoft.Storage') || sameText(e, 'Microsoft.Storage.Global'));
    return [
      {
        messageId: inEffect ? 'policyInEffect' : 'policy',
        severity: inEffect ? 'breaks-now' : 'breaks-on-apply',
        resourceId: subnet.id,
        data: {
          ...locationData(s),
          subnet: subnetLabel(subnet.id),
          policies: subnet.serviceEndpointPolicyIds.map(resourceName).join(', '),
          subnetArgs: subnetArgs(subnet.id),
        },
        evidence: { serviceEndpointPolicyIds: subnet.serviceEndpointPolicyIds, serviceEndpoints: subnet.serviceEndpoints },
      },
    ];
  },
});
