/**
 * RuleTester in the manner of ESLint: a table of valid views (no violation) and invalid views
 * (exactly the listed violations), run through the real engine so that meta.appliesTo is honoured.
 */
import { describe, expect, it } from 'vitest';
import { evaluateInstance } from '../../src/engine/evaluate.js';
import type { Finding } from '../../src/model/finding.js';
import type { Severity } from '../../src/model/severity.js';
import type { InstanceView } from '../../src/model/view.js';
import type { Rule } from '../../src/rules/rule.js';

export interface ValidCase {
  name: string;
  view: InstanceView;
}

export interface ExpectedViolation {
  /** The rendered message must contain every one of these strings. */
  messageIncludes?: string[];
  /** The rendered remediation must contain every one of these strings. */
  remediationIncludes?: string[];
  /** Region of the location, or `instance`. */
  location?: string;
  severity?: Severity;
  resourceId?: string;
  evidence?: Record<string, unknown>;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedViolation[];
}

export function findingsOf(rule: Rule, view: InstanceView): Finding[] {
  return evaluateInstance(view, [rule]).findings.filter((f) => f.ruleId === rule.meta.id);
}

export function runRuleTests(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(rule.meta.id, () => {
    it('has complete meta', () => {
      expect(rule.meta.id).toMatch(/^[A-Z0-9_]+$/);
      expect(rule.meta.title.length).toBeGreaterThan(5);
      expect(rule.meta.docs).toMatch(/^https:\/\/learn\.microsoft\.com\//);
      expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
      for (const id of Object.keys(rule.meta.messages)) {
        expect(rule.meta.remediation[id] ?? rule.meta.remediation.default, `remediation for ${id}`).toBeTruthy();
      }
    });
    expect(cases.valid.length + cases.invalid.length).toBeGreaterThan(0);
    for (const c of cases.valid) {
      it(`valid: ${c.name}`, () => {
        expect(findingsOf(rule, c.view)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, () => {
        const findings = findingsOf(rule, c.view);
        expect(findings, JSON.stringify(findings.map((f) => f.message))).toHaveLength(c.errors.length);
        c.errors.forEach((e, i) => {
          const f = findings[i]!;
          expect(f.message).not.toMatch(/\{\{/);
          expect(f.remediation).not.toMatch(/\{\{/);
          for (const s of e.messageIncludes ?? []) expect(f.message).toContain(s);
          for (const s of e.remediationIncludes ?? []) expect(f.remediation).toContain(s);
          if (e.location !== undefined) expect(f.location).toBe(e.location);
          if (e.severity !== undefined) expect(f.severity).toBe(e.severity);
          if (e.resourceId !== undefined) expect(f.resourceId.toLowerCase()).toBe(e.resourceId.toLowerCase());
          if (e.evidence !== undefined) expect(f.evidence).toMatchObject(e.evidence);
        });
      });
    }
  });
}
