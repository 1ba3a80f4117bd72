import { nsgExists } from '../../../src/rules/subnet/nsg-exists.js';
import { buildView, ids } from '../../support/view-builder.js';
import { runRuleTests } from '../../support/rule-tester.js';
import { stv1 } from './fixtures.js';

const missingNsg = { networkSecurityGroup: { state: 'missing' as const, id: ids.nsg('nsg-apim-weu') } };

runRuleTests(nsgExists, {
  valid: [
    { name: 'NSG found', view: buildView() },
    { name: 'no NSG referenced', view: buildView({ locations: [{ subnet: { networkSecurityGroupId: undefined } }] }) },
    { name: 'NSG unreadable is RESOURCE_UNREADABLE', view: buildView({ locations: [{ networkSecurityGroup: { state: 'unreadable', id: ids.nsg('nsg-apim-weu'), reason: '403' } }] }) },
  ],
  invalid: [
    {
      name: 'NSG deleted under stv2',
      view: buildView({ locations: [missingNsg] }),
      errors: [{ severity: 'breaks-now', resourceId: ids.subnet('vnet-weu'), messageIncludes: ['nsg-apim-weu', '404'], evidence: { networkSecurityGroupId: ids.nsg('nsg-apim-weu') } }],
    },
    { name: 'NSG deleted under stv1', view: buildView({ instance: stv1, locations: [missingNsg] }), errors: [{ severity: 'recommendation' }] },
  ],
});
