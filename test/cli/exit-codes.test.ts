import { describe, expect, it } from 'vitest';
import { EXIT, exitCodeFor, FAIL_ON } from '../../src/cli/exit-codes.js';
import { buildReport } from '../../src/engine/report.js';
import type { InstanceReport } from '../../src/model/finding.js';
import type { Severity } from '../../src/model/severity.js';

const ID = '/subscriptions/8d3f6a2e-1c4b-4e7a-9b05-3e2d1c0f9a84/resourceGroups/rg/providers/Microsoft.ApiManagement/service/';

function instance(name: string, status: InstanceReport['status'], severities: Severity[] = []): InstanceReport {
  return {
    id: ID + name,
    name,
    sku: 'Premium',
    capacity: 1,
    platform: 'stv2',
    networkMode: 'External',
    locations: ['westeurope'],
    status,
    findings: severities.map((severity, i) => ({
      ruleId: `RULE_${i}`,
      severity,
      location: 'westeurope',
      resourceId: ID + name,
      title: 't',
      message: 'm',
      remediation: 'r',
      docs: '',
      evidence: {},
    })),
  };
}

const facts = (instances: InstanceReport[], extra: Partial<Parameters<typeof exitCodeFor>[0]> = {}) => ({
  report: buildReport(instances),
  failOn: 'breaks-on-apply' as const,
  inputErrors: 0,
  incomplete: 0,
  ...extra,
});

describe('exit status of check', () => {
  it('offers every severity but info, worst first, then never', () => {
    expect(FAIL_ON).toEqual(['breaks-now', 'breaks-on-apply', 'degraded', 'recommendation', 'never']);
  });

  it('is 0 when nothing reaches the threshold', () => {
    expect(exitCodeFor(facts([instance('a', 'pass'), instance('b', 'warn', ['degraded'])]))).toBe(EXIT.ok);
  });

  it('is 1 when a finding is at the threshold or worse', () => {
    expect(exitCodeFor(facts([instance('a', 'warn', ['degraded'])], { failOn: 'degraded' }))).toBe(EXIT.failed);
    expect(exitCodeFor(facts([instance('a', 'fail', ['breaks-now'])], { failOn: 'recommendation' }))).toBe(EXIT.failed);
    expect(exitCodeFor(facts([instance('a', 'fail', ['breaks-on-apply'])], { failOn: 'breaks-now' }))).toBe(EXIT.ok);
    expect(exitCodeFor(facts([instance('a', 'fail', ['breaks-now'])], { failOn: 'never' }))).toBe(EXIT.ok);
  });

  it('is 3 for an unknown instance or an incomplete read when nothing failed, 1 when something did', () => {
    expect(exitCodeFor(facts([instance('a', 'pass'), instance('b', 'unknown', ['info'])]))).toBe(EXIT.unknown);
    expect(exitCodeFor(facts([instance('a', 'pass')], { incomplete: 1 }))).toBe(EXIT.unknown);
    expect(exitCodeFor(facts([instance('a', 'unknown', ['info']), instance('b', 'fail', ['breaks-now'])]))).toBe(EXIT.failed);
  });

  it('is 2 for input errors, whatever else happened', () => {
    expect(exitCodeFor(facts([instance('a', 'fail', ['breaks-now']), instance('b', 'unknown', ['info'])], { inputErrors: 1 }))).toBe(EXIT.usage);
  });
});
