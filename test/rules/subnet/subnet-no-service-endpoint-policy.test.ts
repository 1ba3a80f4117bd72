import { subnetNoServiceEndpointPolicy } from '../../../src/rules/subnet/subnet-no-service-endpoint-policy.js';
import { RG, buildView } from '../../support/view-builder.js';
import { runRuleTests } from '../../support/rule-tester.js';

const policy = `${RG}/providers/Microsoft.Network/serviceEndpointPolicies/sep-storage`;

runRuleTests(subnetNoServiceEndpointPolicy, {
  valid: [
    { name: 'no policy', view: buildView() },
    { name: 'service endpoints alone are fine', view: buildView({ locations: [{ subnet: { serviceEndpoints: ['Microsoft.Storage', 'Microsoft.Sql'] } }] }) },
  ],
  invalid: [
    {
      name: 'policy with a Storage endpoint blocks APIM storage now',
      view: buildView({ locations: [{ subnet: { serviceEndpoints: ['Microsoft.Storage'], serviceEndpointPolicyIds: [policy] } }] }),
      errors: [{ severity: 'breaks-now', messageIncludes: ['sep-storage', 'during preview'], evidence: { serviceEndpointPolicyIds: [policy] } }],
    },
    {
      name: 'policy without a Storage endpoint breaks the next apply',
      view: buildView({ locations: [{ subnet: { serviceEndpointPolicyIds: [policy] } }] }),
      errors: [{ severity: 'breaks-on-apply', messageIncludes: ['sep-storage'] }],
    },
  ],
});
