import { describe, expect, it } from 'vitest';
import { evaluateInstance } from '../../../src/engine/evaluate.js';
import { resourceUnreadable } from '../../../src/rules/instance/resource-unreadable.js';
import type { UnreadableCause } from '../../../src/model/view.js';
import { buildView, ids } from '../../support/view-builder.js';
import { runRuleTests } from '../../support/rule-tester.js';

const unreadable = (id: string, reason = '403 Forbidden') => ({ state: 'unreadable' as const, id, reason });
const because = (id: string, cause: UnreadableCause, reason: string) => ({ state: 'unreadable' as const, id, reason, cause });

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
    {
      name: 'each cause has its own message and fix: 403',
      view: buildView({ locations: [{ networkSecurityGroup: because(ids.nsg('nsg-apim-weu'), 'forbidden', '403 AuthorizationFailed: no access') }] }),
      errors: [{ messageIncludes: ['Azure refused access (403 AuthorizationFailed'], remediationIncludes: ['Reader role on nsg-apim-weu'], evidence: { cause: 'forbidden' } }],
    },
    {
      name: 'each cause has its own message and fix: not in the snapshot',
      view: buildView({ locations: [{ networkSecurityGroup: because(ids.nsg('nsg-apim-weu'), 'not-in-snapshot', 'not in the estate') }] }),
      errors: [{ messageIncludes: ['is not in the estate that was read'], remediationIncludes: ['apim-vnet-guard export', '--subscription'], evidence: { cause: 'not-in-snapshot' } }],
    },
    {
      name: 'each cause has its own message and fix: a file of the estate that failed',
      view: buildView({ locations: [{ networkSecurityGroup: because(ids.nsg('nsg-apim-weu'), 'input-error', 'not in the estate; the input errors in estate/nsgs.json may have kept it out') }] }),
      errors: [{ messageIncludes: ['because of an input error', 'estate/nsgs.json'], remediationIncludes: ['Fix the estate file named in the message'], evidence: { cause: 'input-error' } }],
    },
    {
      name: 'each cause has its own message and fix: throttled or failed',
      view: buildView({ locations: [{ networkSecurityGroup: because(ids.nsg('nsg-apim-weu'), 'read-failed', '429 TooManyRequests') }] }),
      errors: [{ messageIncludes: ['(429 TooManyRequests)'], remediationIncludes: ['Check again later'], evidence: { cause: 'read-failed' } }],
    },
  ],
});

describe('RESOURCE_UNREADABLE advice', () => {
  it('asks for the Reader role only when Azure refused access', () => {
    const causes: UnreadableCause[] = ['not-in-snapshot', 'input-error', 'read-failed'];
    for (const cause of causes) {
      const view = buildView({ locations: [{ networkSecurityGroup: because(ids.nsg('nsg-apim-weu'), cause, 'x') }] });
      const [finding] = evaluateInstance(view, [resourceUnreadable]).findings;
      expect(finding!.remediation).not.toContain('Reader');
    }
  });
});

describe('RESOURCE_UNREADABLE in the engine', () => {
  it('makes the instance unknown rather than pass', () => {
    const view = buildView({ locations: [{ networkSecurityGroup: unreadable(ids.nsg('nsg-apim-weu')) }] });
    expect(evaluateInstance(view, [resourceUnreadable]).status).toBe('unknown');
  });
});
