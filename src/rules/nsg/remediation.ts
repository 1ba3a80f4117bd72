/**
 * The allow rule that would fix a denied or partly allowed flow, and the `az` command that creates it. Its
 * priority is the highest free one that still beats every Deny rule matching any part of the flow (custom
 * rules run 100-4096; default rules are beaten by any custom rule).
 */
import type { SecurityRule } from '../../model/network.js';
import { addressSpaceOf } from '../../network/address-match.js';
import { AZURE_DEFAULT_SECURITY_RULES } from '../../network/default-rules.js';
import type { Flow } from '../../network/flow.js';
import { matchRule, ruleRefText, type RuleRef } from '../../network/nsg-evaluator.js';
import { azCommand, freeName, scopeOptions } from './az-cli.js';
import type { RequiredFlow } from './required-flows.js';
import type { NsgTarget } from './target.js';

export const MIN_CUSTOM_PRIORITY = 100;
export const MAX_CUSTOM_PRIORITY = 4096;

export interface AllowRuleFix {
  /** The rule to add, or undefined when no free priority beats the blocking rule. */
  rule?: SecurityRule;
  /** One sentence with the command, for the finding's remediation. */
  text: string;
}

/** Deny rules (custom or default) that match any part of one of the flows, first first. */
export function blockingRules(target: NsgTarget, flows: readonly Flow[]): RuleRef[] {
  const space = addressSpaceOf(target.context);
  const direction = flows[0]?.direction.toLowerCase();
  const defaults = target.nsg.defaultSecurityRules.length > 0 ? target.nsg.defaultSecurityRules : AZURE_DEFAULT_SECURITY_RULES;
  return [...target.nsg.securityRules, ...defaults]
    .filter((r) => r.direction.toLowerCase() === direction && r.access.toLowerCase() === 'deny')
    .filter((r) => flows.some((flow) => matchRule(r, flow, space).coverage !== 'none'))
    .sort((a, b) => a.priority - b.priority)
    .map((r) => ({ name: r.name, priority: r.priority, access: 'Deny' as const, isDefault: r.isDefault }));
}

/** The highest free custom priority strictly below `limit`, or undefined. */
export function freePriorityBelow(target: NsgTarget, direction: string, limit: number): number | undefined {
  const used = new Set(target.nsg.securityRules.filter((r) => r.direction.toLowerCase() === direction.toLowerCase()).map((r) => r.priority));
  for (let p = Math.min(limit - 1, MAX_CUSTOM_PRIORITY); p >= MIN_CUSTOM_PRIORITY; p--) if (!used.has(p)) return p;
  return undefined;
}

/** The allow rule for `flow`; when `alsoFixes` is given, it has to beat the blockers of those flows too. */
export function allowRuleFix(required: RequiredFlow, target: NsgTarget, flow: Flow, alsoFixes: readonly Flow[] = []): AllowRuleFix {
  const blockers = blockingRules(target, [flow, ...alsoFixes]);
  const ports = required.allowPorts ?? String(flow.port);
  const first = blockers[0];
  const limit = first && !first.isDefault ? first.priority : MAX_CUSTOM_PRIORITY + 1;
  const priority = freePriorityBelow(target, flow.direction, limit);
  if (priority === undefined || !first) {
    const what = first ? ruleRefText(first) : 'the rule that decides it';
    return { text: `No free priority beats ${what}: change that rule so it no longer matches the flow, or free a priority above it, then add an allow rule for ${required.ruleTag} on ${flow.protocol.toUpperCase()} ${ports}` };
  }
  const inbound = flow.direction === 'Inbound';
  const name = freeName(`Allow${required.label}${inbound ? 'Inbound' : 'Outbound'}`, target.nsg.securityRules.map((r) => r.name));
  const source = inbound ? required.ruleTag : 'VirtualNetwork';
  const destination = inbound ? 'VirtualNetwork' : required.ruleTag;
  const rule: SecurityRule = {
    name,
    priority,
    direction: flow.direction,
    access: 'Allow',
    protocol: flow.protocol,
    sourceAddressPrefixes: [source],
    sourcePortRanges: ['*'],
    destinationAddressPrefixes: [destination],
    destinationPortRanges: [ports],
    sourceApplicationSecurityGroups: [],
    destinationApplicationSecurityGroups: [],
    isDefault: false,
  };
  const command = azCommand('az network nsg rule create', [
    ...scopeOptions(target.nsg.id),
    ['--nsg-name', target.nsg.name],
    ['--name', name],
    ['--priority', priority],
    ['--direction', flow.direction],
    ['--access', 'Allow'],
    ['--protocol', flow.protocol],
    ['--source-address-prefixes', source],
    ['--source-port-ranges', '*'],
    ['--destination-address-prefixes', destination],
    ['--destination-port-ranges', ports],
  ]);
  return { rule, text: `Add an allow rule at priority ${priority}, above ${ruleRefText(first)}: ${command}` };
}
