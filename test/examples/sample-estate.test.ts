/**
 * The sample estate (examples/estate, described in examples/README.md) checked with the real loader,
 * estate, rule catalogue and engine. Each instance states its expected status and key findings.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkEstate } from '../../src/cli/check-estate.js';
import { openSource } from '../../src/cli/estate-source.js';
import { isBreaking } from '../../src/model/severity.js';
import type { InstanceReport, Report } from '../../src/model/finding.js';
import { RULES } from '../../src/rules/catalogue.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ESTATE = fileURLToPath(new URL('../../examples/estate', import.meta.url));

interface Expectation {
  status: InstanceReport['status'];
  /** Rule ids that must be among the findings, with the location they are about. */
  findings: Array<{ ruleId: string; location: string }>;
  /** Locations that must have no breaking finding. */
  cleanLocations?: string[];
}

const EXPECTED: Record<string, Expectation> = {
  'apim-contoso-ext-weu': { status: 'pass', findings: [] },
  'apim-contoso-int-weu': { status: 'fail', findings: [{ ruleId: 'NSG_IN_MGMT_3443', location: 'westeurope' }] },
  'apim-contoso-hub-neu': { status: 'fail', findings: [{ ruleId: 'RT_MGMT_RETURN_PATH', location: 'northeurope' }] },
  'apim-contoso-legacy': {
    status: 'fail',
    findings: [
      { ruleId: 'APIM_PLATFORM_NOT_STV1', location: 'westeurope' },
      { ruleId: 'SUBNET_DEDICATED_STV1', location: 'westeurope' },
    ],
  },
  'apim-fabrikam-partner': { status: 'fail', findings: [{ ruleId: 'PIP_SKU_STANDARD', location: 'eastus' }] },
  'apim-contoso-global': {
    status: 'fail',
    findings: [{ ruleId: 'SUBNET_NSG_ATTACHED_CLASSIC', location: 'northeurope' }],
    cleanLocations: ['westeurope'],
  },
  'apim-contoso-sandbox': { status: 'not-injected', findings: [] },
  'apim-contoso-v2-int-weu': { status: 'pass', findings: [] },
  'apim-contoso-v2-inj-weu': { status: 'fail', findings: [{ ruleId: 'V2_NSG_OUT_KV_443', location: 'westeurope' }] },
};

describe('the sample estate', () => {
  let report: Report;
  let inputErrors: unknown[];

  beforeAll(async () => {
    const source = await openSource({ estate: ESTATE, cwd: ROOT });
    inputErrors = source.inputErrors;
    const outcome = await checkEstate(source.reader, RULES);
    if (outcome.kind !== 'report') throw new Error(outcome.reason);
    report = outcome.report;
  });

  it('loads without input errors and holds exactly the documented instances', () => {
    expect(inputErrors).toEqual([]);
    expect(report.instances.map((i) => i.name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('leaves no instance unknown (npm start must exit 0 with --fail-on never)', () => {
    const unknown = report.instances.filter((i) => i.status === 'unknown');
    expect(unknown.map((i) => `${i.name}: ${i.findings.map((f) => f.message).join(' | ')}`)).toEqual([]);
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name}: ${expected.status}${expected.findings.length ? ` with ${expected.findings.map((f) => f.ruleId).join(', ')}` : ''}`, () => {
      const instance = report.instances.find((i) => i.name === name)!;
      const found = instance.findings.map((f) => ({ ruleId: f.ruleId, location: f.location }));
      const summary = instance.findings.map((f) => `${f.severity} ${f.ruleId} @${f.location}: ${f.message}`);
      expect(instance.status, summary.join('\n')).toBe(expected.status);
      for (const f of expected.findings) expect(found, summary.join('\n')).toContainEqual(f);
      if (expected.status === 'pass' || expected.status === 'not-injected') expect(summary).toEqual([]);
      for (const location of expected.cleanLocations ?? []) {
        const breaking = instance.findings.filter((f) => f.location === location && isBreaking(f.severity));
        expect(breaking.map((f) => f.ruleId)).toEqual([]);
      }
    });
  }

  it('a finding of a rule shared by both v2 modes links the page of the instance\'s own mode', () => {
    const injected = report.instances.find((i) => i.name === 'apim-contoso-v2-inj-weu')!;
    const keyVault = injected.findings.find((f) => f.ruleId === 'V2_NSG_OUT_KV_443')!;
    expect(keyVault.docs).toBe('https://learn.microsoft.com/azure/api-management/inject-vnet-v2');
  });
});
