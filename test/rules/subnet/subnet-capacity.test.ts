import { describe, expect, it } from 'vitest';
import { addressesNeeded, subnetCapacityClassic } from '../../../src/rules/subnet/subnet-capacity.js';
import { buildView, ids } from '../../support/view-builder.js';
import { findingsOf, runRuleTests } from '../../support/rule-tester.js';
import { customerNic, managedNic, neighbour } from './fixtures.js';

const slash29 = { addressPrefixes: ['10.0.1.0/29'] };

runRuleTests(subnetCapacityClassic, {
  valid: [
    { name: '/24 for one unit', view: buildView() },
    // Reference §3.1 table: a /29 holds exactly one Internal Premium unit (2 + ILB = 3 usable).
    { name: '/29 holds one Internal Premium unit exactly', view: buildView({ instance: { networkMode: 'Internal' }, locations: [{ subnet: slash29 }] }) },
    {
      name: "APIM's managed NICs (foreign subscription) are not counted twice",
      view: buildView({ locations: [{ subnet: { ...slash29, ipConfigurationIds: [managedNic(1), managedNic(2), managedNic(3)] } }] }),
    },
    {
      name: 'two /29 prefixes add up (6 usable) for a Developer and a neighbour',
      view: buildView({
        instance: { skuName: 'Developer' },
        locations: [{ subnet: { addressPrefixes: ['10.0.1.0/29', '10.0.2.0/29', 'fd00:db8::/64'] }, subnetNeighbours: [neighbour({ capacity: 2 })] }],
      }),
    },
    {
      name: '/28: 11 usable = 2 + neighbour 5 (2 units Internal) + 4 customer NICs',
      view: buildView({
        locations: [
          {
            subnet: { addressPrefixes: ['10.0.1.0/28'], ipConfigurationIds: [1, 2, 3, 4].map(customerNic) },
            subnetNeighbours: [neighbour({ capacity: 2, networkMode: 'Internal' })],
          },
        ],
      }),
    },
  ],
  invalid: [
    {
      name: '/29 cannot hold 2 Premium units',
      view: buildView({ instance: { capacity: 2 }, locations: [{ subnet: slash29 }] }),
      errors: [
        {
          severity: 'breaks-on-apply',
          resourceId: ids.subnet('vnet-weu'),
          messageIncludes: ['3 usable addresses', '10.0.1.0/29', '4 are needed', '4 for apim-a (Premium 2 unit(s), External)'],
          evidence: { usable: 3, needed: 4, own: 4, suggestedPrefixLength: 28 },
        },
      ],
    },
    {
      name: '/28 one address short once a customer NIC joins',
      view: buildView({
        locations: [
          {
            subnet: { addressPrefixes: ['10.0.1.0/28'], ipConfigurationIds: [...[1, 2, 3, 4, 5].map(customerNic), managedNic(1)] },
            subnetNeighbours: [neighbour({ capacity: 2, networkMode: 'Internal' })],
          },
        ],
      }),
      errors: [
        {
          messageIncludes: ['11 usable', '12 are needed', '5 for 1 other API Management', '5 for other resources'],
          evidence: {
            suggestedPrefixLength: 27, otherIpConfigurations: [1, 2, 3, 4, 5].map(customerNic), neighbours: [{ instanceId: ids.apim('apim-b'), needs: 5 }] },
        },
      ],
    },
    {
      name: 'the additional location is judged with its own capacity',
      view: buildView({ locations: [{ subnet: slash29 }, { subnet: slash29, location: { capacity: 3 } }] }),
      errors: [{ location: 'northeurope', messageIncludes: ['6 are needed'] }],
    },
  ],
});

describe('addressesNeeded (reference §3.1)', () => {
  it('is 1 for Developer, 2 per Premium unit, +1 in Internal mode', () => {
    expect(addressesNeeded('Developer', 1, 'External')).toBe(1);
    expect(addressesNeeded('Developer', 1, 'Internal')).toBe(2);
    expect(addressesNeeded('Premium', 3, 'External')).toBe(6);
    expect(addressesNeeded('Premium', 31, 'Internal')).toBe(63);
  });
});

describe('SUBNET_CAPACITY_CLASSIC remediation', () => {
  it('names the smallest subnet that fits', () => {
    const [finding] = findingsOf(subnetCapacityClassic, buildView({ instance: { capacity: 2 }, locations: [{ subnet: slash29 }] }));
    expect(finding?.remediation).toContain('subnet of /28 or larger');
  });
});
