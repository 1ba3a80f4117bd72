import type { Evidence } from '../model/finding.js';
import type { NetworkMode, Platform, Regime } from '../model/instance.js';
import type { Severity } from '../model/severity.js';
import type { InstanceView, LocationView } from '../model/view.js';
import type { ServiceTagRanges } from '../network/service-tag-ranges.js';

/**
 * A rule is modelled the way ESLint models its rules: a `meta` block and a pure `check`.
 * Adding a rule means adding one module under src/rules/<family>/, listing it in
 * src/rules/catalogue.ts and giving it a table of valid and invalid cases in test/rules/.
 */
export interface RuleMeta {
  /** Stable id, part of the output contract (JSON, SARIF, alert fingerprints). */
  id: string;
  /** The default severity; a violation may lower or raise it with a reason (see Violation.severity). */
  severity: Severity;
  /** One line, no values. */
  title: string;
  appliesTo: {
    regimes: Regime[];
    /** Platforms of the location being checked (each location has its own platform). */
    platforms: Platform[];
    modes: Array<Exclude<NetworkMode, 'None'>>;
    /** `instance`: checked once per instance; `location`: once per location (primary + additionalLocations). */
    scope: 'instance' | 'location';
  };
  /** Microsoft Learn page the rule comes from. */
  docs: string;
  /** A page of its own for a regime, where one rule serves several (the v2 modes each have their page). */
  docsByRegime?: Partial<Record<Regime, string>>;
  /** Message templates by messageId; `{{name}}` is replaced by `data.name`. */
  messages: Record<string, string>;
  /** Remediation templates by messageId (or `default`), same placeholders as the messages. */
  remediation: Record<string, string>;
}

export interface Violation {
  messageId: string;
  data?: Record<string, string | number>;
  /** The resource to change. */
  resourceId: string;
  evidence?: Evidence;
  /** Only when the documented severity depends on the case (e.g. Developer vs Premium). */
  severity?: Severity;
}

export interface RuleSubject {
  view: InstanceView;
  /** Set for location-scoped rules. */
  location?: LocationView;
  /** Optional address data handed to the engine (not part of the resources). */
  addressData?: AddressData;
}

/** Data about addresses that the resources do not carry; without it the rules behave as they always have. */
export interface AddressData {
  /** Service-tag ranges (src/network/service-tag-ranges.ts). */
  serviceTags?: ServiceTagRanges;
}

export interface Rule {
  meta: RuleMeta;
  check(subject: RuleSubject): Violation[];
}

/** Identity helper that keeps literal types and documents intent at the definition site. */
export function defineRule(rule: Rule): Rule {
  return rule;
}

export function isLocationRule(rule: Rule): boolean {
  return rule.meta.appliesTo.scope === 'location';
}
