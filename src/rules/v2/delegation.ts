/**
 * The delegation each v2 mode needs (apim-v2-rules.md §2 V2INT_DELEGATION, V2INJ_DELEGATION). In the v2
 * regimes virtualNetworkType decides the mode: External is outbound integration, Internal injection.
 */
import type { ApimInstance } from '../../model/instance.js';
import { modeInWords } from '../../model/mode.js';
import { subnetArgs } from '../az.js';
import type { RuleSubject, Violation } from '../rule.js';
import { locationData, locationSubject, sameText, subnetLabel } from '../subject.js';

export const INTEGRATION_DELEGATION = 'Microsoft.Web/serverFarms';
export const INJECTION_DELEGATION = 'Microsoft.Web/hostingEnvironments';

export function delegationFor(instance: Pick<ApimInstance, 'networkMode'>): string {
  return instance.networkMode === 'Internal' ? INJECTION_DELEGATION : INTEGRATION_DELEGATION;
}

/** `{{mode}}` and `{{delegation}}` of a v2 instance, for messages. */
export function v2ModeData(instance: Pick<ApimInstance, 'skuName' | 'networkMode'>): { mode: string; delegation: string } {
  return { mode: modeInWords(instance.skuName, instance.networkMode), delegation: delegationFor(instance) };
}

/** The check of both delegation rules: the subnet must be delegated to the mode's service. */
export function checkDelegation(subject: RuleSubject): Violation[] {
  const s = locationSubject(subject);
  const subnet = s.subnet;
  if (subnet === undefined) return [];
  const wanted = delegationFor(s.instance);
  const otherMode = wanted === INJECTION_DELEGATION ? INTEGRATION_DELEGATION : INJECTION_DELEGATION;
  if (subnet.delegations.some((d) => sameText(d, wanted))) return [];
  const data = {
    ...locationData(s),
    ...v2ModeData(s.instance),
    subnet: subnetLabel(subnet.id),
    found: subnet.delegations.join(', '),
    subnetArgs: subnetArgs(subnet.id),
  };
  return [
    {
      messageId: subnet.delegations.length === 0 ? 'none' : subnet.delegations.some((d) => sameText(d, otherMode)) ? 'otherMode' : 'other',
      resourceId: subnet.id,
      data,
      evidence: { delegations: subnet.delegations, required: wanted },
    },
  ];
}
