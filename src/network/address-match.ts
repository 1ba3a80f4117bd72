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
import { RecentMemo, TextMemo } from './memo.js';

/** One entry of a rule's source or destination. `0.0.0.0/0` counts as any: classic APIM flows are IPv4. */
export type AddressItem =
  | { kind: 'any'; text: string }
  | { kind: 'cidr'; text: string; set: AddressSet }
  | { kind: 'tag'; text: string; tag: ServiceTag }
  | { kind: 'asg'; text: string };

const ANY = new Set(['*', 'any', '0.0.0.0/0']);

// Rules repeat the same sides (VirtualNetwork, Internet, a hub's prefixes): one frozen item list per
// spelling, which also lets every rule with that side share its sets (sideOf below). A side that fails is
// not kept and throws again, naming its rule, on every use.
const parsedItems = new TextMemo<readonly AddressItem[]>(65_536);
/** One prefix or tag without application security groups, by its text (no key to build). */
const singleItems = new RecentMemo<readonly AddressItem[]>(14);
/** By the list itself, for frozen lists (which cannot change): no key text to build. */
const itemsByList = new WeakMap<readonly string[], readonly AddressItem[]>();

export function parseAddressItems(
  prefixes: readonly string[],
  applicationSecurityGroups: readonly string[],
  ruleName: string,
  field: string,
): readonly AddressItem[] {
  // Normalization shares one list per single value (`VirtualNetwork`, `*`): such a list is looked up as such.
  const plain = applicationSecurityGroups.length === 0;
  const same = plain ? itemsByList.get(prefixes) : undefined;
  if (same !== undefined) return same;
  // Most sides are one prefix or tag: looked up by that text itself, without building a key.
  const only = plain && prefixes.length === 1 ? prefixes[0]! : undefined;
  const recent = only !== undefined ? singleItems.get(only) : undefined;
  if (recent !== undefined) return recent;
  if (only !== undefined) {
    // One prefix the recent memo does not hold is nearly always one of a kind (a peer's /24): parsed as it
    // is, without a key text and two misses in the large memo, which such sides only filled.
    const items = parseItems(prefixes, applicationSecurityGroups, ruleName, field);
    if (Object.isFrozen(prefixes)) itemsByList.set(prefixes, items);
    singleItems.set(only, items);
    return items;
  }
  // Neither a prefix, a tag nor an ASG id holds a newline or a tab.
  const key = `${prefixes.join('\n')}\t${applicationSecurityGroups.join('\n')}`;
  const known = parsedItems.get(key);
  if (known !== undefined) {
    if (plain && Object.isFrozen(prefixes)) itemsByList.set(prefixes, known);
    return known;
  }
  const frozen = parseItems(prefixes, applicationSecurityGroups, ruleName, field);
  parsedItems.set(key, frozen);
  if (plain && Object.isFrozen(prefixes)) itemsByList.set(prefixes, frozen);
  return frozen;
}

function parseItems(prefixes: readonly string[], applicationSecurityGroups: readonly string[], ruleName: string, field: string): readonly AddressItem[] {
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
  return Object.freeze(items.map((i) => Object.freeze(i)));
}

/**
 * The address facts the evaluator works with, derived once per VNet extent (the union of the context's
 * prefixes) and shared by every rule and flow asked in it.
 */
export interface AddressSpace {
  virtualNetwork: AddressSet;
}

/** What every rule side needs about one VNet extent; computed once per extent. */
interface SpaceFacts {
  /** The extent as canonical ranges: equal keys, equal answers. */
  key: string;
  internet: AddressSet;
  /** VirtualNetwork's core: the extent and the host VIP. */
  virtualNetworkCore: AddressSet;
  virtualNetworkEnvelope: AddressSet;
  asgEnvelope: AddressSet;
  /** isInsideSpace by the prefixes' spelling: the subnets of the VNet and the remote prefixes the rules ask. */
  inside: Map<string, boolean>;
}

const spaces = new TextMemo<AddressSpace>(4_096);
const facts = new WeakMap<AddressSpace, SpaceFacts>();

// A rule asks several flows with one context object: the object first, then the prefixes' spelling.
const byContext = new WeakMap<NetworkContext, AddressSpace>();

export function addressSpaceOf(context: NetworkContext): AddressSpace {
  let space = byContext.get(context);
  if (space === undefined) {
    space = spaceOfPrefixes(context);
    byContext.set(context, space);
  }
  return space;
}

function spaceOfPrefixes(context: NetworkContext): AddressSpace {
  const text = context.virtualNetworkPrefixes.join(',');
  const known = spaces.get(text);
  if (known !== undefined) return known;
  const ranges = context.virtualNetworkPrefixes.map((p) => {
    const cidr = parseCidr(p);
    if (!cidr) throw new Error(`virtual network prefix "${p}" is not a CIDR prefix`);
    return rangeOf(cidr);
  });
  const space: AddressSpace = Object.freeze({ virtualNetwork: union(ranges) });
  spaces.set(text, space);
  return space;
}

function factsOf(space: AddressSpace): SpaceFacts {
  let f = facts.get(space);
  if (f === undefined) {
    const vnet = space.virtualNetwork;
    f = {
      key: setKey(vnet),
      internet: subtract(PUBLIC_RANGES, union(vnet, HOST_VIP_RANGES)),
      virtualNetworkCore: union(vnet, HOST_VIP_RANGES),
      virtualNetworkEnvelope: union(vnet, HOST_VIP_RANGES, PRIVATE_RANGES),
      asgEnvelope: union(vnet, PRIVATE_RANGES),
      inside: new Map(),
    };
    facts.set(space, f);
  }
  return f;
}

function setKey(set: AddressSet): string {
  return set.map((r) => `${r.family === 'ipv4' ? 4 : 6}:${r.first}-${r.last}`).join(',');
}

/** A key equal for two spaces exactly when their VNet extents are equal. */
export function addressSpaceKey(space: AddressSpace): string {
  return factsOf(space).key;
}

/** Addresses certainly inside the tag. */
function tagCore(tag: ServiceTag, f: SpaceFacts): AddressSet {
  switch (tag.kind) {
    case 'Internet':
      return f.internet;
    case 'VirtualNetwork':
      return f.virtualNetworkCore;
    case 'AzureLoadBalancer':
      return HOST_VIP_RANGES;
    default:
      return EMPTY;
  }
}

/** Addresses possibly inside the tag. */
function tagEnvelope(tag: ServiceTag, f: SpaceFacts): AddressSet {
  switch (tag.kind) {
    case 'VirtualNetwork':
      return f.virtualNetworkEnvelope;
    case 'AzureLoadBalancer':
      return HOST_VIP_RANGES;
    default:
      return f.internet;
  }
}

function setCoverage(endpoint: AddressSet, core: AddressSet, envelope: AddressSet): Coverage {
  if (!isEmpty(endpoint) && isSubset(endpoint, core)) return 'full';
  return overlaps(endpoint, envelope) ? 'partial' : 'none';
}

/** A rule side (its items) summarised once: the items are parsed once per rule and shared by every flow. */
interface Side {
  any: boolean;
  cidrs: AddressSet;
  hasAsg: boolean;
  tags: ServiceTag[];
  /** The first space asked inline, a map from the second on (most sides are asked in one extent). */
  space: AddressSpace | undefined;
  inFirstSpace: SideInSpace | undefined;
  inSpace: Map<AddressSpace, SideInSpace> | undefined;
}

/** A side's sets in one VNet extent. NICs in ASGs sit in a VNet, this one or a peered one. */
interface SideInSpace {
  core: AddressSet;
  envelope: AddressSet;
  /** The envelope when the endpoint's NICs may be in application security groups. */
  envelopeWithAsgs: AddressSet;
  /** Coverage of tag endpoints, by the endpoint's tag text; made when first asked. */
  byTag: Map<string, Coverage> | undefined;
  /** Whether every non-empty subset of the extent gets the same answer, per ASG possibility. */
  blindInside: [boolean | undefined, boolean | undefined];
}

const sides = new WeakMap<readonly AddressItem[], Side>();

function sideOf(items: readonly AddressItem[]): Side {
  let side = sides.get(items);
  if (side === undefined) {
    side = {
      any: items.some((i) => i.kind === 'any'),
      cidrs: union(...items.flatMap((i) => (i.kind === 'cidr' ? [i.set] : []))),
      hasAsg: items.some((i) => i.kind === 'asg'),
      tags: items.flatMap((i) => (i.kind === 'tag' ? [i.tag] : [])),
      space: undefined,
      inFirstSpace: undefined,
      inSpace: undefined,
    };
    sides.set(items, side);
  }
  return side;
}

function sideInSpace(side: Side, space: AddressSpace): SideInSpace {
  let s = side.space === space ? side.inFirstSpace : side.inSpace?.get(space);
  if (s === undefined) {
    const f = factsOf(space);
    const envelope = union(side.cidrs, ...side.tags.map((t) => tagEnvelope(t, f)));
    s = {
      core: union(side.cidrs, ...side.tags.map((t) => tagCore(t, f))),
      envelope,
      envelopeWithAsgs: side.hasAsg ? union(envelope, f.asgEnvelope) : envelope,
      byTag: undefined,
      blindInside: [undefined, undefined],
    };
    if (side.space === undefined) {
      side.space = space;
      side.inFirstSpace = s;
    } else {
      (side.inSpace ??= new Map()).set(space, s);
    }
  }
  return s;
}

/** How much of `endpoint` the union of `items` matches. */
export function addressCoverage(items: readonly AddressItem[], endpoint: Endpoint, space: AddressSpace): Coverage {
  const side = sideOf(items);
  if (side.any) return 'full';
  const s = sideInSpace(side, space);

  if (isTagEndpoint(endpoint)) {
    // The tag's ranges, when given, decide too: they are part of the key.
    const key = endpoint.ranges ? `${endpoint.tag}|${endpoint.ranges.name}|${endpoint.ranges.changeNumber}` : endpoint.tag;
    const known = s.byTag?.get(key);
    if (known !== undefined) return known;
    const tag = parseServiceTag(endpoint.tag);
    if (!tag) throw new Error(`flow endpoint "${endpoint.tag}" is not a service tag`);
    const f = factsOf(space);
    const envelope = tagEnvelope(tag, f);
    const byTags = side.tags.map((t) => tagCoverage(t, tag));
    // With the tag's ranges known (service-tag data), CIDRs are judged on them exactly; without, by containment.
    const byCidrs = endpoint.ranges ? setCoverage(rangesOf(endpoint.ranges.prefixes), side.cidrs, side.cidrs) : setCoverage(envelope, side.cidrs, side.cidrs);
    const byAsgs: Coverage = side.hasAsg && overlaps(envelope, f.asgEnvelope) ? 'partial' : 'none';
    const coverage = strongest(...byTags, byCidrs, byAsgs);
    (s.byTag ??= new Map()).set(key, coverage);
    return coverage;
  }

  const target = endpointSet(endpoint.prefixes);
  return setCoverage(target, s.core, endpoint.mayBeInApplicationSecurityGroups !== false ? s.envelopeWithAsgs : s.envelope);
}

/**
 * True when the side gives the same coverage to every endpoint made of prefixes that lie inside the VNet
 * extent, whichever they are: its core and envelope each hold all of the extent or none of it. Then
 * `setCoverage(T, core, envelope)` is, for every non-empty T inside the extent, `full` when the core holds
 * the extent, else `partial` when the envelope does, else `none`. A side with a CIDR that cuts the extent
 * (a rule for 10.0.1.0/25 in 10.0.0.0/16), or an extent holding the host VIP next to AzureLoadBalancer, is
 * not blind: its subnets must be asked one by one.
 */
export function isBlindInside(items: readonly AddressItem[], space: AddressSpace, mayBeInApplicationSecurityGroups: boolean): boolean {
  const side = sideOf(items);
  if (side.any) return true;
  const s = sideInSpace(side, space);
  const slot = mayBeInApplicationSecurityGroups ? 1 : 0;
  let blind = s.blindInside[slot];
  if (blind === undefined) {
    const vnet = space.virtualNetwork;
    const allOrNone = (set: AddressSet) => !overlaps(set, vnet) || isSubset(vnet, set);
    blind = allOrNone(s.core) && allOrNone(mayBeInApplicationSecurityGroups ? s.envelopeWithAsgs : s.envelope);
    s.blindInside[slot] = blind;
  }
  return blind;
}

/** True when the prefixes name at least one address and all of them lie inside the VNet extent. */
export function isInsideSpace(prefixes: readonly string[], space: AddressSpace): boolean {
  const f = factsOf(space);
  const text = prefixes.join(',');
  let inside = f.inside.get(text);
  if (inside === undefined) {
    const target = endpointSet(prefixes);
    inside = !isEmpty(target) && isSubset(target, space.virtualNetwork);
    f.inside.set(text, inside);
  }
  return inside;
}

const endpointSets = new TextMemo<AddressSet>(16_384);

const rangeSets = new WeakMap<readonly string[], AddressSet>();

/** The tag's ranges as a set, parsed once per list (the same data serves every flow). */
function rangesOf(prefixes: readonly string[]): AddressSet {
  let set = rangeSets.get(prefixes);
  if (set === undefined) rangeSets.set(prefixes, (set = prefixes.length > 0 ? endpointSet(prefixes) : EMPTY));
  return set;
}

function endpointSet(prefixes: readonly string[]): AddressSet {
  if (prefixes.length === 0) throw new Error('flow endpoint has no prefixes');
  const text = prefixes.join(',');
  const known = endpointSets.get(text);
  if (known !== undefined) return known;
  const set = union(
    prefixes.map((p) => {
      const cidr = parseCidr(p);
      if (!cidr) throw new Error(`flow endpoint prefix "${p}" is not a CIDR prefix`);
      return rangeOf(cidr);
    }),
  );
  endpointSets.set(text, set);
  return set;
}
