/**
 * A flow is the question asked of the NSG evaluator: may this traffic pass, in this direction?
 * Inbound flows are asked after DNAT and outbound flows before SNAT, so APIM's side of a flow is always
 * its subnet's private prefixes, never a public IP.
 */
import type { Direction } from '../model/network.js';
import type { FlowProtocol } from './ports.js';

/** A service tag (`Internet`, `Storage.WestEurope`, `VirtualNetwork`, …) or a set of CIDR prefixes / IPs. */
export type Endpoint = TagEndpoint | PrefixEndpoint;

export interface TagEndpoint {
  tag: string;
  /**
   * The tag's real IPv4 ranges, when service-tag data was given (service-tag-ranges.ts): a rule's CIDRs are
   * then compared with them exactly. Absent: tags are compared by containment only.
   */
  ranges?: { name: string; prefixes: readonly string[]; changeNumber: string };
}

export interface PrefixEndpoint {
  prefixes: readonly string[];
  /**
   * Whether the addresses may belong to NICs in application security groups. False for APIM's own
   * Microsoft-managed NICs, which cannot join an ASG; unknown (true) otherwise.
   */
  mayBeInApplicationSecurityGroups?: boolean;
}

export interface Flow {
  direction: Direction;
  protocol: FlowProtocol;
  source: Endpoint;
  destination: Endpoint;
  /** Destination port; the source port is any ephemeral port. */
  port: number;
}

/**
 * What the evaluator needs to know about the network around the flow.
 * `virtualNetworkPrefixes` is what the `VirtualNetwork` tag is known to cover: the VNet address space (callers
 * add the subnet's own prefixes so that an unreadable VNet still leaves the subnet inside). UDR prefixes are
 * deliberately NOT folded in, although the service-tag page says VirtualNetwork "may" include them: a
 * `0.0.0.0/0` UDR (forced tunnelling, common next to APIM) would otherwise turn every address, Internet
 * included, into VirtualNetwork and make `AllowVnetOutBound` allow everything. Peered and on-premises
 * ranges are unknown, so private addresses outside the address space match VirtualNetwork only partly.
 */
export interface NetworkContext {
  virtualNetworkPrefixes: readonly string[];
}

export function isTagEndpoint(endpoint: Endpoint): endpoint is TagEndpoint {
  return 'tag' in endpoint;
}

export function endpointText(endpoint: Endpoint): string {
  return isTagEndpoint(endpoint) ? endpoint.tag : endpoint.prefixes.join(', ');
}

/** e.g. `Inbound TCP Internet → 10.0.1.0/24 port 443`. */
export function flowText(flow: Flow): string {
  return `${flow.direction} ${flow.protocol.toUpperCase()} ${endpointText(flow.source)} → ${endpointText(flow.destination)} port ${flow.port}`;
}
