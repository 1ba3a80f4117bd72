import { pipZoneRedundantWithAz } from '../../../src/rules/public-ip/pip-zone-redundant.js';
import { buildView, ids } from '../../support/view-builder.js';
import { runRuleTests } from '../../support/rule-tester.js';

const zoned = (locationZones: string[], pipZones: string[]) => buildView({ locations: [{ location: { zones: locationZones }, publicIp: { zones: pipZones } }] });

runRuleTests(pipZoneRedundantWithAz, {
  valid: [
    { name: 'no zones on the location', view: zoned([], ['1']) },
    { name: 'zone-redundant IP', view: zoned(['1', '2', '3'], ['1', '2', '3']) },
    { name: 'IP zones cover two location zones', view: zoned(['1', '2'], ['1', '2', '3']) },
  ],
  invalid: [
    {
      name: 'zonal IP',
      view: zoned(['1', '2'], ['1']),
      errors: [{ severity: 'breaks-on-apply', resourceId: ids.publicIp('pip-apim-weu'), messageIncludes: ['zones 1, 2', 'is zonal (zone 1)'] }],
    },
    { name: 'zonal IP even in the one zone of the location', view: zoned(['2'], ['2']), errors: [{ severity: 'breaks-on-apply' }] },
    {
      name: 'IP zones miss a location zone',
      view: zoned(['1', '2', '3'], ['1', '2']),
      errors: [{ severity: 'breaks-on-apply', messageIncludes: ['covers only zones 1, 2'], evidence: { uncoveredZones: ['3'] } }],
    },
    {
      name: 'IP without zones: zone-redundant only if created since September 2024',
      view: zoned(['1', '2', '3'], []),
      errors: [{ severity: 'recommendation', messageIncludes: ['September 2024'] }],
    },
  ],
});
