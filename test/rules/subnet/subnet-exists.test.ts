import { subnetExists } from '../../../src/rules/subnet/subnet-exists.js';
import { buildView, ids } from '../../support/view-builder.js';
import { runRuleTests } from '../../support/rule-tester.js';

runRuleTests(subnetExists, {
  valid: [
    { name: 'subnet found', view: buildView() },
    { name: 'unreadable is not missing', view: buildView({ locations: [{ subnet: { state: 'unreadable', id: ids.subnet('vnet-weu'), reason: '403' } }] }) },
  ],
  invalid: [
    {
      name: 'subnet deleted',
      view: buildView({ locations: [{ subnet: { state: 'missing', id: ids.subnet('vnet-weu') } }] }),
      errors: [{ location: 'westeurope', severity: 'breaks-now', resourceId: ids.subnet('vnet-weu'), messageIncludes: ['vnet-weu/snet-apim', '404'] }],
    },
    {
      name: 'subnet of the additional location deleted',
      view: buildView({ locations: [{}, { subnet: { state: 'missing', id: ids.subnet('vnet-neu') } }] }),
      errors: [{ location: 'northeurope', messageIncludes: ['vnet-neu/snet-apim'] }],
    },
  ],
});
