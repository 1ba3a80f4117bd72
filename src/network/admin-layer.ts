/**
 * The Virtual Network Manager layer: the effective security admin rules of the VNet, asked before the NSG.
 * By ascending priority the first rule that matches the whole flow decides: `Deny` ends it denied,
 * `AlwaysAllow` ends it allowed (the NSG is not consulted), `Allow` continues into the NSG; no match
 * continues too. A terminating rule that matches only part of the flow is remembered, so that the final
 * verdict can say the flow is only partly allowed. A terminating rule whose network group decides whether
 * it matches cannot be settled here (the group's members are not read): the flow is unknown, never allowed.
 * Pure: matching is the NSG evaluator's own, on the rule seen as an NSG rule.
 */
import type { AdminAccess, AdminAddress, SecurityAdminRule, SecurityRule } from '../model/network.js';
import { addressSpaceOf } from './address-match.js';
import type { Flow, NetworkContext } from './flow.js';
import { matchRule, securityRuleProblem } from './nsg-evaluator.js';

/** What a verdict says about an admin rule. */
export interface AdminRuleRef {
  id: string;
  name: string;
  networkManagerId: string;
  configuration: string;
  ruleCollection: string;
  priority: number;
  access: AdminAccess;
}

export interface AdminPartialMatch extends AdminRuleRef {
  matches: string;
}

export type AdminDecision =
  /** No terminating rule matched the whole flow: the NSG decides. `allowedBy`: the `Allow` admin rule that matched, if any. */
  | { kind: 'continue'; allowedBy?: AdminRuleRef; partial: AdminPartialMatch[] }
  | { kind: 'denied' | 'always-allowed'; rule: AdminRuleRef; partial: AdminPartialMatch[] }
  | { kind: 'unknown'; rule: AdminRuleRef; reason: string };

/** A terminating admin rule that may or may not match, depending on the members of a network group. */
export class UnresolvedAdminRuleError extends Error {
  override name = 'UnresolvedAdminRuleError';
  constructor(
    readonly rule: AdminRuleRef,
    readonly flow: Flow,
    reason: string,
  ) {
    super(reason);
  }
}

export function evaluateAdminLayer(rules: readonly SecurityAdminRule[], flow: Flow, context: NetworkContext): AdminDecision {
  const space = addressSpaceOf(context);
  const direction = flow.direction.toLowerCase();
  const ordered = rules.filter((r) => r.direction.toLowerCase() === direction).sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id));
  const partial: AdminPartialMatch[] = [];
  let allowedBy: AdminRuleRef | undefined;
  for (const rule of ordered) {
    const { full, withGroups } = asSecurityRules(rule);
    const match = matchRule(full, flow, space);
    if (match.coverage === 'none' && withGroups === undefined) continue;
    const terminating = rule.access !== 'Allow';
    if (withGroups !== undefined && match.coverage !== 'full') {
      // Only the network group can make it match: whether it does is not known.
      const possible = matchRule(withGroups, flow, space);
      if (possible.coverage === 'none') continue;
      if (!terminating) continue;
      return { kind: 'unknown', rule: adminRuleRef(rule), reason: unresolvedReason(rule, flow) };
    }
    if (match.coverage === 'partial') {
      if (terminating) partial.push({ ...adminRuleRef(rule), matches: match.notes.join('; ') });
      continue;
    }
    if (match.coverage === 'none') continue;
    if (rule.access === 'Deny') return { kind: 'denied', rule: adminRuleRef(rule), partial };
    if (rule.access === 'AlwaysAllow') return { kind: 'always-allowed', rule: adminRuleRef(rule), partial };
    allowedBy ??= adminRuleRef(rule);
  }
  return allowedBy ? { kind: 'continue', allowedBy, partial } : { kind: 'continue', partial };
}

/** Checks that an admin rule can be evaluated (protocol, ports, prefixes), in the NSG evaluator's grammar. */
export function adminRuleProblem(rule: SecurityAdminRule): string | undefined {
  const { full, withGroups } = asSecurityRules(rule);
  return securityRuleProblem(withGroups ?? full) ?? securityRuleProblem(full);
}

export function adminRuleRef(rule: SecurityAdminRule): AdminRuleRef {
  const { id, name, networkManagerId, configuration, ruleCollection, priority, access } = rule;
  return { id, name, networkManagerId, configuration, ruleCollection, priority, access };
}

/** e.g. `security admin rule DenyMgmt (configuration cfg-prod, rule collection rc-deny, priority 10, Deny)`. */
export function adminRuleRefText(rule: AdminRuleRef): string {
  const where = [rule.configuration && `configuration ${rule.configuration}`, rule.ruleCollection && `rule collection ${rule.ruleCollection}`]
    .filter(Boolean)
    .join(', ');
  return `security admin rule ${rule.name} (${where ? `${where}, ` : ''}priority ${rule.priority}, ${rule.access})`;
}

function unresolvedReason(rule: SecurityAdminRule, flow: Flow): string {
  const groups = [...rule.sources, ...rule.destinations].filter((a) => a.type === 'NetworkGroup').map((a) => a.prefix.split('/').pop() ?? a.prefix);
  return (
    `${adminRuleRefText(adminRuleRef(rule))} of network manager ${rule.networkManagerId.split('/').pop() ?? rule.networkManagerId} ` +
    `applies to network group ${groups.join(', ')}, whose addresses are not known here: whether it decides ${flow.direction.toLowerCase()} ` +
    `${flow.protocol.toUpperCase()} ${flow.port} is unknown (never taken as allowed)`
  );
}

interface Converted {
  /** The rule with its network-group items left out (what certainly matches). */
  full: SecurityRule;
  /** With every network group taken as any address (what possibly matches); undefined without groups. */
  withGroups?: SecurityRule;
}

// Admin rules are not mutated after normalization; the NSG evaluator caches its parse per rule object.
const converted = new WeakMap<SecurityAdminRule, Converted>();

function asSecurityRules(rule: SecurityAdminRule): Converted {
  let c = converted.get(rule);
  if (c === undefined) {
    const hasGroups = [...rule.sources, ...rule.destinations].some((a) => a.type === 'NetworkGroup');
    // A side left with nothing but network groups certainly matches nothing: a CIDR no flow uses stands in.
    const certain = (items: readonly AdminAddress[]) => {
      const kept = items.filter((a) => a.type !== 'NetworkGroup').map((a) => a.prefix);
      return kept.length > 0 ? kept : items.length > 0 ? [NOTHING] : ['*'];
    };
    const possible = (items: readonly AdminAddress[]) => (items.length > 0 ? items.map((a) => (a.type === 'NetworkGroup' ? '*' : a.prefix)) : ['*']);
    const base = (sources: string[], destinations: string[]): SecurityRule => ({
      name: rule.name,
      priority: rule.priority,
      direction: rule.direction,
      access: rule.access === 'Deny' ? 'Deny' : 'Allow',
      protocol: rule.protocol,
      sourceAddressPrefixes: sources,
      sourcePortRanges: rule.sourcePortRanges.length > 0 ? rule.sourcePortRanges : ['*'],
      destinationAddressPrefixes: destinations,
      destinationPortRanges: rule.destinationPortRanges.length > 0 ? rule.destinationPortRanges : ['*'],
      sourceApplicationSecurityGroups: [],
      destinationApplicationSecurityGroups: [],
      isDefault: false,
    });
    c = { full: base(certain(rule.sources), certain(rule.destinations)) };
    if (hasGroups) c.withGroups = base(possible(rule.sources), possible(rule.destinations));
    converted.set(rule, c);
  }
  return c;
}

/** The limited-broadcast address: never the source or destination of an APIM flow. */
const NOTHING = '255.255.255.255/32';
