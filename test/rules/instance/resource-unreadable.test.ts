import { describe, expect, it } from 'vitest';
import { evaluateInstance } from '../../../src/engine/evaluate.js';
import { resourceUnreadable } from '../../../src/rules/instance/resource-unreadable.js';
import { buildView, ids } from '../../support/view-builder.js';
import { runRuleTests } from '../../support/rule-tester.js';

const unreadable = (id: string, reason = '403 Forbidden') => ({ state: 'unreadable' as const, id, reason });

runRuleTests(resourceUnreadable, {
  valid: [
    { name: 'everything found', view: buildView() },
    { name: 'a missing public IP is not unreadable', view: buildView({ locations: [{ publicIp: { state: 'missing', id: ids.publicIp('pip-apim-weu') } }] }) },
  ],
  invalid: [
    {
      name: 'NSG unreadable',
      view: buildView({ locations: [{ networkSecurityGroup: unreadable(ids.nsg('nsg-apim-weu')) }] }),
      errors: [
        {
          location: 'westeurope',
          severity: 'info',
          resourceId: ids.nsg('nsg-apim-weu'),
          messageIncludes: ['network security group nsg-apim-weu', '403 Forbidden'],
          evidence: { dependency: 'networkSecurityGroup', reason: '403 Forbidden' },
        },
      ],
    },
    {
      name: 'subnet and public IP unreadable in the additional location, one finding each',
      view: buildView({
        locations: [{}, { subnet: unreadable(ids.subnet('vnet-neu'), 'absent from snapshot'), publicIp: unreadable(ids.publicIp('pip-apim-neu')) }],
      }),
      errors: [
        { location: 'northeurope', messageIncludes: ['subnet snet-apim', 'absent from snapshot'] },
        { location: 'northeurope', messageIncludes: ['public IP address pip-apim-neu'] },
      ],
    },
    {
      name: 'route table and virtual network unreadable',
      view: buildView({
        locations: [{ subnet: { routeTableId: ids.routeTable('rt-apim-weu') }, routeTable: unreadable(ids.routeTable('rt-apim-weu')), virtualNetwork: unreadable(ids.vnet('vnet-weu')) }],
      }),
      errors: [{ messageIncludes: ['virtual network vnet-weu'] }, { messageIncludes: ['route table rt-apim-weu'] }],
    },
  ],
});

describe('RESOURCE_UNREADABLE in the engine', () => {
  it('makes the instance unknown rather than pass', () => {
    const view = buildView({ locations: [{ networkSecurityGroup: unreadable(ids.nsg('nsg-apim-weu')) }] });
    expect(evaluateInstance(view, [resourceUnreadable]).status).toBe('unknown');
  });
});
