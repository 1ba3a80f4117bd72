import { azUnitsMultiple } from '../../../src/rules/multi-region/az-units-multiple.js';
import { buildView } from '../../support/view-builder.js';
import { runRuleTests } from '../../support/rule-tester.js';

const zoned = (capacity: number, zones: string[]) => buildView({ locations: [{ location: { capacity, zones } }] });

runRuleTests(azUnitsMultiple, {
  valid: [
    { name: 'automatic zones (none listed)', view: zoned(5, []) },
    { name: '3 units over 3 zones', view: zoned(3, ['1', '2', '3']) },
    { name: '4 units over 2 zones', view: zoned(4, ['1', '2']) },
    { name: 'Developer with zones is AZ_PREMIUM_ONLY', view: buildView({ instance: { skuName: 'Developer' }, locations: [{ location: { zones: ['1', '2'], skuName: 'Developer' } }] }) },
  ],
  invalid: [
    { name: '4 units over 3 zones', view: zoned(4, ['1', '2', '3']), errors: [{ severity: 'breaks-on-apply', messageIncludes: ['4 unit(s) over 3 availability zones'], evidence: { capacity: 4 } }] },
    { name: '1 unit over 2 zones', view: zoned(1, ['1', '2']), errors: [{ messageIncludes: ['1 unit(s) over 2'] }] },
    {
      name: 'the additional location, with its own capacity',
      view: buildView({ locations: [{ location: { capacity: 3, zones: ['1', '2', '3'] } }, { location: { capacity: 2, zones: ['1', '2', '3'] } }] }),
      errors: [{ location: 'northeurope', messageIncludes: ['2 unit(s) over 3'] }],
    },
  ],
});
