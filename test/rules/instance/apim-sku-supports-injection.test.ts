import { apimSkuSupportsInjection } from '../../../src/rules/instance/apim-sku-supports-injection.js';
import { buildView, ids } from '../../support/view-builder.js';
import { runRuleTests } from '../../support/rule-tester.js';

runRuleTests(apimSkuSupportsInjection, {
  valid: [
    { name: 'Premium External', view: buildView() },
    { name: 'Developer Internal', view: buildView({ instance: { skuName: 'Developer', networkMode: 'Internal' } }) },
    { name: 'Standard without a virtual network is not injected', view: buildView({ instance: { skuName: 'Standard', networkMode: 'None' } }) },
    { name: 'StandardV2 is the v2 regime, not this rule', view: buildView({ instance: { skuName: 'StandardV2' } }) },
  ],
  invalid: [
    {
      name: 'Standard with an External virtual network',
      view: buildView({ instance: { skuName: 'Standard' } }),
      errors: [{ location: 'instance', severity: 'breaks-on-apply', resourceId: ids.apim(), messageIncludes: ['apim-a', 'Standard', 'External'] }],
    },
    {
      name: 'Basic with an Internal virtual network, whatever the platform',
      view: buildView({ instance: { skuName: 'Basic', networkMode: 'Internal', platform: 'undetermined', platformVersion: 'undetermined' } }),
      errors: [{ messageIncludes: ['Basic', 'Internal'] }],
    },
  ],
});
