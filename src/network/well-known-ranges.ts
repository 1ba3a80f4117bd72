/** Address ranges with a fixed meaning, shared by the NSG and route evaluators. */
import { fromPrefixes, subtract, union } from './address-set.js';

/** The host VIP behind AzureLoadBalancer (health probes) and Azure DNS. */
export const HOST_VIP = '168.63.129.16';
export const HOST_VIP_RANGES = fromPrefixes([HOST_VIP]);

/** Ranges a VNet, a peered VNet or an on-premises network usually uses (RFC 1918, shared space, IPv6 ULA). */
export const PRIVATE_RANGES = fromPrefixes(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7']);

/** Public space: IPv4 minus private, `this network`, loopback, link-local and multicast/reserved; IPv6 global unicast. */
export const PUBLIC_RANGES = union(
  subtract(
    fromPrefixes(['0.0.0.0/0']),
    union(PRIVATE_RANGES, fromPrefixes(['0.0.0.0/8', '127.0.0.0/8', '169.254.0.0/16', '224.0.0.0/3'])),
  ),
  fromPrefixes(['2000::/3']),
);
