/**
 * Turns the verdict on a required flow into a violation: the message names the NSG, the subnet and its
 * prefixes, the flow and the deciding rule; the evidence carries the verdict for alerts and SARIF.
 */
import type { Severity } from '../../model/severity.js';
import { endpointText, isTagEndpoint, type Flow } from '../../network/flow.js';
import { InvalidNetworkRuleError } from '../../network/invalid-rule.js';
import { evaluateFlow, ruleRefText, type Verdict } from '../../network/nsg-evaluator.js';
import type { RuleSubject, Violation } from '../rule.js';
import { allowRuleFix } from './remediation.js';
import type { RequiredFlow } from './required-flows.js';
import { flowAt, nsgTarget, type NsgTarget } from './target.js';

export const FLOW_MESSAGE_IDS = ['denied', 'partlyAllowed'] as const;

/** The two message templates every flow rule has; `consequence` says what breaks, in the rule's words. */
export function flowMessages(consequence: string): Record<(typeof FLOW_MESSAGE_IDS)[number], string> {
  return {
    denied: `NSG {{nsg}} denies {{flow}}: it is decided by {{decidingRule}}. ${consequence}`,
    partlyAllowed: `NSG {{nsg}} allows {{flow}} only in part: {{uncovered}}. ${consequence}`,
  };
}

export const FLOW_REMEDIATION = { default: '{{fix}}' };

export interface FlowOutcome {
  required: RequiredFlow;
  target: NsgTarget;
  flow: Flow;
  verdict: Verdict;
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
      return { required, target, flow, verdict: evaluateFlow(target.nsg, flow, target.context) };
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
  if (verdict.outcome === 'allowed') return undefined;
  const fix = allowRuleFix(required, target, flow, extra.alsoFixes);
  const violation: Violation = {
    messageId: verdict.outcome === 'denied' ? 'denied' : 'partlyAllowed',
    resourceId: target.nsg.id,
    data: {
      nsg: target.nsg.name,
      subnet: target.subnet.name,
      prefixes: target.subnet.addressPrefixes.join(', '),
      flow: flowPhrase(required, flow, target),
      port: flow.port,
      decidingRule: ruleRefText(verdict.decidingRule),
      uncovered: verdict.uncovered ?? '',
      fix: fix.text,
      ...extra.data,
    },
    evidence: { ...flowEvidence(outcome), ...(fix.rule ? { suggestedRule: fix.rule } : {}), ...extra.evidence },
  };
  if (extra.severity) violation.severity = extra.severity;
  return violation;
}

/** The common shape of a flow rule's check: one violation per required flow that is not allowed. */
export function checkFlows(subject: RuleSubject, flows: readonly RequiredFlow[]): Violation[] {
  return evaluateRequiredFlows(subject, flows).flatMap((o) => flowViolation(o) ?? []);
}
