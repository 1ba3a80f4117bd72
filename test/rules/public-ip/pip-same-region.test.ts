import { pipSameRegion } from '../../../src/rules/public-ip/pip-same-region.js';
import { buildView, ids } from '../../support/view-builder.js';
import { runRuleTests } from '../../support/rule-tester.js';

runRuleTests(pipSameRegion, {
  valid: [
    { name: 'same region', view: buildView() },
    { name: 'display name against programmatic name', view: buildView({ locations: [{ displayName: 'West Europe', publicIp: { location: 'West Europe' } }] }) },
  ],
  invalid: [
    {
      name: 'additional location using an IP of the primary region',
      view: buildView({ locations: [{}, { publicIp: { location: 'westeurope' } }] }),
      errors: [{ location: 'northeurope', severity: 'breaks-on-apply', resourceId: ids.apim(), messageIncludes: ['pip-apim-neu is in westeurope', 'is in northeurope'] }],
    },
  ],
});
