import { subnetNsgAttachedStv1 } from '../../../src/rules/subnet/subnet-nsg-attached-stv1.js';
import { subnetNsgAttachedClassic } from '../../../src/rules/subnet/subnet-nsg-attached.js';
import { buildView, ids } from '../../support/view-builder.js';
import { runRuleTests } from '../../support/rule-tester.js';
import { stv1 } from './fixtures.js';

const noNsg = { subnet: { networkSecurityGroupId: undefined } };

runRuleTests(subnetNsgAttachedClassic, {
  valid: [
    { name: 'NSG attached', view: buildView() },
    { name: 'stv1 has its own, softer rule', view: buildView({ instance: stv1, locations: [noNsg] }) },
  ],
  invalid: [
    {
      name: 'no NSG on stv2',
      view: buildView({ locations: [noNsg] }),
      errors: [
        {
          severity: 'breaks-now',
          resourceId: ids.subnet('vnet-weu'),
          messageIncludes: ['vnet-weu/snet-apim', 'port 3443'],
        },
      ],
    },
  ],
});

runRuleTests(subnetNsgAttachedStv1, {
  valid: [
    { name: 'NSG attached', view: buildView({ instance: stv1 }) },
    { name: 'stv2 is SUBNET_NSG_ATTACHED_CLASSIC', view: buildView({ locations: [noNsg] }) },
  ],
  invalid: [{ name: 'no NSG on stv1', view: buildView({ instance: stv1, locations: [noNsg] }), errors: [{ severity: 'recommendation', messageIncludes: ['stv1 did not require one'] }] }],
});
