import { runRuleTests } from '../../support/rule-tester.js';
import { buildView, ids, OTHER_SUB, RG } from '../../support/view-builder.js';
import { maxInjectedUnits, v2InjCapacity } from '../../../src/rules/v2/v2inj-capacity.js';
import { v2InjDelegation } from '../../../src/rules/v2/v2inj-delegation.js';
import { v2IntDelegation } from '../../../src/rules/v2/v2int-delegation.js';
import { v2NsgAttached } from '../../../src/rules/v2/v2-nsg-attached.js';
import { v2SameRegion } from '../../../src/rules/v2/v2-same-region.js';
import { v2SameSubscription } from '../../../src/rules/v2/v2-same-subscription.js';
import { v2SubnetDedicated } from '../../../src/rules/v2/v2-subnet-dedicated.js';
import { v2SubnetExists } from '../../../src/rules/v2/v2-subnet-exists.js';
import { v2SubnetMin27 } from '../../../src/rules/v2/v2-subnet-min-27.js';
import { v2SubnetRecommended24 } from '../../../src/rules/v2/v2-subnet-recommended-24.js';
import { describe, expect, it } from 'vitest';
import { v2View } from './v2-views.js';

const SUBNET = ids.subnet('vnet-weu');
const otherSubSubnet = `/subscriptions/${OTHER_SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-weu/subnets/snet-apim`;
const neighbour = (name: string) => ({ instanceId: ids.apim(name), instanceName: name, region: 'westeurope', skuName: 'StandardV2', capacity: 1, networkMode: 'External' });

runRuleTests(v2SubnetExists, {
  valid: [{ name: 'the subnet is found', view: v2View('integration') }, { name: 'a classic subnet that is gone is SUBNET_EXISTS’s', view: buildView({ locations: [{ subnet: { state: 'missing', id: SUBNET } }] }) }],
  invalid: [
    {
      name: 'the subnet of an integration answered 404',
      view: v2View('integration', { location: { subnet: { state: 'missing', id: SUBNET } } }),
      errors: [{ severity: 'breaks-now', resourceId: SUBNET, messageIncludes: ['vnet-weu/snet-apim', 'outbound VNet integration', '404'] }],
    },
    {
      name: 'the remedy names the delegation of the mode',
      view: v2View('injection', { location: { subnet: { state: 'missing', id: SUBNET } } }),
      errors: [{ messageIncludes: ['VNet injection'] }],
    },
  ],
});

runRuleTests(v2SameRegion, {
  valid: [
    { name: 'same region', view: v2View('integration') },
    { name: 'region names compare normalised', view: v2View('injection', { location: { virtualNetwork: { location: 'West Europe' } } }) },
  ],
  invalid: [
    {
      name: 'the VNet is in another region',
      view: v2View('integration', { location: { virtualNetwork: { location: 'northeurope' } } }),
      errors: [{ severity: 'breaks-on-apply', resourceId: ids.apim(), messageIncludes: ['vnet-weu', 'northeurope', 'westeurope'] }],
    },
  ],
});

runRuleTests(v2SameSubscription, {
  valid: [{ name: 'same subscription', view: v2View('injection') }],
  invalid: [
    {
      name: 'the subnet is in another subscription',
      view: v2View('injection', { location: { location: { subnetId: otherSubSubnet }, subnet: { id: otherSubSubnet } } }),
      errors: [{ severity: 'breaks-on-apply', messageIncludes: [OTHER_SUB] }],
    },
  ],
});

runRuleTests(v2IntDelegation, {
  valid: [
    { name: 'delegated to Microsoft.Web/serverFarms', view: v2View('integration') },
    { name: 'the service name in any case', view: v2View('integration', { location: { subnet: { delegations: ['microsoft.web/serverfarms'] } } }) },
    { name: 'an injection is V2INJ_DELEGATION’s', view: v2View('injection', { location: { subnet: { delegations: [] } } }) },
  ],
  invalid: [
    {
      name: 'no delegation',
      view: v2View('integration', { location: { subnet: { delegations: [] } } }),
      errors: [{ severity: 'breaks-on-apply', resourceId: SUBNET, messageIncludes: ['is not delegated', 'Microsoft.Web/serverFarms'], evidence: { delegations: [], required: 'Microsoft.Web/serverFarms' } }],
    },
    {
      name: 'delegated to the injection service',
      view: v2View('integration', { location: { subnet: { delegations: ['Microsoft.Web/hostingEnvironments'] } } }),
      errors: [{ messageIncludes: ['delegated to Microsoft.Web/hostingEnvironments, not to Microsoft.Web/serverFarms', 'cannot switch'] }],
    },
    {
      name: 'delegated to another service',
      view: v2View('integration', { instance: { skuName: 'PremiumV2' }, location: { subnet: { delegations: ['Microsoft.Sql/managedInstances'] } } }),
      errors: [{ messageIncludes: ['Microsoft.Sql/managedInstances'] }],
    },
  ],
});

runRuleTests(v2InjDelegation, {
  valid: [
    { name: 'delegated to Microsoft.Web/hostingEnvironments', view: v2View('injection') },
    { name: 'a classic subnet without delegation', view: buildView({ instance: { networkMode: 'Internal' } }) },
  ],
  invalid: [
    { name: 'no delegation', view: v2View('injection', { location: { subnet: { delegations: [] } } }), errors: [{ messageIncludes: ['is not delegated', 'Microsoft.Web/hostingEnvironments'] }] },
    {
      name: 'delegated to the integration service',
      view: v2View('injection', { location: { subnet: { delegations: ['Microsoft.Web/serverFarms'] } } }),
      errors: [{ messageIncludes: ['Microsoft.Web/serverFarms is the delegation of outbound VNet integration'] }],
    },
  ],
});

runRuleTests(v2SubnetDedicated, {
  valid: [
    { name: 'alone in its subnet', view: v2View('integration') },
    { name: 'its own entry among the neighbours is not another instance', view: v2View('integration', { location: { subnetNeighbours: [neighbour('apim-a')] } }) },
    {
      name: 'APIM NICs in a Microsoft subscription are not counted',
      view: v2View('injection', { location: { subnet: { ipConfigurationIds: [`/subscriptions/${OTHER_SUB}/resourceGroups/x/providers/Microsoft.Network/networkInterfaces/n/ipConfigurations/c`] } } }),
    },
  ],
  invalid: [
    {
      name: 'another API Management instance in the subnet',
      view: v2View('integration', { location: { subnetNeighbours: [neighbour('apim-b')] } }),
      errors: [{ severity: 'breaks-on-apply', resourceId: SUBNET, messageIncludes: ['API Management instance apim-b', 'one API Management instance only'] }],
    },
    {
      name: 'a VM NIC in the subnet',
      view: v2View('injection', { location: { subnet: { ipConfigurationIds: [`${RG}/providers/Microsoft.Network/networkInterfaces/vm1/ipConfigurations/ipconfig1`] } } }),
      errors: [{ messageIncludes: ['1 IP configuration(s) of other resources'] }],
    },
  ],
});

runRuleTests(v2SubnetMin27, {
  valid: [
    { name: 'a /24', view: v2View('integration') },
    { name: 'exactly a /27', view: v2View('injection', { location: { subnet: { addressPrefixes: ['10.0.1.0/27'] } } }) },
    { name: 'IPv6 prefixes are not sized', view: v2View('integration', { location: { subnet: { addressPrefixes: ['10.0.1.0/24', 'fd00::/120'] } } }) },
  ],
  invalid: [
    {
      name: 'a /28 (allowed by the 2023 page only)',
      view: v2View('integration', { location: { subnet: { addressPrefixes: ['10.0.1.0/28'] } } }),
      errors: [{ severity: 'breaks-on-apply', messageIncludes: ['10.0.1.0/28', '/27', '2023'], evidence: { tooSmall: ['10.0.1.0/28'] } }],
    },
    {
      name: 'every prefix of addressPrefixes is sized',
      view: v2View('injection', { location: { subnet: { addressPrefixes: ['10.0.1.0/24', '10.0.2.0/29'] } } }),
      errors: [{ messageIncludes: ['10.0.2.0/29'] }],
    },
  ],
});

runRuleTests(v2SubnetRecommended24, {
  valid: [
    { name: 'a /24', view: v2View('integration') },
    { name: 'a /23', view: v2View('injection', { location: { subnet: { addressPrefixes: ['10.0.0.0/23'] } } }) },
    { name: 'below the minimum is V2_SUBNET_MIN_27’s', view: v2View('injection', { location: { subnet: { addressPrefixes: ['10.0.1.0/28'] } } }) },
  ],
  invalid: [
    {
      name: 'a /26',
      view: v2View('integration', { location: { subnet: { addressPrefixes: ['10.0.1.0/26'] } } }),
      errors: [{ severity: 'recommendation', messageIncludes: ['10.0.1.0/26', '/24'] }],
    },
  ],
});

const injectedUnits = (prefix: string, capacity: number) => v2View('injection', { instance: { capacity }, location: { subnet: { addressPrefixes: [prefix] } } });

runRuleTests(v2InjCapacity, {
  valid: [
    { name: '13 units in a /27', view: injectedUnits('10.0.1.0/27', 13) },
    { name: '29 units in a /26', view: injectedUnits('10.0.1.0/26', 29) },
    { name: '30 units in a /25', view: injectedUnits('10.0.1.0/25', 30) },
    { name: 'an integration is not sized per unit', view: v2View('integration', { instance: { capacity: 10 }, location: { subnet: { addressPrefixes: ['10.0.1.0/27'] } } }) },
  ],
  invalid: [
    {
      name: '14 units in a /27',
      view: injectedUnits('10.0.1.0/27', 14),
      errors: [{ severity: 'breaks-on-apply', resourceId: SUBNET, messageIncludes: ['27 usable addresses', 'enough for 13', 'has 14'], evidence: { maxUnits: 13, suggestedPrefixLength: 26 } }],
    },
    { name: '30 units in a /26', view: injectedUnits('10.0.1.0/26', 30), errors: [{ messageIncludes: ['enough for 29'], evidence: { suggestedPrefixLength: 25 } }] },
    { name: 'more than 30 units whatever the subnet', view: injectedUnits('10.0.0.0/22', 31), errors: [{ resourceId: ids.apim(), messageIncludes: ['31 Premium v2 units', 'at most 30'] }] },
  ],
});

describe('the Premium v2 sizing table', () => {
  it('matches inject-vnet-v2 (10/08/2025): /27 → 13, /26 → 29, /25 and larger → 30', () => {
    expect([27, 26, 25, 24].map((p) => maxInjectedUnits(2 ** (32 - p) - 5))).toEqual([13, 29, 30, 30]);
  });
});

runRuleTests(v2NsgAttached, {
  valid: [{ name: 'an NSG is attached', view: v2View('integration') }],
  invalid: [
    {
      name: 'no NSG on the subnet',
      view: v2View('integration', { location: { subnet: { networkSecurityGroupId: undefined } } }),
      errors: [{ severity: 'breaks-on-apply', resourceId: SUBNET, messageIncludes: ['has no network security group', 'outbound VNet integration'] }],
    },
    {
      name: 'the NSG answered 404',
      view: v2View('injection', { location: { networkSecurityGroup: { state: 'missing', id: ids.nsg('nsg-apim-weu') } } }),
      errors: [{ messageIncludes: ['nsg-apim-weu', '404'] }],
    },
  ],
});
