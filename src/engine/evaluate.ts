import type { Finding, InstanceReport, InstanceStatus } from '../model/finding.js';
import type { Regime } from '../model/instance.js';
import { compareSeverity, isBreaking, type Severity } from '../model/severity.js';
import type { InstanceView, LocationView } from '../model/view.js';
import type { AddressData, Rule, RuleSubject, Violation } from '../rules/rule.js';
import { platformOf, regimeOf } from './classify.js';
import { singleLine } from '../output/safe-text.js';
import { renderTemplate } from './render.js';

/** Findings with these ids make an instance `unknown` unless something breaks. */
export const UNKNOWN_RULE_IDS: ReadonlySet<string> = new Set(['RESOURCE_UNREADABLE', 'REGIME_NOT_COVERED', 'RULE_NOT_EVALUATED']);

export const INSTANCE_LOCATION = 'instance';

/**
 * evaluate(view) → report: runs every applicable rule of the catalogue on one instance. `addressData`
 * (service-tag ranges) is optional: without it every rule behaves as it does without such data.
 */
export function evaluateInstance(view: InstanceView, rules: readonly Rule[], addressData?: AddressData): InstanceReport {
  const { instance } = view;
  const regime = regimeOf(instance);
  const base = {
    id: instance.id,
    name: instance.name,
    sku: instance.skuName,
    capacity: instance.capacity,
    platform: instance.platformVersion,
    networkMode: instance.networkMode,
    locations: instance.locations.map((l) => l.region),
  };
  if (regime === 'none') return { ...base, status: 'not-injected', findings: [] };

  const findings: Finding[] = [];
  for (const rule of rules) {
    const { appliesTo } = rule.meta;
    if (!appliesTo.regimes.includes(regime)) continue;
    if (!appliesTo.modes.includes(instance.networkMode as 'External' | 'Internal')) continue;
    if (appliesTo.scope === 'instance') {
      if (!appliesTo.platforms.includes(instance.platform)) continue;
      findings.push(...runRule(rule, addressData ? { view, addressData } : { view }, INSTANCE_LOCATION, regime));
    } else {
      for (const location of view.locations) {
        if (!appliesTo.platforms.includes(platformOf(location.location.platformVersion))) continue;
        findings.push(...runRule(rule, addressData ? { view, location, addressData } : { view, location }, location.location.region, regime));
      }
    }
  }
  findings.sort(byReportOrder(view.locations));
  return { ...base, status: statusOf(findings), findings };
}

export function statusOf(findings: readonly Finding[]): InstanceStatus {
  if (findings.some((f) => isBreaking(f.severity))) return 'fail';
  if (findings.some((f) => UNKNOWN_RULE_IDS.has(f.ruleId))) return 'unknown';
  if (findings.some((f) => f.severity === 'degraded' || f.severity === 'recommendation')) return 'warn';
  return 'pass';
}

/**
 * A rule that cannot decide (a malformed NSG rule or route that the input validation let through)
 * must not stop the other rules, nor pass silently: it becomes RULE_NOT_EVALUATED and the
 * instance ends `unknown` unless something else breaks.
 */
function runRule(rule: Rule, subject: RuleSubject, location: string, regime: Regime): Finding[] {
  const docs = rule.meta.docsByRegime?.[regime] ?? rule.meta.docs;
  try {
    return rule.check(subject).map((v) => toFinding(rule, v, location, docs));
  } catch (error) {
    const reason = singleLine(error instanceof Error ? error.message : String(error));
    return [
      {
        ruleId: 'RULE_NOT_EVALUATED',
        severity: 'info',
        location,
        resourceId: subject.view.instance.id,
        title: 'A rule could not be evaluated',
        message: `Rule ${rule.meta.id} could not be evaluated for ${location === INSTANCE_LOCATION ? 'the instance' : `location ${location}`}: ${reason}`,
        remediation: 'Fix the resource named in the message; until then this prerequisite is not checked.',
        docs,
        evidence: { rule: rule.meta.id, reason },
      },
    ];
  }
}

function toFinding(rule: Rule, violation: Violation, location: string, docs: string): Finding {
  const { meta } = rule;
  const template = meta.messages[violation.messageId];
  if (template === undefined) throw new Error(`rule ${meta.id} reported unknown messageId "${violation.messageId}"`);
  const remediation = meta.remediation[violation.messageId] ?? meta.remediation.default ?? '';
  const severity: Severity = violation.severity ?? meta.severity;
  return {
    ruleId: meta.id,
    severity,
    location,
    resourceId: violation.resourceId,
    title: meta.title,
    message: renderTemplate(template, violation.data),
    remediation: renderTemplate(remediation, violation.data),
    docs,
    evidence: violation.evidence ?? {},
  };
}

function byReportOrder(locations: readonly LocationView[]) {
  const order = new Map(locations.map((l, i) => [l.location.region, i]));
  const rank = (loc: string) => (loc === INSTANCE_LOCATION ? -1 : (order.get(loc) ?? 999));
  return (a: Finding, b: Finding) =>
    compareSeverity(a.severity, b.severity) || rank(a.location) - rank(b.location) || a.ruleId.localeCompare(b.ruleId);
}
