/**
 * What an NSG rule needs of one location: the subnet, its NSG and what `VirtualNetwork` covers. Undefined when
 * the subnet or the NSG is not found: the rules then skip silently, since other rules report missing,
 * unreadable or unattached resources.
 */
import type { ApimLocation } from '../../model/instance.js';
import type { NetworkSecurityGroup, SecurityAdminRule, Subnet } from '../../model/network.js';
import { found } from '../../model/view.js';
import type { Endpoint, Flow, NetworkContext } from '../../network/flow.js';
import { rangesOfTag, REGIONAL_FLOW_TAGS, type ServiceTagRanges } from '../../network/service-tag-ranges.js';
import type { RuleSubject } from '../rule.js';
import type { FlowSite, RequiredFlow } from './required-flows.js';

export interface NsgTarget extends FlowSite {
  subnet: Subnet;
  nsg: NetworkSecurityGroup;
  context: NetworkContext;
  /** The effective security admin rules of the VNet, asked before the NSG (empty: none known). */
  adminRules: readonly SecurityAdminRule[];
  /** Service-tag ranges, when given: tag endpoints then carry their real ranges. */
  serviceTags?: ServiceTagRanges;
}

export function nsgTarget(subject: RuleSubject): NsgTarget | undefined {
  const { view, location, addressData } = subject;
  if (!location) return undefined;
  // Every flow rule of a location asks for its target: built once per location view, so that its context
  // object (and the address space derived from it) is shared by all of them. The entry is checked against
  // the lookups it was built from, in case a caller reuses a location view with other resources.
  const known = targets.get(location);
  const serviceTags = addressData?.serviceTags;
  if (
    known !== undefined &&
    known.view === view &&
    known.serviceTags === serviceTags &&
    known.subnet === location.subnet &&
    known.nsg === location.networkSecurityGroup &&
    known.vnet === location.virtualNetwork &&
    known.adminRules === location.adminRules
  ) {
    return known.target;
  }
  const target = buildTarget(subject, location);
  targets.set(location, {
    view,
    serviceTags,
    subnet: location.subnet,
    nsg: location.networkSecurityGroup,
    vnet: location.virtualNetwork,
    adminRules: location.adminRules,
    target,
  });
  return target;
}

interface KnownTarget {
  view: RuleSubject['view'];
  serviceTags: ServiceTagRanges | undefined;
  subnet: unknown;
  nsg: unknown;
  vnet: unknown;
  adminRules: unknown;
  target: NsgTarget | undefined;
}

const targets = new WeakMap<NonNullable<RuleSubject['location']>, KnownTarget>();

function buildTarget({ view, addressData }: RuleSubject, location: NonNullable<RuleSubject['location']>): NsgTarget | undefined {
  const subnet = found(location.subnet);
  const nsg = found(location.networkSecurityGroup);
  if (!subnet || !nsg || subnet.addressPrefixes.length === 0) return undefined;
  const vnet = found(location.virtualNetwork);
  const primary: ApimLocation = view.instance.locations.find((l) => l.isPrimary) ?? location.location;
  return {
    subnet,
    nsg,
    location: location.location,
    primary,
    // The subnet lies inside its VNet, so its prefixes stay VirtualNetwork even when the VNet is unreadable.
    context: { virtualNetworkPrefixes: [...(vnet?.addressSpace ?? []), ...subnet.addressPrefixes] },
    adminRules: found(location.adminRules)?.rules ?? [],
    ...(addressData?.serviceTags ? { serviceTags: addressData.serviceTags } : {}),
  };
}

/** The far side of a required flow at this location: its tag, the subnet itself, or the given prefixes. */
export function remoteEndpoint(required: RequiredFlow, target: NsgTarget): Endpoint {
  const { remoteAddresses } = required;
  if (remoteAddresses === 'subnet') return apimEndpoint(target);
  if (remoteAddresses) return { prefixes: remoteAddresses };
  const tag = required.remoteTag(target);
  const data = target.serviceTags;
  if (!data) return { tag };
  const regional = REGIONAL_FLOW_TAGS.has(tag.toLowerCase());
  const ranges = rangesOfTag(data, tag, regional ? target.location.region : undefined);
  return ranges ? { tag, ranges: { name: ranges.name, prefixes: ranges.prefixes, changeNumber: data.changeNumber } } : { tag };
}

/** APIM's side: the subnet's prefixes (NICs that no ASG can hold). */
function apimEndpoint(target: NsgTarget): Endpoint {
  return { prefixes: target.subnet.addressPrefixes, mayBeInApplicationSecurityGroups: false };
}

/** The concrete flow for this location. */
export function flowAt(required: RequiredFlow, target: NsgTarget): Flow {
  const apim = apimEndpoint(target);
  const remote = remoteEndpoint(required, target);
  return required.direction === 'Inbound'
    ? { direction: 'Inbound', protocol: required.protocol, source: remote, destination: apim, port: required.port }
    : { direction: 'Outbound', protocol: required.protocol, source: apim, destination: remote, port: required.port };
}

/**
 * The same target with more addresses counted in VirtualNetwork: addresses the location is known to reach
 * through its VNet (a private custom DNS server in a peered hub or on premises) although they lie outside its
 * address space, which is all the view knows of the tag.
 */
export function withVirtualNetworkPrefixes(target: NsgTarget, prefixes: readonly string[]): NsgTarget {
  return { ...target, context: { virtualNetworkPrefixes: [...target.context.virtualNetworkPrefixes, ...prefixes] } };
}
