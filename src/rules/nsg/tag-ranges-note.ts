/**
 * What a partly allowed verdict says about service-tag ranges when a rule lists CIDRs where the flow names a
 * tag: with service-tag data, how many of the tag's ranges the allowed prefixes miss (or the denied ones
 * hit); without it, that the ranges were not checked.
 */
import type { SecurityRule } from '../../model/network.js';
import { fromPrefixes, intersect, isEmpty, isSubset } from '../../network/address-set.js';
import { parseCidr } from '../../network/cidr.js';
import { isTagEndpoint, type Flow } from '../../network/flow.js';
import type { LayeredVerdict } from '../../network/layered-evaluator.js';
import type { NsgTarget } from './target.js';

export function tagRangesNote(flow: Flow, verdict: LayeredVerdict, target: NsgTarget): string {
  if (verdict.outcome !== 'partly-allowed' || verdict.layer !== 'nsg') return '';
  const remote = flow.direction === 'Inbound' ? flow.source : flow.destination;
  if (!isTagEndpoint(remote)) return '';
  const involved = [verdict.decidingRule, ...verdict.partialRules]
    .map((ref) => target.nsg.securityRules.find((r) => r.name === ref.name && r.priority === ref.priority))
    .filter((r): r is SecurityRule => r !== undefined);
  const cidrsOf = (r: SecurityRule) => (flow.direction === 'Inbound' ? r.sourceAddressPrefixes : r.destinationAddressPrefixes).filter((p) => parseCidr(p) !== undefined);
  const withCidrs = involved.filter((r) => cidrsOf(r).length > 0);
  if (withCidrs.length === 0) return '';
  if (!remote.ranges) return ` (the ranges of service tag ${remote.tag} were not checked against the rule's prefixes: no service-tag data was given)`;
  const { name, prefixes, changeNumber } = remote.ranges;
  const ranges = prefixes.map((p) => fromPrefixes([p]));
  const notes: string[] = [];
  const allowed = withCidrs.filter((r) => r.access.toLowerCase() === 'allow').flatMap(cidrsOf);
  if (allowed.length > 0) {
    const set = fromPrefixes(allowed);
    const missing = ranges.filter((r) => !isSubset(r, set)).length;
    notes.push(`the allowed prefixes miss ${missing} of the ${ranges.length} ranges of ${name}`);
  }
  const denied = withCidrs.filter((r) => r.access.toLowerCase() === 'deny').flatMap(cidrsOf);
  if (denied.length > 0) {
    const set = fromPrefixes(denied);
    const hit = ranges.filter((r) => !isEmpty(intersect(r, set))).length;
    notes.push(`the denied prefixes hit ${hit} of the ${ranges.length} ranges of ${name}`);
  }
  return ` (${notes.join('; ')}; service tags change number ${changeNumber || 'unknown'})`;
}
