import { describe, expect, it } from 'vitest';
import { subnetNoDelegation } from '../../../src/rules/subnet/subnet-no-delegation.js';
import { buildView, ids, SUB } from '../../support/view-builder.js';
import { findingsOf, runRuleTests } from '../../support/rule-tester.js';

runRuleTests(subnetNoDelegation, {
  valid: [
    { name: 'no delegation', view: buildView() },
    { name: 'subnet missing: SUBNET_EXISTS speaks', view: buildView({ locations: [{ subnet: { state: 'missing', id: ids.subnet('vnet-weu') } }] }) },
  ],
  invalid: [
    {
      name: 'delegated to App Service',
      view: buildView({ locations: [{ subnet: { delegations: ['Microsoft.Web/serverFarms'] } }] }),
      errors: [
        {
          severity: 'breaks-on-apply',
          resourceId: ids.subnet('vnet-weu'),
          messageIncludes: ['Microsoft.Web/serverFarms', 'vnet-weu/snet-apim'],
        },
      ],
    },
  ],
});

describe('SUBNET_NO_DELEGATION remediation', () => {
  it('is a command that can be pasted, with names from Azure shell-quoted', () => {
    const subnetId = `/subscriptions/${SUB}/resourceGroups/rg (net)/providers/Microsoft.Network/virtualNetworks/vnet-weu/subnets/snet-apim`;
    const view = buildView({ locations: [{ location: { subnetId }, subnet: { delegations: ['Microsoft.Web/serverFarms'] } }] });
    const [f] = findingsOf(subnetNoDelegation, view);
    expect(f?.remediation).toBe(`Remove the delegation: az network vnet subnet update --subscription ${SUB} --resource-group 'rg (net)' --vnet-name vnet-weu --name snet-apim --remove delegations`);
  });
});
