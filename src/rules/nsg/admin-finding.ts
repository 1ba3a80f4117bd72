/**
 * What a flow finding says when a Virtual Network Manager security admin rule decided the flow: the
 * admin rule by configuration, rule collection, name and priority, and a remediation addressed to the
 * network manager's owner (an AlwaysAllow admin rule for the flow, or an exception for the VNet), since
 * no change to this subscription's NSG can beat an admin Deny.
 */
import { nameOf, parentResourceId, tryParseResourceId } from '../../arm/resource-id.js';
import { adminRuleRefText, type AdminRuleRef } from '../../network/admin-layer.js';
import type { Flow } from '../../network/flow.js';
import { allowRuleFix } from './remediation.js';
import type { RequiredFlow } from './required-flows.js';
import type { NsgTarget } from './target.js';

export function adminViolationData(rule: AdminRuleRef): Record<string, string | number> {
  return {
    adminRule: adminRuleRefText(rule),
    networkManager: rule.networkManagerId ? nameOf(rule.networkManagerId) : 'unknown',
    adminConfiguration: rule.configuration,
    adminRuleCollection: rule.ruleCollection,
    adminPriority: rule.priority,
  };
}

/** One sentence for the remediation. `rescued`: an AlwaysAllow decided, the NSG alone would not allow it. */
export function adminFix(rule: AdminRuleRef, required: RequiredFlow, flow: Flow, target: NsgTarget, rescued: boolean): string {
  if (rescued) {
    return `Nothing breaks while ${adminRuleRefText(rule)} stays. So that the flow survives its removal, also fix the NSG: ${allowRuleFix(required, target, flow).text}`;
  }
  const manager = rule.networkManagerId ? nameOf(rule.networkManagerId) : 'the network manager';
  const scope = tryParseResourceId(rule.networkManagerId);
  const owner = scope ? ` (resource group ${scope.resourceGroup ?? '?'}, subscription ${scope.subscriptionId})` : '';
  const inbound = flow.direction === 'Inbound';
  const apim = target.subnet.addressPrefixes.join(', ');
  const [source, destination] = inbound ? [required.ruleTag, apim] : [apim, required.ruleTag];
  const vnet = parentResourceId(target.subnet.id);
  const collection = rule.ruleCollection ? `rule collection ${rule.ruleCollection}` : 'the rule collection';
  const configuration = rule.configuration ? `configuration ${rule.configuration}` : 'the security admin configuration';
  const priority =
    rule.priority > 1
      ? `an AlwaysAllow security admin rule at a priority below ${rule.priority} (for example ${rule.priority - 1}) in ${configuration}`
      : `an exception: ${adminRuleRefText(rule)} has priority 1, which no other admin rule can beat, so it must stop matching`;
  return (
    `This is managed centrally: ask the owner of Virtual Network Manager ${manager}${owner} for ${priority}, ` +
    `${flow.direction.toLowerCase()} ${flow.protocol.toUpperCase()} from ${source} to ${destination} on port ${flow.port}, ` +
    `or to leave VNet ${vnet ? nameOf(vnet) : target.subnet.name} out of the network groups of ${collection}; then commit the configuration to the VNet's region.`
  );
}
