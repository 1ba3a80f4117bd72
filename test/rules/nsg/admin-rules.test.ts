/**
 * The Virtual Network Manager layer in the NSG flow rules: admin rules are asked before the NSG; Deny and
 * AlwaysAllow end the evaluation, Allow and no match continue into the NSG; network groups that cannot be
 * resolved leave the flow unknown.
 */
import { describe, expect, it } from 'vitest';
import { evaluateInstance } from '../../../src/engine/evaluate.js';
import { RULES } from '../../../src/rules/catalogue.js';
import { nsgInMgmt3443 } from '../../../src/rules/nsg/in-mgmt-3443.js';
import { nsgOutStorage443 } from '../../../src/rules/nsg/out-storage-443.js';
import { runRuleTests } from '../../support/rule-tester.js';
import { adminRule, buildView, ids, NETWORK_MANAGER } from '../../support/view-builder.js';
import { nsgRules } from './nsg-views.js';

const NSG = ids.nsg('nsg-apim-weu');
const denyMgmt = (priority = 10) =>
  adminRule({ name: 'DenyMgmt', priority, access: 'Deny', destinationPortRanges: ['3443'] }, { configuration: 'cfg-prod', ruleCollection: 'rc-lockdown' });
const alwaysAllowMgmt = (priority = 5) =>
  adminRule({ name: 'AlwaysAllowApimMgmt', priority, access: 'AlwaysAllow', sources: [{ prefix: 'ApiManagement', type: 'ServiceTag' }], destinationPortRanges: ['3443'] });
const allowMgmt = (priority = 5) =>
  adminRule({ name: 'AllowApimMgmt', priority, access: 'Allow', sources: [{ prefix: 'ApiManagement', type: 'ServiceTag' }], destinationPortRanges: ['3443'] });
const withAdmin = (adminRules: ReturnType<typeof adminRule>[], securityRules = nsgRules()) =>
  buildView({ locations: [{ adminRules, networkSecurityGroup: { securityRules } }] });
const groupDeny = (access: 'Deny' | 'AlwaysAllow' | 'Allow') =>
  adminRule({
    name: 'GroupRule',
    priority: 20,
    access,
    sources: [{ prefix: `${NETWORK_MANAGER}/networkGroups/ng-spokes`, type: 'NetworkGroup' }],
    destinationPortRanges: ['3443'],
  });

runRuleTests(nsgInMgmt3443, {
  valid: [
    { name: 'no admin rules: the NSG alone decides', view: withAdmin([]) },
    { name: 'an admin Deny on another port', view: withAdmin([adminRule({ name: 'DenySsh', priority: 1, access: 'Deny', destinationPortRanges: ['22'] })]) },
    { name: 'an admin Deny outbound does not touch the inbound flow', view: withAdmin([{ ...denyMgmt(), direction: 'Outbound' }]) },
    { name: 'Allow falls through to a good NSG', view: withAdmin([allowMgmt()]) },
    { name: 'AlwaysAllow at a lower number beats the Deny', view: withAdmin([denyMgmt(10), alwaysAllowMgmt(5)]) },
    { name: 'an Allow network-group rule cannot end the evaluation: the NSG decides', view: withAdmin([groupDeny('Allow')]) },
  ],
  invalid: [
    {
      name: 'Deny above a good NSG: the admin rule decides, naming configuration, collection and priority',
      view: withAdmin([denyMgmt()]),
      errors: [
        {
          severity: 'breaks-now',
          resourceId: denyMgmt().id,
          messageIncludes: [
            'security admin rule DenyMgmt (configuration cfg-prod, rule collection rc-lockdown, priority 10, Deny)',
            'Virtual Network Manager avnm-corp',
            'before NSG nsg-apim-weu is consulted',
            'managed centrally',
          ],
          evidence: { verdict: 'denied', layer: 'admin', adminRule: { name: 'DenyMgmt', priority: 10, access: 'Deny', configuration: 'cfg-prod', ruleCollection: 'rc-lockdown' } },
        },
      ],
    },
    {
      name: 'the Deny wins over an AlwaysAllow of a higher number',
      view: withAdmin([denyMgmt(10), alwaysAllowMgmt(20)]),
      errors: [{ resourceId: denyMgmt().id, evidence: { layer: 'admin', adminRule: { name: 'DenyMgmt' } } }],
    },
    {
      name: 'Allow falls through to a bad NSG: the NSG rule decides',
      view: withAdmin([allowMgmt()], nsgRules({ without: ['AllowApimManagement'] })),
      errors: [{ resourceId: NSG, messageIncludes: ['NSG nsg-apim-weu denies', 'default rule DenyAllInBound'], evidence: { verdict: 'denied', decidingRule: { name: 'DenyAllInBound' } } }],
    },
    {
      name: 'AlwaysAllow above a blocking NSG: the flow passes, said as info',
      view: withAdmin([alwaysAllowMgmt()], nsgRules({ without: ['AllowApimManagement'] })),
      errors: [
        {
          severity: 'info',
          resourceId: alwaysAllowMgmt().id,
          messageIncludes: ['always allows it', 'the NSG is not consulted', 'default rule DenyAllInBound'],
          evidence: { verdict: 'allowed', layer: 'admin', nsgVerdict: { verdict: 'denied' } },
        },
      ],
    },
    {
      name: 'a Deny from a CIDR that covers part of the tag: partly allowed, naming the admin rule',
      view: withAdmin([adminRule({ name: 'DenyOnePrefix', priority: 30, access: 'Deny', sources: [{ prefix: '13.64.39.16/32', type: 'IPPrefix' }], destinationPortRanges: ['3443'] })]),
      errors: [{ messageIncludes: ['allowed only in part', 'security admin rule DenyOnePrefix', 'denied before the NSG is consulted'], evidence: { verdict: 'partly-allowed' } }],
    },
  ],
});

runRuleTests(nsgOutStorage443, {
  valid: [{ name: 'an inbound Deny does not touch outbound Storage', view: withAdmin([denyMgmt()]) }],
  invalid: [
    {
      name: 'an outbound admin Deny to Storage breaks the storage flow',
      view: withAdmin([adminRule({ name: 'DenyStorage', priority: 100, access: 'Deny', direction: 'Outbound', destinations: [{ prefix: 'Storage', type: 'ServiceTag' }], destinationPortRanges: ['443'] })]),
      errors: [{ resourceId: `${NETWORK_MANAGER}/securityAdminConfigurations/cfg-prod/ruleCollections/rc-baseline/rules/DenyStorage`, messageIncludes: ['security admin rule DenyStorage'] }],
    },
  ],
});

describe('admin rules in the engine', () => {
  it('a Deny on 3443 above a perfect NSG makes the instance fail', () => {
    expect(evaluateInstance(withAdmin([]), RULES).status).toBe('pass');
    const report = evaluateInstance(withAdmin([denyMgmt()]), RULES);
    expect(report.status).toBe('fail');
    expect(report.findings.map((f) => f.ruleId)).toEqual(['NSG_IN_MGMT_3443']);
    expect(report.findings[0]!.remediation).toContain('AlwaysAllow security admin rule at a priority below 10');
    expect(report.findings[0]!.remediation).toContain('owner of Virtual Network Manager avnm-corp');
  });

  it('an AlwaysAllow over a blocking NSG makes the instance pass, with an info finding that says so', () => {
    const blocked = evaluateInstance(withAdmin([], nsgRules({ without: ['AllowApimManagement'] })), RULES);
    expect(blocked.status).toBe('fail');
    const rescued = evaluateInstance(withAdmin([alwaysAllowMgmt()], nsgRules({ without: ['AllowApimManagement'] })), RULES);
    expect(rescued.status).toBe('pass');
    expect(rescued.findings.map((f) => [f.ruleId, f.severity])).toEqual([['NSG_IN_MGMT_3443', 'info']]);
  });

  it('a terminating admin rule on an unresolved network group makes the flow unknown, never allowed', () => {
    for (const access of ['Deny', 'AlwaysAllow'] as const) {
      const report = evaluateInstance(withAdmin([groupDeny(access)]), RULES);
      expect(report.status, access).toBe('unknown');
      const finding = report.findings.find((f) => f.ruleId === 'RULE_NOT_EVALUATED')!;
      expect(finding.message).toContain('NSG_IN_MGMT_3443');
      expect(finding.message).toContain('network group ng-spokes');
    }
  });

  it('admin rules that could not be listed make the instance unknown, naming the permission', () => {
    const vnet = ids.vnet('vnet-weu');
    const view = buildView({ locations: [{ adminRules: { state: 'unreadable', id: `${vnet}/effectiveSecurityAdminRules/default`, reason: '403 AuthorizationFailed' } }] });
    const report = evaluateInstance(view, RULES);
    expect(report.status).toBe('unknown');
    const finding = report.findings.find((f) => f.ruleId === 'RESOURCE_UNREADABLE')!;
    expect(finding.resourceId).toBe(vnet);
    expect(finding.remediation).toContain('listNetworkManagerEffectiveSecurityAdminRules/action');
  });
});
