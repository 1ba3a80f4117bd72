/**
 * Decides a flow the way Azure does: custom rules of the flow's direction by ascending priority, first match
 * wins, then the default rules. A rule that matches the whole flow decides; rules that match only part of it
 * (part of a tag, some source ports) are remembered, and when one of them disagrees with the deciding rule
 * the flow is only partly allowed. Pure: no I/O, no lookups of tag ranges.
 */
import type { Access, NetworkSecurityGroup, SecurityRule } from '../model/network.js';
import { addressCoverage, addressSpaceOf, parseAddressItems, type AddressItem, type AddressSpace } from './address-match.js';
import { weakest, type Coverage } from './coverage.js';
import { AZURE_DEFAULT_SECURITY_RULES } from './default-rules.js';
import { InvalidNetworkRuleError } from './invalid-rule.js';
import { endpointText, type Endpoint, type Flow, type NetworkContext } from './flow.js';
import {
  EPHEMERAL_PORTS,
  MAX_PORT,
  parsePortRanges,
  parseProtocol,
  portRangesText,
  portSpanCoverage,
  portsContain,
  protocolCovers,
} from './ports.js';

export type Outcome = 'allowed' | 'denied' | 'partly-allowed';

/** What a verdict says about a security rule (also the `decidingRule` of a finding's evidence). */
export interface RuleRef {
  name: string;
  priority: number;
  access: Access;
  isDefault: boolean;
  id?: string;
}

export interface PartialMatch extends RuleRef {
  /** Which part of the flow the rule matches, e.g. `destination Internet only as far as AzureActiveDirectory`. */
  matches: string;
}

export interface Verdict {
  flow: Flow;
  outcome: Outcome;
  decidingRule: RuleRef;
  /** Earlier rules that matched part of the flow with the other access (set only when partly allowed). */
  partialRules: PartialMatch[];
  /** For `partly-allowed`: which part is allowed and which is not, in one sentence. */
  uncovered?: string;
}

export type NsgRules = Pick<NetworkSecurityGroup, 'securityRules' | 'defaultSecurityRules'>;

export function evaluateFlow(nsg: NsgRules, flow: Flow, context: NetworkContext): Verdict {
  checkFlow(flow);
  const space = addressSpaceOf(context);
  const ordered = candidateRules(nsg, flow);

  const partial: PartialMatch[] = [];
  for (const rule of ordered) {
    const match = matchRule(rule, flow, space);
    if (match.coverage === 'none') continue;
    if (match.coverage === 'partial') {
      partial.push({ ...refOf(rule), matches: match.notes.join('; ') });
      continue;
    }
    return verdictOf(flow, refOf(rule), partial);
  }
  throw new Error('unreachable: DenyAll matches every flow');
}

// Every flow of an evaluation walks the same NSG: sort its rules once per direction, and keep per
// protocol and port only the rules that can match at all (the others would answer 'none').
const orderedCache = new WeakMap<NsgRules, Map<string, readonly SecurityRule[]>>();

function candidateRules(nsg: NsgRules, flow: Flow): readonly SecurityRule[] {
  const direction = flow.direction.toLowerCase();
  const key = `${direction}|${flow.protocol.toLowerCase()}|${flow.port}`;
  const cached = orderedCache.get(nsg)?.get(key);
  if (cached !== undefined) return cached;
  const candidates = orderedRules(nsg, direction).filter((rule) => {
    const c = compile(rule);
    return protocolCovers(c.protocol, flow.protocol) && portsContain(c.destinationPorts, flow.port);
  });
  orderedCache.get(nsg)!.set(key, candidates);
  return candidates;
}

/** Custom rules of a direction by ascending priority, then the default rules, then Azure's DenyAll. */
function orderedRules(nsg: NsgRules, direction: string): readonly SecurityRule[] {
  let byDirection = orderedCache.get(nsg);
  if (byDirection === undefined) orderedCache.set(nsg, (byDirection = new Map()));
  const known = byDirection.get(direction);
  if (known !== undefined) return known;
  const ofDirection = (rules: readonly SecurityRule[]) =>
    rules.filter((r) => r.direction.toLowerCase() === direction).sort((a, b) => a.priority - b.priority || a.name.localeCompare(b.name));
  const defaults = nsg.defaultSecurityRules.length > 0 ? nsg.defaultSecurityRules : AZURE_DEFAULT_SECURITY_RULES;
  // Azure's DenyAll always ends the walk, even when a snapshot's default rules are incomplete.
  const finalDeny = ofDirection(AZURE_DEFAULT_SECURITY_RULES).filter((r) => r.access === 'Deny');
  const ordered = [...ofDirection(nsg.securityRules), ...ofDirection(defaults), ...finalDeny];
  byDirection.set(direction, ordered);
  return ordered;
}

/**
 * The rules of one direction in the order Azure walks them (custom rules by priority, then the default
 * rules), each once: what a report shows next to a verdict. The walk itself is `evaluateFlow`.
 */
export function rulesInEvaluationOrder(nsg: NsgRules, direction: string): readonly SecurityRule[] {
  const seen = new Set<string>();
  return orderedRules(nsg, direction.toLowerCase()).filter((r) => {
    const key = `${r.isDefault}|${r.priority}|${r.name.toLowerCase()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function verdictOf(flow: Flow, decidingRule: RuleRef, remembered: PartialMatch[]): Verdict {
  const disagreeing = remembered.filter((p) => p.access !== decidingRule.access);
  if (disagreeing.length === 0) {
    return { flow, outcome: decidingRule.access === 'Allow' ? 'allowed' : 'denied', decidingRule, partialRules: [] };
  }
  const parts = disagreeing.map((p) => `${ruleRefText(p)} (${p.matches})`).join(' and ');
  const uncovered =
    decidingRule.access === 'Deny'
      ? `only the part matched by ${parts} is allowed; the rest is denied by ${ruleRefText(decidingRule)}`
      : `the part matched by ${parts} is denied; the rest is allowed by ${ruleRefText(decidingRule)}`;
  return { flow, outcome: 'partly-allowed', decidingRule, partialRules: disagreeing, uncovered };
}

export interface RuleMatch {
  coverage: Coverage;
  /** For a partial match: what part of which dimension the rule matches. */
  notes: string[];
}

/** A security rule with its fields parsed once; rules are shared by every flow of an evaluation. */
interface CompiledRule {
  protocol: ReturnType<typeof parseProtocol>;
  destinationPorts: ReturnType<typeof parsePortRanges>;
  sourcePorts: ReturnType<typeof parsePortRanges>;
  sourceItems: AddressItem[];
  destinationItems: AddressItem[];
}

// Keyed by the rule object: the model is not mutated after normalization, so a parse stays valid.
// A rule that fails to parse is not cached and throws again, naming itself, on every use.
const compiled = new WeakMap<SecurityRule, CompiledRule>();

function compile(rule: SecurityRule): CompiledRule {
  let c = compiled.get(rule);
  if (c === undefined) {
    c = {
      protocol: parseProtocol(rule.protocol, rule.name),
      destinationPorts: parsePortRanges(rule.destinationPortRanges, rule.name, 'destination port range'),
      sourcePorts: parsePortRanges(rule.sourcePortRanges, rule.name, 'source port range'),
      sourceItems: parseAddressItems(rule.sourceAddressPrefixes, rule.sourceApplicationSecurityGroups, rule.name, 'source address prefix'),
      destinationItems: parseAddressItems(
        rule.destinationAddressPrefixes,
        rule.destinationApplicationSecurityGroups,
        rule.name,
        'destination address prefix',
      ),
    };
    compiled.set(rule, c);
  }
  return c;
}

/**
 * Checks that a rule can be evaluated (protocol, ports, prefixes), so that input validation rejects a
 * malformed rule with the evaluator's own grammar instead of the evaluation failing later.
 */
export function securityRuleProblem(rule: SecurityRule): string | undefined {
  try {
    compile(rule);
    accessOf(rule);
    return undefined;
  } catch (e) {
    if (e instanceof InvalidNetworkRuleError) return e.message;
    throw e;
  }
}

/** How much of the flow one security rule matches, dimension by dimension. */
export function matchRule(rule: SecurityRule, flow: Flow, space: AddressSpace): RuleMatch {
  const c = compile(rule);
  if (!protocolCovers(c.protocol, flow.protocol)) return { coverage: 'none', notes: [] };
  if (!portsContain(c.destinationPorts, flow.port)) return { coverage: 'none', notes: [] };

  const notes: string[] = [];
  const sourcePortCoverage = portSpanCoverage(c.sourcePorts, EPHEMERAL_PORTS);
  if (sourcePortCoverage === 'partial') notes.push(`source ports ${portRangesText(c.sourcePorts)} only, not every client port`);

  const side = (label: string, items: AddressItem[], endpoint: Endpoint): Coverage => {
    const coverage = addressCoverage(items, endpoint, space);
    if (coverage === 'partial') notes.push(`${label} ${endpointText(endpoint)} only as far as ${itemsText(items)}`);
    return coverage;
  };
  const source = side('source', c.sourceItems, flow.source);
  const destination = side('destination', c.destinationItems, flow.destination);
  const coverage = weakest(sourcePortCoverage, source, destination);
  return { coverage, notes: coverage === 'partial' ? notes : [] };
}

function itemsText(items: readonly AddressItem[]): string {
  return items.map((i) => i.text).join(', ');
}

function refOf(rule: SecurityRule): RuleRef {
  const ref: RuleRef = {
    name: rule.name,
    priority: rule.priority,
    access: accessOf(rule),
    isDefault: rule.isDefault,
  };
  if (rule.id !== undefined) ref.id = rule.id;
  return ref;
}

function accessOf(rule: SecurityRule): Access {
  const access = String(rule.access).toLowerCase();
  if (access === 'allow') return 'Allow';
  if (access === 'deny') return 'Deny';
  throw new InvalidNetworkRuleError(rule.name, 'access', String(rule.access), 'is neither Allow nor Deny');
}

/** e.g. `custom rule DenyInternet (priority 100, Deny)` or `default rule DenyAllInBound (priority 65500, Deny)`. */
export function ruleRefText(rule: RuleRef): string {
  return `${rule.isDefault ? 'default' : 'custom'} rule ${rule.name} (priority ${rule.priority}, ${rule.access})`;
}

function checkFlow(flow: Flow): void {
  if (!Number.isInteger(flow.port) || flow.port < 0 || flow.port > MAX_PORT) {
    throw new Error(`flow port ${String(flow.port)} is not an integer between 0 and ${MAX_PORT}`);
  }
}
