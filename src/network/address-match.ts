/**
 * How much of a flow endpoint the address side of a security rule matches. Each rule item and each tag
 * endpoint has a core (addresses certainly in it) and an envelope (addresses possibly in it); service tags
 * under AzureCloud are not resolved to their ranges, so their core is empty and their envelope is all public
 * space outside the virtual network. Tag against tag goes through the lattice in service-tags.ts.
 */
import { parseCidr } from './cidr.js';
import { strongest, type Coverage } from './coverage.js';
import {
  EMPTY,
  isEmpty,
  isSubset,
  overlaps,
  rangeOf,
  subtract,
  union,
  type AddressSet,
} from './address-set.js';
import type { Endpoint, NetworkContext } from './flow.js';
import { isTagEndpoint } from './flow.js';
import { InvalidNetworkRuleError } from './invalid-rule.js';
import { parseServiceTag, tagCoverage, type ServiceTag } from './service-tags.js';
import { HOST_VIP_RANGES, PRIVATE_RANGES, PUBLIC_RANGES } from './well-known-ranges.js';

/** One entry of a rule's source or destination. `0.0.0.0/0` counts as any: classic APIM flows are IPv4. */
export type AddressItem =
  | { kind: 'any'; text: string }
  | { kind: 'cidr'; text: string; set: AddressSet }
  | { kind: 'tag'; text: string; tag: ServiceTag }
  | { kind: 'asg'; text: string };

const ANY = new Set(['*', 'any', '0.0.0.0/0']);

export function parseAddressItems(
  prefixes: readonly string[],
  applicationSecurityGroups: readonly string[],
  ruleName: string,
  field: string,
): AddressItem[] {
  const items: AddressItem[] = prefixes.map((raw) => {
    const text = raw.trim();
    if (ANY.has(text.toLowerCase())) return { kind: 'any', text };
    const cidr = parseCidr(text);
    if (cidr) return { kind: 'cidr', text, set: [rangeOf(cidr)] };
    const tag = parseServiceTag(text);
    if (tag) return { kind: 'tag', text, tag };
    throw new InvalidNetworkRuleError(ruleName, field, raw, 'is neither *, a CIDR prefix, an IP address nor a service tag');
  });
  for (const id of applicationSecurityGroups) items.push({ kind: 'asg', text: `ASG ${id.split('/').filter(Boolean).pop() ?? id}` });
  if (items.length === 0) throw new InvalidNetworkRuleError(ruleName, field, '', 'has no address prefix and no application security group');
  return items;
}

/** The address facts the evaluator works with, derived once per evaluation from the context. */
export interface AddressSpace {
  virtualNetwork: AddressSet;
}

export function addressSpaceOf(context: NetworkContext): AddressSpace {
  const ranges = context.virtualNetworkPrefixes.map((p) => {
    const cidr = parseCidr(p);
    if (!cidr) throw new Error(`virtual network prefix "${p}" is not a CIDR prefix`);
    return rangeOf(cidr);
  });
  return { virtualNetwork: union(ranges) };
}

function internetRanges(space: AddressSpace): AddressSet {
  return subtract(PUBLIC_RANGES, union(space.virtualNetwork, HOST_VIP_RANGES));
}

/** Addresses certainly inside the tag. */
function tagCore(tag: ServiceTag, space: AddressSpace): AddressSet {
  switch (tag.kind) {
    case 'Internet':
      return internetRanges(space);
    case 'VirtualNetwork':
      return union(space.virtualNetwork, HOST_VIP_RANGES);
    case 'AzureLoadBalancer':
      return HOST_VIP_RANGES;
    default:
      return EMPTY;
  }
}

/** Addresses possibly inside the tag. */
function tagEnvelope(tag: ServiceTag, space: AddressSpace): AddressSet {
  switch (tag.kind) {
    case 'VirtualNetwork':
      return union(space.virtualNetwork, HOST_VIP_RANGES, PRIVATE_RANGES);
    case 'AzureLoadBalancer':
      return HOST_VIP_RANGES;
    default:
      return internetRanges(space);
  }
}

/** NICs in ASGs sit in a VNet, this one or a peered one. */
function asgEnvelope(space: AddressSpace): AddressSet {
  return union(space.virtualNetwork, PRIVATE_RANGES);
}

function setCoverage(endpoint: AddressSet, core: AddressSet, envelope: AddressSet): Coverage {
  if (!isEmpty(endpoint) && isSubset(endpoint, core)) return 'full';
  return overlaps(endpoint, envelope) ? 'partial' : 'none';
}

/** How much of `endpoint` the union of `items` matches. */
export function addressCoverage(items: readonly AddressItem[], endpoint: Endpoint, space: AddressSpace): Coverage {
  if (items.some((i) => i.kind === 'any')) return 'full';
  const cidrs = union(...items.flatMap((i) => (i.kind === 'cidr' ? [i.set] : [])));
  const hasAsg = items.some((i) => i.kind === 'asg');

  if (isTagEndpoint(endpoint)) {
    const tag = parseServiceTag(endpoint.tag);
    if (!tag) throw new Error(`flow endpoint "${endpoint.tag}" is not a service tag`);
    const envelope = tagEnvelope(tag, space);
    const byTags = items.flatMap((i) => (i.kind === 'tag' ? [tagCoverage(i.tag, tag)] : []));
    // With the tag's ranges known, CIDRs are judged on them exactly; without, only by containment.
    const byCidrs = endpoint.ranges ? setCoverage(rangesOf(endpoint.ranges.prefixes), cidrs, cidrs) : setCoverage(envelope, cidrs, cidrs);
    const byAsgs: Coverage = hasAsg && overlaps(envelope, asgEnvelope(space)) ? 'partial' : 'none';
    return strongest(...byTags, byCidrs, byAsgs);
  }

  const target = endpointSet(endpoint.prefixes);
  const asgs = hasAsg && endpoint.mayBeInApplicationSecurityGroups !== false ? asgEnvelope(space) : EMPTY;
  const tags = items.flatMap((i) => (i.kind === 'tag' ? [i.tag] : []));
  const core = union(cidrs, ...tags.map((t) => tagCore(t, space)));
  const envelope = union(cidrs, asgs, ...tags.map((t) => tagEnvelope(t, space)));
  return setCoverage(target, core, envelope);
}

const rangeSets = new WeakMap<readonly string[], AddressSet>();

/** The tag's ranges as a set, parsed once per list (the same data serves every flow). */
function rangesOf(prefixes: readonly string[]): AddressSet {
  let set = rangeSets.get(prefixes);
  if (set === undefined) rangeSets.set(prefixes, (set = prefixes.length > 0 ? endpointSet(prefixes) : EMPTY));
  return set;
}

function endpointSet(prefixes: readonly string[]): AddressSet {
  if (prefixes.length === 0) throw new Error('flow endpoint has no prefixes');
  return union(
    prefixes.map((p) => {
      const cidr = parseCidr(p);
      if (!cidr) throw new Error(`flow endpoint prefix "${p}" is not a CIDR prefix`);
      return rangeOf(cidr);
    }),
  );
}
