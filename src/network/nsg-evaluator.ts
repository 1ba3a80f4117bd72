/**
 * Decides a flow the way Azure does: custom rules of the flow's direction by ascending priority, first match
 * wins, then the default rules. A rule that matches the whole flow decides; rules that match only part of it
 * (part of a tag, some source ports) are remembered, and when one of them disagrees with the deciding rule
 * the flow is only partly allowed. Pure: no I/O, no lookups of tag ranges.
 */
import type { Access, NetworkSecurityGroup, SecurityRule } from '../model/network.js';
import {
  addressCoverage,
  addressSpaceKey,
  addressSpaceOf,
  isBlindInside,
  isInsideSpace,
  parseAddressItems,
  type AddressItem,
  type AddressSpace,
} from './address-match.js';
import { weakest, type Coverage } from './coverage.js';
import { AZURE_DEFAULT_SECURITY_RULES } from './default-rules.js';
import { InvalidNetworkRuleError } from './invalid-rule.js';
import { endpointText, isTagEndpoint, type Endpoint, type Flow, type NetworkContext } from './flow.js';
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
  const candidates = candidateRules(nsg, flow);
  let known = decisionCache.get(candidates);
  if (known === undefined) decisionCache.set(candidates, (known = { key: undefined, decision: undefined, decisions: undefined, blind: undefined }));
  const key = `${addressSpaceKey(space)}|${endpointKey(candidates, flow.source, 0, space, known)}|${endpointKey(candidates, flow.destination, 1, space, known)}`;
  let decision = known.key === key ? known.decision : known.decisions?.get(key);
  if (decision === undefined) {
    decision = decide(candidates, flow, space);
    if (known.key === undefined) {
      known.key = key;
      known.decision = decision;
    } else {
      (known.decisions ??= new Map()).set(key, decision);
    }
  }
  return verdictOf(flow, candidates, decision);
}

/**
 * Which rule decides and which earlier rules match part of the flow with the other access, as positions
 * in the candidate list. Kept apart from the texts, which name the asking flow's endpoints.
 */
interface Decision {
  deciding: number;
  disagreeing: Array<{ index: number; sourcePorts: boolean; source: boolean; destination: boolean }>;
}

/**
 * Decisions per candidate list (one NSG × direction × protocol × port) and key. The key is the VNet
 * extent (canonical ranges, not the texts) and each endpoint: a tag by its text; prefixes by their texts,
 * or, when they lie inside the extent and every candidate rule's side facing them is blind inside it
 * (see isBlindInside in address-match.ts), by that fact alone, so that the subnets of one VNet sharing
 * an NSG share its decisions. Sound because a decision depends only on each candidate's coverage of each
 * endpoint, and those coverages are then the same for every such endpoint. A layer composed around this
 * evaluator (other rules evaluated before the NSG's) keeps its own cache with its rules in the key.
 */
const decisionCache = new WeakMap<readonly SecurityRule[], KnownDecisions>();

/**
 * Most candidate lists are asked under one key only (one NSG per subnet): the first decision and blindness
 * facts are kept inline, maps are made only for a second key or space (a map per list held much of the
 * memory of a large check).
 */
interface KnownDecisions {
  key: string | undefined;
  decision: Decision | undefined;
  decisions: Map<string, Decision> | undefined;
  /** Per space: whether all candidates are blind inside it, by side (source 0, destination 1) × ASG possibility. */
  blind: BlindSlots | Map<AddressSpace, Array<boolean | undefined>> | undefined;
}

interface BlindSlots {
  space: AddressSpace;
  slots: Array<boolean | undefined>;
}

function blindSlots(known: KnownDecisions, space: AddressSpace): Array<boolean | undefined> {
  const blind = known.blind;
  if (blind === undefined) {
    const slots: Array<boolean | undefined> = [undefined, undefined, undefined, undefined];
    known.blind = { space, slots };
    return slots;
  }
  if (!(blind instanceof Map)) {
    if (blind.space === space) return blind.slots;
    known.blind = new Map([[blind.space, blind.slots]]);
    return blindSlots(known, space);
  }
  let slots = blind.get(space);
  if (slots === undefined) blind.set(space, (slots = [undefined, undefined, undefined, undefined]));
  return slots;
}

function endpointKey(candidates: readonly SecurityRule[], endpoint: Endpoint, side: 0 | 1, space: AddressSpace, known: KnownDecisions): string {
  // A tag with its ranges (service-tag data) can decide otherwise than the bare tag: the ranges are in the key.
  if (isTagEndpoint(endpoint)) return endpoint.ranges ? `t:${endpoint.tag}|${endpoint.ranges.name}|${endpoint.ranges.changeNumber}` : `t:${endpoint.tag}`;
  const asgs = endpoint.mayBeInApplicationSecurityGroups !== false;
  if (isInsideSpace(endpoint.prefixes, space)) {
    const slots = blindSlots(known, space);
    const slot = side * 2 + (asgs ? 1 : 0);
    let blind = slots[slot];
    if (blind === undefined) {
      blind = candidates.every((rule) => {
        const c = compile(rule);
        return isBlindInside(side === 0 ? c.sourceItems : c.destinationItems, space, asgs);
      });
      slots[slot] = blind;
    }
    if (blind) return `inside:${asgs}`;
  }
  return `p:${asgs}:${endpoint.prefixes.join(',')}`;
}

function decide(candidates: readonly SecurityRule[], flow: Flow, space: AddressSpace): Decision {
  const partial: Array<{ index: number; access: Access; sourcePorts: boolean; source: boolean; destination: boolean }> = [];
  for (let index = 0; index < candidates.length; index++) {
    const rule = candidates[index]!;
    const match = coverageOf(rule, flow, space);
    if (match.coverage === 'none') continue;
    if (match.coverage === 'partial') {
      partial.push({ index, access: accessOf(rule), sourcePorts: match.sourcePorts === 'partial', source: match.source === 'partial', destination: match.destination === 'partial' });
      continue;
    }
    const access = accessOf(rule);
    return {
      deciding: index,
      disagreeing: partial.filter((p) => p.access !== access).map(({ index: i, sourcePorts, source, destination }) => ({ index: i, sourcePorts, source, destination })),
    };
  }
  throw new Error('unreachable: DenyAll matches every flow');
}

// Every flow of an evaluation walks the same NSG: sort its rules once per direction, keep per protocol the
// rules that can match it, and per port of those the rules that can match at all (the others would answer
// 'none'). Candidate lists are looked up by the flow's own spelling first, which is nearly always the same.
interface NsgWalks {
  ordered: Map<string, readonly SecurityRule[]>;
  byProtocol: Map<string, { rules: readonly SecurityRule[]; compiled: readonly CompiledRule[] }>;
  candidates: Map<string, readonly SecurityRule[]>;
}

const walkCache = new WeakMap<NsgRules, NsgWalks>();

function walksOf(nsg: NsgRules): NsgWalks {
  let walks = walkCache.get(nsg);
  if (walks === undefined) walkCache.set(nsg, (walks = { ordered: new Map(), byProtocol: new Map(), candidates: new Map() }));
  return walks;
}

function candidateRules(nsg: NsgRules, flow: Flow): readonly SecurityRule[] {
  const walks = walksOf(nsg);
  const key = `${flow.direction}|${flow.protocol}|${flow.port}`;
  const cached = walks.candidates.get(key);
  if (cached !== undefined) return cached;
  const direction = flow.direction.toLowerCase();
  const protocolKey = `${direction}|${flow.protocol.toLowerCase()}`;
  let ofProtocol = walks.byProtocol.get(protocolKey);
  if (ofProtocol === undefined) {
    const rules = orderedRules(nsg, direction).filter((rule) => protocolCovers(compile(rule).protocol, flow.protocol));
    ofProtocol = { rules, compiled: rules.map(compile) };
    walks.byProtocol.set(protocolKey, ofProtocol);
  }
  const { rules, compiled: parsed } = ofProtocol;
  const candidates: SecurityRule[] = [];
  for (let i = 0; i < rules.length; i++) {
    const ranges = parsed[i]!.destinationPorts;
    for (let j = 0; j < ranges.length; j++) {
      if (ranges[j]!.from <= flow.port && flow.port <= ranges[j]!.to) {
        candidates.push(rules[i]!);
        break;
      }
    }
  }
  // Exactly sized: the list lives as long as the NSG (a pushed array keeps room for 17).
  const exact = candidates.slice();
  walks.candidates.set(key, exact);
  return exact;
}

/** Custom rules of a direction by ascending priority, then the default rules, then Azure's DenyAll. */
function orderedRules(nsg: NsgRules, direction: string): readonly SecurityRule[] {
  const byDirection = walksOf(nsg).ordered;
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

function verdictOf(flow: Flow, candidates: readonly SecurityRule[], decision: Decision): Verdict {
  const decidingRule = refOf(candidates[decision.deciding]!);
  if (decision.disagreeing.length === 0) {
    return { flow, outcome: decidingRule.access === 'Allow' ? 'allowed' : 'denied', decidingRule, partialRules: [] };
  }
  const disagreeing: PartialMatch[] = decision.disagreeing.map((p) => {
    const rule = candidates[p.index]!;
    return { ...refOf(rule), matches: partialNotes(compile(rule), flow, p).join('; ') };
  });
  const parts = disagreeing.map((p) => `${ruleRefText(p)} (${p.matches})`).join(' and ');
  const uncovered =
    decidingRule.access === 'Deny'
      ? `only the part matched by ${parts} is allowed; the rest is denied by ${ruleRefText(decidingRule)}`
      : `the part matched by ${parts} is denied; the rest is allowed by ${ruleRefText(decidingRule)}`;
  return { flow, outcome: 'partly-allowed', decidingRule, partialRules: disagreeing, uncovered };
}

/** What part of the flow a partly matching rule matches, dimension by dimension, in the flow's own words. */
function partialNotes(c: CompiledRule, flow: Flow, partial: { sourcePorts: boolean; source: boolean; destination: boolean }): string[] {
  const notes: string[] = [];
  if (partial.sourcePorts) notes.push(`source ports ${portRangesText(c.sourcePorts)} only, not every client port`);
  if (partial.source) notes.push(`source ${endpointText(flow.source)} only as far as ${itemsText(c.sourceItems)}`);
  if (partial.destination) notes.push(`destination ${endpointText(flow.destination)} only as far as ${itemsText(c.destinationItems)}`);
  return notes;
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
  sourceItems: readonly AddressItem[];
  destinationItems: readonly AddressItem[];
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

interface Coverages {
  coverage: Coverage;
  sourcePorts: Coverage;
  source: Coverage;
  destination: Coverage;
}

const NO_MATCH: Coverages = { coverage: 'none', sourcePorts: 'none', source: 'none', destination: 'none' };

function coverageOf(rule: SecurityRule, flow: Flow, space: AddressSpace): Coverages {
  const c = compile(rule);
  if (!protocolCovers(c.protocol, flow.protocol)) return NO_MATCH;
  if (!portsContain(c.destinationPorts, flow.port)) return NO_MATCH;
  const sourcePorts = portSpanCoverage(c.sourcePorts, EPHEMERAL_PORTS);
  const source = addressCoverage(c.sourceItems, flow.source, space);
  const destination = addressCoverage(c.destinationItems, flow.destination, space);
  return { coverage: weakest(sourcePorts, source, destination), sourcePorts, source, destination };
}

/** How much of the flow one security rule matches, dimension by dimension. */
export function matchRule(rule: SecurityRule, flow: Flow, space: AddressSpace): RuleMatch {
  const match = coverageOf(rule, flow, space);
  if (match.coverage !== 'partial') return { coverage: match.coverage, notes: [] };
  return {
    coverage: 'partial',
    notes: partialNotes(compile(rule), flow, {
      sourcePorts: match.sourcePorts === 'partial',
      source: match.source === 'partial',
      destination: match.destination === 'partial',
    }),
  };
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
