/** The verdict of one instance from its diff: a table of cases. */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/finding.js';
import type { Severity } from '../../src/model/severity.js';
import { diffFindings, verdictOf, worseAtOrAbove } from '../../src/preflight/diff.js';

const finding = (ruleId: string, severity: Severity, resourceId = '/subscriptions/0/x', location = 'westeurope'): Finding => ({
  ruleId,
  severity,
  location,
  resourceId,
  title: ruleId,
  message: `${ruleId} message`,
  remediation: '',
  docs: '',
  evidence: {},
});

const NSG = finding('NSG_IN_MGMT_3443', 'breaks-now');
const UNREADABLE = finding('RESOURCE_UNREADABLE', 'info');
const ADVICE = finding('RT_FT_SERVICE_ENDPOINTS', 'recommendation');

describe('diffFindings', () => {
  it('matches by rule, location and resource (case-insensitive ids), not by wording', () => {
    const reworded = { ...NSG, message: 'other words', resourceId: NSG.resourceId.toUpperCase() };
    expect(diffFindings([NSG], [reworded])).toEqual({ introduced: [], resolved: [] });
    const elsewhere = { ...NSG, location: 'northeurope' };
    expect(diffFindings([NSG], [elsewhere])).toEqual({ introduced: [elsewhere], resolved: [NSG] });
  });
});

describe('verdictOf', () => {
  it.each([
    ['a breaking finding introduced', { after: 'fail', introduced: [NSG], resolved: [], unknownValues: false }, 'worse'],
    ['a finding introduced while something else is unknown', { after: 'fail', introduced: [NSG], resolved: [], unknownValues: true }, 'worse'],
    ['a recommendation introduced', { after: 'warn', introduced: [ADVICE], resolved: [], unknownValues: false }, 'worse'],
    ['an unknown value reaches it', { after: 'pass', introduced: [], resolved: [], unknownValues: true }, 'unknown'],
    ['a dependency becomes unreadable', { after: 'unknown', introduced: [UNREADABLE], resolved: [NSG], unknownValues: false }, 'unknown'],
    ['a breaking finding resolved', { after: 'pass', introduced: [], resolved: [NSG], unknownValues: false }, 'better'],
    ['an unknown resolved', { after: 'pass', introduced: [], resolved: [UNREADABLE], unknownValues: false }, 'better'],
    ['nothing moves', { after: 'pass', introduced: [], resolved: [], unknownValues: false }, 'same'],
  ] as const)('%s: %s', (_title, facts, verdict) => {
    expect(verdictOf({ ...facts, introduced: [...facts.introduced], resolved: [...facts.resolved] })).toBe(verdict);
  });

  it('the gate counts only worse instances with an introduced finding at or above the threshold', () => {
    expect(worseAtOrAbove([{ verdict: 'worse', introduced: [ADVICE] }], 'breaks-on-apply')).toBe(false);
    expect(worseAtOrAbove([{ verdict: 'worse', introduced: [ADVICE] }], 'recommendation')).toBe(true);
    expect(worseAtOrAbove([{ verdict: 'worse', introduced: [NSG] }], 'breaks-now')).toBe(true);
    expect(worseAtOrAbove([{ verdict: 'unknown', introduced: [UNREADABLE] }], 'recommendation')).toBe(false);
  });
});
