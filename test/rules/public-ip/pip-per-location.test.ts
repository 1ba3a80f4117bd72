import { pipPerLocation } from '../../../src/rules/public-ip/pip-per-location.js';
import { buildView, ids } from '../../support/view-builder.js';
import { runRuleTests } from '../../support/rule-tester.js';
import { neighbour } from '../subnet/fixtures.js';

const shared = ids.publicIp('pip-apim-weu');

runRuleTests(pipPerLocation, {
  valid: [
    { name: 'one IP per location', view: buildView({ locations: [{}, {}] }) },
    { name: 'locations without IPs', view: buildView({ locations: [{ location: { publicIpAddressId: undefined } }, { location: { publicIpAddressId: undefined } }] }) },
  ],
  invalid: [
    {
      name: 'the additional location reuses the primary IP (id spelled differently): one finding, on the later location',
      view: buildView({ locations: [{}, { location: { publicIpAddressId: shared.toLowerCase() } }] }),
      errors: [{ location: 'northeurope', severity: 'breaks-on-apply', messageIncludes: ['pip-apim-weu', 'westeurope (primary)'] }],
    },
    {
      name: 'another instance references the same IP',
      view: buildView({ locations: [{ publicIpNeighbours: [neighbour({ instanceName: 'apim-legacy' })] }] }),
      errors: [{ location: 'westeurope', resourceId: shared, messageIncludes: ['API Management instance apim-legacy (westeurope)'], evidence: { sharedWithInstances: [ids.apim('apim-b')] } }],
    },
  ],
});
