import { apimPlatformDetermined } from '../../../src/rules/instance/apim-platform-determined.js';
import { buildView } from '../../support/view-builder.js';
import { runRuleTests } from '../../support/rule-tester.js';

runRuleTests(apimPlatformDetermined, {
  valid: [
    { name: 'stv2', view: buildView() },
    { name: 'stv1 is determined too', view: buildView({ instance: { platform: 'stv1', platformVersion: 'stv1' } }) },
  ],
  invalid: [
    {
      name: 'compute not deployed',
      view: buildView({ instance: { platform: 'undetermined', platformVersion: 'undetermined' } }),
      errors: [{ location: 'westeurope', severity: 'info', messageIncludes: ['"undetermined"', 'stv2 requirements'] }],
    },
    {
      name: 'empty platformVersion counts as undetermined',
      view: buildView({ locations: [{}, { location: { platformVersion: '' } }] }),
      errors: [{ location: 'northeurope', messageIncludes: ['"undetermined"'] }],
    },
  ],
});
