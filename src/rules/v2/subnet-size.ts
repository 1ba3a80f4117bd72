/** The subnet sizes both v2 pages state, per IPv4 prefix (apim-v2-rules.md §3). */
import type { Subnet } from '../../model/network.js';
import type { Cidr } from '../../network/cidr.js';
import { ipv4Prefixes, usableAddresses } from '../subnet/ipv4-prefixes.js';

export const V2_MIN_PREFIX_LENGTH = 27;
export const V2_RECOMMENDED_PREFIX_LENGTH = 24;

/** The IPv4 prefixes longer (smaller) than /`length`. */
export function prefixesSmallerThan(subnet: Subnet, length: number): Cidr[] {
  return ipv4Prefixes(subnet).filter((p) => p.prefixLength > length);
}

/** Usable IPv4 addresses over every prefix of the subnet (five reserved per prefix). */
export function usableIpv4(subnet: Subnet): number {
  return ipv4Prefixes(subnet).reduce((sum, p) => sum + usableAddresses(p), 0);
}
