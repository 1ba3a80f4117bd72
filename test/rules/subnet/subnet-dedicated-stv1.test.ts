import { subnetDedicatedStv1 } from '../../../src/rules/subnet/subnet-dedicated-stv1.js';
import { buildView, ids } from '../../support/view-builder.js';
import { runRuleTests } from '../../support/rule-tester.js';
import { customerNic, managedNic, neighbour, stv1 } from './fixtures.js';

const apimLink = { name: 'apim-link', linkedResourceType: 'Microsoft.ApiManagement/service' };

runRuleTests(subnetDedicatedStv1, {
  valid: [
    { name: 'stv1 alone in its subnet, with its own navigation link and managed NICs', view: buildView({ instance: stv1, locations: [{ subnet: { resourceNavigationLinks: [apimLink], ipConfigurationIds: [managedNic()] } }] }) },
    { name: 'link type spelled in lower case', view: buildView({ instance: stv1, locations: [{ subnet: { resourceNavigationLinks: [{ linkedResourceType: 'microsoft.apimanagement/service' }] } }] }) },
    { name: 'stv2 may share its subnet', view: buildView({ locations: [{ subnet: { ipConfigurationIds: [customerNic()] }, subnetNeighbours: [neighbour()] }] }) },
  ],
  invalid: [
    {
      name: 'a VM NIC in the stv1 subnet',
      view: buildView({ instance: stv1, locations: [{ subnet: { ipConfigurationIds: [customerNic(), managedNic()] } }] }),
      errors: [
        {
          severity: 'breaks-on-apply',
          resourceId: ids.subnet('vnet-weu'),
          messageIncludes: ['1 IP configuration(s) of other resources', 'vnet-weu/snet-apim'],
          evidence: { otherIpConfigurations: [customerNic()] },
        },
      ],
    },
    {
      name: 'another service link and another APIM instance',
      view: buildView({
        instance: stv1,
        locations: [{ subnet: { serviceAssociationLinks: [{ name: 'legionservicelink', linkedResourceType: 'Microsoft.Web/serverFarms' }, apimLink] }, subnetNeighbours: [neighbour()] }],
      }),
      errors: [{ messageIncludes: ['a link to Microsoft.Web/serverFarms (legionservicelink)', 'API Management instance apim-b'] }],
    },
  ],
});
