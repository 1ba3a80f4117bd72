import { describe, expect, it } from 'vitest';
import type { SecurityRule } from '../../../src/model/network.js';
import type { InstanceView } from '../../../src/model/view.js';
import { nsgRules as NSG_RULES } from '../../../src/rules/nsg/index.js';
import { nsgInAlbAnyStv1 } from '../../../src/rules/nsg/in-alb-any-stv1.js';
import { nsgInMgmt3443 } from '../../../src/rules/nsg/in-mgmt-3443.js';
import { shellWord } from '../../../src/output/safe-text.js';
import { findingsOf } from '../../support/rule-tester.js';
import { buildView, rule } from '../../support/view-builder.js';
import { allowOut, denyAllInbound, denyInternetOutbound, nsgRules, viewWith } from './nsg-views.js';

const broken: Array<[string, InstanceView]> = [
  ['nothing but the defaults', viewWith([])],
  ['deny-all both ways at 4000', viewWith([denyAllInbound(), denyInternetOutbound()])],
  ['quickstart deny at 999 and a deny-all inbound at 101', viewWith([denyInternetOutbound(999), denyAllInbound(101)])],
  ['partial allows above denies', viewWith([allowOut('AllowAad80', 100, 'AzureActiveDirectory', ['80']), denyInternetOutbound(200), denyAllInbound(150)])],
  ['a deny of Internet 3443 above the allow', viewWith(nsgRules({ extra: [rule({ name: 'DenyInternet3443', priority: 105, direction: 'Inbound', access: 'Deny', sourceAddressPrefixes: ['Internet'], destinationPortRanges: ['3443'] })] }))],
  ['multi-region with additional locations', buildView({ locations: [{ networkSecurityGroup: { securityRules: [denyAllInbound(), denyInternetOutbound()] } }, { region: 'northeurope', networkSecurityGroup: { securityRules: [denyAllInbound(), denyInternetOutbound()] } }] })],
];

function withRulesAdded(view: InstanceView, location: string, added: SecurityRule[]): InstanceView {
  const copy = structuredClone(view);
  for (const l of copy.locations) {
    if (l.location.region === location && l.networkSecurityGroup?.state === 'found') l.networkSecurityGroup.resource.securityRules.push(...added);
  }
  return copy;
}

describe('suggested allow rules', () => {
  it.each(broken)('fix every NSG finding of "%s" when added', (_name, view) => {
    let checked = 0;
    for (const r of NSG_RULES) {
      const findings = findingsOf(r, view);
      checked += findings.length;
      for (const f of findings) {
        const suggested = f.evidence.suggestedRule as SecurityRule | undefined;
        expect(suggested, `${r.meta.id}: ${f.remediation}`).toBeDefined();
        expect(suggested!.priority).toBeGreaterThanOrEqual(100);
        expect(suggested!.priority).toBeLessThanOrEqual(4096);
        expect(f.remediation).toContain(`--priority ${suggested!.priority}`);
        const fixed = findingsOf(r, withRulesAdded(view, f.location, [suggested!]));
        expect(fixed.filter((g) => g.location === f.location && g.evidence.flow && JSON.stringify(g.evidence.flow) === JSON.stringify(f.evidence.flow)), `${r.meta.id} still fails`).toEqual([]);
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('picks the highest free priority above the blocking rule and names it in the command', () => {
    const view = viewWith(nsgRules({ extra: [rule({ name: 'DenyInternet3443', priority: 105, direction: 'Inbound', access: 'Deny', sourceAddressPrefixes: ['Internet'], destinationPortRanges: ['3443'] })] }));
    const [finding] = findingsOf(nsgInMgmt3443, view);
    expect(finding!.remediation).toBe(
      'Add an allow rule at priority 104, above custom rule DenyInternet3443 (priority 105, Deny): az network nsg rule create --subscription 00000000-0000-0000-0000-000000000001 --resource-group rg-net --nsg-name nsg-apim-weu --name AllowApimManagementInbound --priority 104 --direction Inbound --access Allow --protocol Tcp --source-address-prefixes ApiManagement --source-port-ranges \'*\' --destination-address-prefixes VirtualNetwork --destination-port-ranges 3443',
    );
  });

  it('beats a default rule with the highest custom priority, skipping used ones and taken names', () => {
    const view = viewWith([
      rule({ name: 'AllowApimManagementInbound', priority: 4096, direction: 'Inbound', access: 'Allow', sourceAddressPrefixes: ['10.9.9.9'], destinationPortRanges: ['22'] }),
    ]);
    const [finding] = findingsOf(nsgInMgmt3443, view);
    expect(finding!.remediation).toContain('--priority 4095');
    expect(finding!.remediation).toContain('--name AllowApimManagementInbound-2');
    expect(finding!.remediation).toContain('above default rule DenyAllInBound (priority 65500, Deny)');
  });

  it('on stv1 suggests one rule for every port that beats the blockers of all blocked ports', () => {
    const denyLb443 = rule({ name: 'DenyLb443', priority: 125, direction: 'Inbound', access: 'Deny', sourceAddressPrefixes: ['AzureLoadBalancer'], destinationPortRanges: ['443'] });
    const view = viewWith(nsgRules({ extra: [denyLb443, denyAllInbound()] }), { instance: { platform: 'stv1', platformVersion: 'stv1' } });
    const [finding] = findingsOf(nsgInAlbAnyStv1, view);
    const suggested = finding!.evidence.suggestedRule as SecurityRule;
    expect(suggested).toMatchObject({ priority: 124, destinationPortRanges: ['*'], sourceAddressPrefixes: ['AzureLoadBalancer'] });
    expect(finding!.remediation).toContain("--destination-port-ranges '*'");
    expect(findingsOf(nsgInAlbAnyStv1, withRulesAdded(view, 'westeurope', [suggested]))).toEqual([]);
  });

  it('says so when no free priority beats the blocking rule', () => {
    const [finding] = findingsOf(nsgInMgmt3443, viewWith([denyAllInbound(100)]));
    expect(finding!.remediation).toContain('No free priority beats custom rule DenyAllInboundCustom (priority 100, Deny)');
    expect(finding!.evidence.suggestedRule).toBeUndefined();
  });

  it('quotes shell arguments that are not plainly safe', () => {
    expect(shellWord('nsg-apim')).toBe('nsg-apim');
    expect(shellWord('*')).toBe("'*'");
    expect(shellWord("it's; rm -rf /")).toBe(`'it'\\''s; rm -rf /'`);
  });
});
