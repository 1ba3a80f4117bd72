import { apimPlatformNotStv1 } from '../../../src/rules/instance/apim-platform-not-stv1.js';
import { buildView, ids } from '../../support/view-builder.js';
import { runRuleTests } from '../../support/rule-tester.js';

const stv1 = { platform: 'stv1', platformVersion: 'stv1' } as const;

runRuleTests(apimPlatformNotStv1, {
  valid: [
    { name: 'stv2', view: buildView() },
    { name: 'stv2.1', view: buildView({ instance: { platformVersion: 'stv2.1' } }) },
  ],
  invalid: [
    {
      name: 'single stv1 location',
      view: buildView({ instance: stv1 }),
      errors: [{ location: 'westeurope', severity: 'breaks-on-apply', resourceId: ids.apim(), messageIncludes: ['platform stv1', '31 August 2024', 'westeurope (primary)', 'apim-a'] }],
    },
    {
      name: 'only the additional location still on stv1',
      view: buildView({ locations: [{}, { location: stv1 }] }),
      errors: [{ location: 'northeurope', messageIncludes: ['northeurope (additional location 1)'] }],
    },
  ],
});
