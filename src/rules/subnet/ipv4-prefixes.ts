/** The IPv4 prefixes of a subnet (a dual-stack subnet also has IPv6 ones, which APIM does not use). */
import type { Subnet } from '../../model/network.js';
import { parseCidr, type Cidr } from '../../network/cidr.js';

/** Azure reserves five addresses in every subnet prefix (first, last, three for its services). */
export const RESERVED_PER_PREFIX = 5;

export function ipv4Prefixes(subnet: Subnet): Cidr[] {
  return subnet.addressPrefixes.map(parseCidr).filter((c): c is Cidr => c?.family === 'ipv4');
}

export function usableAddresses(prefix: Cidr): number {
  return Math.max(0, 2 ** (32 - prefix.prefixLength) - RESERVED_PER_PREFIX);
}
