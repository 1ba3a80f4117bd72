import { subnetMinSizeClassic } from '../../../src/rules/subnet/subnet-min-size.js';
import { buildView } from '../../support/view-builder.js';
import { runRuleTests } from '../../support/rule-tester.js';

runRuleTests(subnetMinSizeClassic, {
  valid: [
    { name: '/24', view: buildView() },
    { name: 'exactly /29', view: buildView({ locations: [{ subnet: { addressPrefixes: ['10.0.1.0/29'] } }] }) },
    { name: 'dual stack: the IPv6 /64 is not judged', view: buildView({ locations: [{ subnet: { addressPrefixes: ['10.0.1.0/28', 'fd00:db8::/64'] } }] }) },
  ],
  invalid: [
    {
      name: '/30',
      view: buildView({ locations: [{ subnet: { addressPrefixes: ['10.0.1.0/30'] } }] }),
      errors: [{ severity: 'breaks-on-apply', messageIncludes: ['10.0.1.0/30', '/29'] }],
    },
    {
      name: 'only the small one of two prefixes is named',
      view: buildView({ locations: [{ subnet: { addressPrefixes: ['10.0.1.0/28', '10.0.2.0/31'] } }] }),
      errors: [{ messageIncludes: ['prefix 10.0.2.0/31,'], evidence: { tooSmall: ['10.0.2.0/31'] } }],
    },
  ],
});
