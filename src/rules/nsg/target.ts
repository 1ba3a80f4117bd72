/**
 * What an NSG rule needs of one location: the subnet, its NSG and what `VirtualNetwork` covers. Undefined when
 * the subnet or the NSG is not found: the rules then skip silently, since other rules report missing,
 * unreadable or unattached resources.
 */
import type { ApimLocation } from '../../model/instance.js';
import type { NetworkSecurityGroup, Subnet } from '../../model/network.js';
import { found } from '../../model/view.js';
import type { Flow, NetworkContext } from '../../network/flow.js';
import type { RuleSubject } from '../rule.js';
import type { FlowSite, RequiredFlow } from './required-flows.js';

export interface NsgTarget extends FlowSite {
  subnet: Subnet;
  nsg: NetworkSecurityGroup;
  context: NetworkContext;
}

export function nsgTarget({ view, location }: RuleSubject): NsgTarget | undefined {
  if (!location) return undefined;
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
  };
}

/** The concrete flow for this location: APIM's side is the subnet's prefixes (NICs that no ASG can hold). */
export function flowAt(required: RequiredFlow, target: NsgTarget): Flow {
  const apim = { prefixes: target.subnet.addressPrefixes, mayBeInApplicationSecurityGroups: false };
  const remote = { tag: required.remoteTag(target) };
  return required.direction === 'Inbound'
    ? { direction: 'Inbound', protocol: required.protocol, source: remote, destination: apim, port: required.port }
    : { direction: 'Outbound', protocol: required.protocol, source: apim, destination: remote, port: required.port };
}
