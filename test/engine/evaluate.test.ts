import { describe, expect, it } from 'vitest';
import { evaluateInstance, statusOf } from '../../src/engine/evaluate.js';
import type { Finding } from '../../src/model/finding.js';
import { RULES } from '../../src/rules/catalogue.js';
import { defineRule } from '../../src/rules/rule.js';
import { buildView, rule } from '../support/view-builder.js';

const finding = (ruleId: string, severity: Finding['severity']): Finding => ({
  ruleId, severity, location: 'westeurope', resourceId: '/x', title: '', message: '', remediation: '', docs: '', evidence: {},
});

describe('evaluateInstance', () => {
  it('passes a healthy instance with no findings', () => {
    const report = evaluateInstance(buildView(), RULES);
    expect(report.findings).toEqual([]);
    expect(report.status).toBe('pass');
  });

  it('reports an instance without a virtual network as not-injected, with no findings', () => {
    const report = evaluateInstance(buildView({ instance: { networkMode: 'None' } }), RULES);
    expect(report).toMatchObject({ status: 'not-injected', findings: [] });
  });

  it('turns a rule that throws into RULE_NOT_EVALUATED and keeps the other rules', () => {
    const broken = defineRule({
      meta: { ...RULES[0]!.meta, id: 'BROKEN' },
      check() {
        throw new Error('security rule "x" has destinationPortRange "abc"');
      },
    });
    const view = buildView({ locations: [{ subnet: { delegations: ['Microsoft.Web/serverFarms'] } }] });
    const report = evaluateInstance(view, [broken, ...RULES]);
    const notEvaluated = report.findings.filter((f) => f.ruleId === 'RULE_NOT_EVALUATED');
    expect(notEvaluated.length).toBeGreaterThan(0);
    expect(notEvaluated[0]!.message).toContain('destinationPortRange "abc"');
    expect(report.findings.some((f) => f.ruleId === 'SUBNET_NO_DELEGATION')).toBe(true);
    expect(report.status).toBe('fail');
    expect(evaluateInstance(buildView(), [broken]).status).toBe('unknown');
  });

  it('orders findings worst first', () => {
    const view = buildView({
      locations: [{
        subnet: { delegations: ['Microsoft.Web/serverFarms'] },
        networkSecurityGroup: { securityRules: [rule({ name: 'DenyMgmt', priority: 100, direction: 'Inbound', access: 'Deny', sourceAddressPrefixes: ['Internet'], destinationPortRanges: ['3443'] })] },
      }],
    });
    const severities = evaluateInstance(view, RULES).findings.map((f) => f.severity);
    expect(severities[0]).toBe('breaks-now');
    expect([...severities].sort((a, b) => ['breaks-now', 'breaks-on-apply', 'degraded', 'recommendation', 'info'].indexOf(a) - ['breaks-now', 'breaks-on-apply', 'degraded', 'recommendation', 'info'].indexOf(b))).toEqual(severities);
  });
});

describe('statusOf', () => {
  it.each([
    [[], 'pass'],
    [[finding('X', 'info')], 'pass'],
    [[finding('X', 'recommendation')], 'warn'],
    [[finding('X', 'degraded')], 'warn'],
    [[finding('RESOURCE_UNREADABLE', 'info'), finding('X', 'degraded')], 'unknown'],
    [[finding('RESOURCE_UNREADABLE', 'info'), finding('X', 'breaks-on-apply')], 'fail'],
    [[finding('X', 'breaks-now')], 'fail'],
  ] as const)('%j → %s', (findings, status) => {
    expect(statusOf(findings as unknown as Finding[])).toBe(status);
  });
});
