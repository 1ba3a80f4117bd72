import { pipExists } from '../../../src/rules/public-ip/pip-exists.js';
import { buildView, ids } from '../../support/view-builder.js';
import { runRuleTests } from '../../support/rule-tester.js';

runRuleTests(pipExists, {
  valid: [
    { name: 'public IP found', view: buildView() },
    { name: 'no public IP: Azure manages one', view: buildView({ locations: [{ location: { publicIpAddressId: undefined } }] }) },
  ],
  invalid: [
    {
      name: 'public IP deleted',
      view: buildView({ locations: [{ publicIp: { state: 'missing', id: ids.publicIp('pip-apim-weu') } }] }),
      errors: [{ severity: 'breaks-now', resourceId: ids.publicIp('pip-apim-weu'), messageIncludes: ['pip-apim-weu', '404'] }],
    },
  ],
});
