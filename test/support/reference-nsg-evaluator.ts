/**
 * The NSG evaluator as it was before its caches (every set derived afresh for every rule × flow): the
 * oracle that the property tests compare the cached evaluator with. Not used by the product.
 */
import type { NetworkSecurityGroup, SecurityRule } from '../../src/model/network.js';
import { parseAddressItems, type AddressItem } from '../../src/network/address-match.js';
import { EMPTY, isEmpty, isSubset, overlaps, rangeOf, subtract, union, type AddressSet } from '../../src/network/address-set.js';
import { parseCidr } from '../../src/network/cidr.js';
import { strongest, weakest, type Coverage } from '../../src/network/coverage.js';
import { AZURE_DEFAULT_SECURITY_RULES } from '../../src/network/default-rules.js';
import { endpointText, isTagEndpoint, type Endpoint, type Flow, type NetworkContext } from '../../src/network/flow.js';
import { ruleRefText, type PartialMatch, type RuleRef, type Verdict } from '../../src/network/nsg-evaluator.js';
import { EPHEMERAL_PORTS, parsePortRanges, parseProtocol, portRangesText, portSpanCoverage, portsContain, protocolCovers } from '../../src/network/ports.js';
import { parseServiceTag, tagCoverage, type ServiceTag } from '../../src/network/service-tags.js';
import { HOST_VIP_RANGES, PRIVATE_RANGES, PUBLIC_RANGES } from '../../src/network/well-known-ranges.js';

type NsgRules = Pick<NetworkSecurityGroup, 'securityRules' | 'defaultSecurityRules'>;

export function referenceEvaluateFlow(nsg: NsgRules, flow: Flow, context: NetworkContext): Verdict {
  const vnet = union(context.virtualNetworkPrefixes.map((p) => rangeOf(parseCidr(p)!)));
  const direction = flow.direction.toLowerCase();
  const ofDirection = (rules: readonly SecurityRule[]) =>
    rules.filter((r) => r.direction.toLowerCase() === direction).sort((a, b) => a.priority - b.priority || a.name.localeCompare(b.name));
  const defaults = nsg.defaultSecurityRules.length > 0 ? nsg.defaultSecurityRules : AZURE_DEFAULT_SECURITY_RULES;
  const finalDeny = ofDirection(AZURE_DEFAULT_SECURITY_RULES).filter((r) => r.access === 'Deny');
  const partial: PartialMatch[] = [];
  for (const rule of [...ofDirection(nsg.securityRules), ...ofDirection(defaults), ...finalDeny]) {
    const match = referenceMatchRule(rule, flow, vnet);
    if (match.coverage === 'none') continue;
    if (match.coverage === 'partial') {
      partial.push({ ...refOf(rule), matches: match.notes.join('; ') });
      continue;
    }
    const decidingRule = refOf(rule);
    const disagreeing = partial.filter((p) => p.access !== decidingRule.access);
    if (disagreeing.length === 0) return { flow, outcome: decidingRule.access === 'Allow' ? 'allowed' : 'denied', decidingRule, partialRules: [] };
    const parts = disagreeing.map((p) => `${ruleRefText(p)} (${p.matches})`).join(' and ');
    const uncovered =
      decidingRule.access === 'Deny'
        ? `only the part matched by ${parts} is allowed; the rest is denied by ${ruleRefText(decidingRule)}`
        : `the part matched by ${parts} is denied; the rest is allowed by ${ruleRefText(decidingRule)}`;
    return { flow, outcome: 'partly-allowed', decidingRule, partialRules: disagreeing, uncovered };
  }
  throw new Error('unreachable');
}

function refOf(rule: SecurityRule): RuleRef {
  const access = rule.access.toLowerCase() === 'allow' ? 'Allow' : 'Deny';
  const ref: RuleRef = { name: rule.name, priority: rule.priority, access, isDefault: rule.isDefault };
  if (rule.id !== undefined) ref.id = rule.id;
  return ref;
}

function referenceMatchRule(rule: SecurityRule, flow: Flow, vnet: AddressSet): { coverage: Coverage; notes: string[] } {
  if (!protocolCovers(parseProtocol(rule.protocol, rule.name), flow.protocol)) return { coverage: 'none', notes: [] };
  if (!portsContain(parsePortRanges(rule.destinationPortRanges, rule.name, 'd'), flow.port)) return { coverage: 'none', notes: [] };
  const notes: string[] = [];
  const sourcePorts = parsePortRanges(rule.sourcePortRanges, rule.name, 's');
  const sourcePortCoverage = portSpanCoverage(sourcePorts, EPHEMERAL_PORTS);
  if (sourcePortCoverage === 'partial') notes.push(`source ports ${portRangesText(sourcePorts)} only, not every client port`);
  const side = (label: string, items: readonly AddressItem[], endpoint: Endpoint): Coverage => {
    const coverage = referenceCoverage(items, endpoint, vnet);
    if (coverage === 'partial') notes.push(`${label} ${endpointText(endpoint)} only as far as ${items.map((i) => i.text).join(', ')}`);
    return coverage;
  };
  const source = side('source', parseAddressItems(rule.sourceAddressPrefixes, rule.sourceApplicationSecurityGroups, rule.name, 's'), flow.source);
  const destination = side(
    'destination',
    parseAddressItems(rule.destinationAddressPrefixes, rule.destinationApplicationSecurityGroups, rule.name, 'd'),
    flow.destination,
  );
  const coverage = weakest(sourcePortCoverage, source, destination);
  return { coverage, notes: coverage === 'partial' ? notes : [] };
}

export function referenceCoverage(items: readonly AddressItem[], endpoint: Endpoint, vnet: AddressSet): Coverage {
  const internet = () => subtract(PUBLIC_RANGES, union(vnet, HOST_VIP_RANGES));
  const core = (tag: ServiceTag): AddressSet =>
    tag.kind === 'Internet' ? internet() : tag.kind === 'VirtualNetwork' ? union(vnet, HOST_VIP_RANGES) : tag.kind === 'AzureLoadBalancer' ? HOST_VIP_RANGES : EMPTY;
  const envelope = (tag: ServiceTag): AddressSet =>
    tag.kind === 'VirtualNetwork' ? union(vnet, HOST_VIP_RANGES, PRIVATE_RANGES) : tag.kind === 'AzureLoadBalancer' ? HOST_VIP_RANGES : internet();
  const asgEnvelope = union(vnet, PRIVATE_RANGES);
  const setCoverage = (target: AddressSet, c: AddressSet, e: AddressSet): Coverage =>
    !isEmpty(target) && isSubset(target, c) ? 'full' : overlaps(target, e) ? 'partial' : 'none';

  if (items.some((i) => i.kind === 'any')) return 'full';
  const cidrs = union(...items.flatMap((i) => (i.kind === 'cidr' ? [i.set] : [])));
  const hasAsg = items.some((i) => i.kind === 'asg');
  if (isTagEndpoint(endpoint)) {
    const tag = parseServiceTag(endpoint.tag)!;
    const env = envelope(tag);
    const byTags = items.flatMap((i) => (i.kind === 'tag' ? [tagCoverage(i.tag, tag)] : []));
    const byAsgs: Coverage = hasAsg && overlaps(env, asgEnvelope) ? 'partial' : 'none';
    return strongest(...byTags, setCoverage(env, cidrs, cidrs), byAsgs);
  }
  const target = union(endpoint.prefixes.map((p) => rangeOf(parseCidr(p)!)));
  const asgs = hasAsg && endpoint.mayBeInApplicationSecurityGroups !== false ? asgEnvelope : EMPTY;
  const tags = items.flatMap((i) => (i.kind === 'tag' ? [i.tag] : []));
  return setCoverage(target, union(cidrs, ...tags.map(core)), union(cidrs, asgs, ...tags.map(envelope)));
}
