/**
 * Turns the verdict on a required flow into a violation: the message names the NSG, the subnet and its
 * prefixes, the flow and the deciding rule; the evidence carries the verdict for alerts and SARIF.
 */
import type { Severity } from '../../model/severity.js';
import { endpointText, isTagEndpoint, type Flow } from '../../network/flow.js';
import { InvalidNetworkRuleError } from '../../network/invalid-rule.js';
import { ruleRefText } from '../../network/nsg-evaluator.js';
import { evaluateLayeredFlow, type LayeredVerdict } from '../../network/layered-evaluator.js';
import { adminFix, adminViolationData } from './admin-finding.js';
import type { RuleSubject, Violation } from '../rule.js';
import { allowRuleFix } from './remediation.js';
import type { RequiredFlow } from './required-flows.js';
import { tagRangesNote } from './tag-ranges-note.js';
import { flowAt, nsgTarget, type NsgTarget } from './target.js';

export const FLOW_MESSAGE_IDS = ['denied', 'partlyAllowed', 'adminDenied', 'adminPartlyAllowed', 'adminAlwaysAllowed'] as const;

/**
 * The message templates every flow rule has; `consequence` says what breaks, in the rule's words. The
 * `admin*` ones are for flows decided by a Virtual Network Manager security admin rule, before the NSG.
 */
export function flowMessages(consequence: string): Record<(typeof FLOW_MESSAGE_IDS)[number], string> {
  return {
    denied: `NSG {{nsg}} denies {{flow}}: it is decided by {{decidingRule}}. ${consequence}`,
    partlyAllowed: `NSG {{nsg}} allows {{flow}} only in part: {{uncovered}}{{tagRanges}}. ${consequence}`,
    adminDenied:
      `{{adminRule}} of Virtual Network Manager {{networkManager}} denies {{flow}} before NSG {{nsg}} is consulted; ` +
      `it is managed centrally, not in this NSG. ${consequence}`,
    adminPartlyAllowed: `{{flow}} is allowed only in part: {{uncovered}}. The admin rule is managed centrally in Virtual Network Manager {{networkManager}}. ${consequence}`,
    adminAlwaysAllowed:
      `NSG {{nsg}} does not allow {{flow}} ({{decidingRule}}), but {{adminRule}} of Virtual Network Manager {{networkManager}} always allows it, ` +
      'so the NSG is not consulted: the flow works only as long as that centrally managed rule stays.',
  };
}

export const FLOW_REMEDIATION = { default: '{{fix}}' };

export interface FlowOutcome {
  required: RequiredFlow;
  target: NsgTarget;
  flow: Flow;
  verdict: LayeredVerdict;
}

/** Evaluates the required flows at the subject's location; [] when the subnet or NSG is not found. */
export function evaluateRequiredFlows(subject: RuleSubject, flows: readonly RequiredFlow[]): FlowOutcome[] {
  const target = nsgTarget(subject);
  return target ? evaluateFlowsAt(target, flows) : [];
}

/** Evaluates the required flows at a target the rule has already found (and perhaps adjusted). */
export function evaluateFlowsAt(target: NsgTarget, flows: readonly RequiredFlow[]): FlowOutcome[] {
  return flows.map((required) => {
    const flow = flowAt(required, target);
    try {
      return { required, target, flow, verdict: evaluateLayeredFlow({ nsg: target.nsg, adminRules: target.adminRules }, flow, target.context) };
    } catch (error) {
      if (error instanceof InvalidNetworkRuleError) throw new Error(`NSG ${target.nsg.id}: ${error.message}`, { cause: error });
      throw error;
    }
  });
}

function subnetText(target: NsgTarget): string {
  return `subnet ${target.subnet.name} (${target.subnet.addressPrefixes.join(', ')})`;
}

function remoteText(required: RequiredFlow, endpoint: Flow['source'], target: NsgTarget): string {
  if (required.remoteAddresses === 'subnet') return subnetText(target);
  return isTagEndpoint(endpoint) ? endpoint.tag : endpointText(endpoint);
}

/** e.g. `inbound Internet → subnet snet-apim (10.0.1.0/24) on TCP 443`; APIM's side is the subnet. */
export function flowPhrase(required: RequiredFlow, flow: Flow, target: NsgTarget): string {
  const [source, destination] =
    flow.direction === 'Inbound'
      ? [remoteText(required, flow.source, target), subnetText(target)]
      : [subnetText(target), remoteText(required, flow.destination, target)];
  return `${flow.direction.toLowerCase()} ${source} → ${destination} on ${flow.protocol.toUpperCase()} ${flow.port}`;
}

export function flowEvidence(outcome: FlowOutcome): Record<string, unknown> {
  const { flow, verdict } = outcome;
  const { name, priority, access, isDefault, id } = verdict.decidingRule;
  return {
    flow,
    verdict: verdict.outcome,
    decidingRule: { name, priority, access, isDefault, id },
    partialRules: verdict.partialRules,
    ...(verdict.uncovered ? { uncovered: verdict.uncovered } : {}),
    ...(verdict.layer === 'admin' ? { layer: 'admin' } : {}),
    ...(verdict.adminRule ? { adminRule: verdict.adminRule } : {}),
    ...(verdict.partialAdminRules.length > 0 ? { partialAdminRules: verdict.partialAdminRules } : {}),
  };
}

/** undefined when the flow is allowed. */
export function flowViolation(
  outcome: FlowOutcome,
  extra: {
    severity?: Severity;
    data?: Record<string, string | number>;
    evidence?: Record<string, unknown>;
    /** Further flows the suggested allow rule must fix (stv1: every blocked probe port). */
    alsoFixes?: readonly Flow[];
  } = {},
): Violation | undefined {
  const { verdict, target, flow, required } = outcome;
  const admin = adminViolation(outcome, extra);
  if (admin !== 'none') return admin;
  if (verdict.outcome === 'allowed') return undefined;
  const fix = allowRuleFix(required, target, flow, extra.alsoFixes);
  const violation: Violation = {
    messageId: verdict.outcome === 'denied' ? 'denied' : 'partlyAllowed',
    resourceId: target.nsg.id,
    data: {
      ...flowData(outcome),
      decidingRule: ruleRefText(verdict.decidingRule),
      uncovered: verdict.uncovered ?? '',
      tagRanges: tagRangesNote(flow, verdict, target),
      fix: fix.text,
      ...extra.data,
    },
    evidence: { ...flowEvidence(outcome), ...(fix.rule ? { suggestedRule: fix.rule } : {}), ...extra.evidence },
  };
  if (extra.severity) violation.severity = extra.severity;
  return violation;
}

/** What every message about a flow names: the NSG, the subnet and its prefixes, the flow and its port. */
function flowData({ target, required, flow }: FlowOutcome) {
  return {
    nsg: target.nsg.name,
    subnet: target.subnet.name,
    prefixes: target.subnet.addressPrefixes.join(', '),
    flow: flowPhrase(required, flow, target),
    port: flow.port,
  };
}

/**
 * The violation of a flow an admin rule decided (or made partly allowed): it names the admin rule and
 * goes to the network manager's owner. 'none' when the NSG alone decided.
 */
function adminViolation(outcome: FlowOutcome, extra: Parameters<typeof flowViolation>[1] = {}): Violation | undefined | 'none' {
  const { verdict, target, flow, required } = outcome;
  const rule = verdict.adminRule ?? verdict.partialAdminRules[0];
  if (rule === undefined) return 'none';
  const shadowed = verdict.shadowedNsgVerdict;
  if (verdict.outcome === 'allowed' && shadowed === undefined) return undefined;
  const messageId = verdict.outcome === 'allowed' ? 'adminAlwaysAllowed' : verdict.outcome === 'denied' ? 'adminDenied' : 'adminPartlyAllowed';
  const violation: Violation = {
    messageId,
    resourceId: rule.id,
    data: {
      ...flowData(outcome),
      decidingRule: ruleRefText(shadowed?.decidingRule ?? verdict.decidingRule),
      uncovered: verdict.uncovered ?? '',
      ...adminViolationData(rule),
      fix: adminFix(rule, required, flow, target, messageId === 'adminAlwaysAllowed'),
      ...extra.data,
    },
    evidence: {
      ...flowEvidence(outcome),
      ...(shadowed ? { nsgVerdict: { verdict: shadowed.outcome, decidingRule: shadowed.decidingRule } } : {}),
      ...extra.evidence,
    },
  };
  // An AlwaysAllow that rescues a flow is worth knowing, not a break.
  if (messageId === 'adminAlwaysAllowed') violation.severity = 'info';
  else if (extra.severity) violation.severity = extra.severity;
  return violation;
}

/** The common shape of a flow rule's check: one violation per required flow that is not allowed. */
export function checkFlows(subject: RuleSubject, flows: readonly RequiredFlow[]): Violation[] {
  return evaluateRequiredFlows(subject, flows).flatMap((o) => flowViolation(o) ?? []);
}
