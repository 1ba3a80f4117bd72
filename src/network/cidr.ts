/**
 * CIDR arithmetic on top of ipaddr.js (parsing and family handling). The only place that does it.
 */
import ipaddr from 'ipaddr.js';

export interface Cidr {
  /** As written, e.g. `10.0.1.0/24` or `10.0.1.4` (a single address is /32 or /128). */
  text: string;
  family: 'ipv4' | 'ipv6';
  /** First and last address as integers. */
  first: bigint;
  last: bigint;
  prefixLength: number;
}

export function parseCidr(text: string): Cidr | undefined {
  const value = text.trim();
  try {
    const [addr, len] = value.includes('/') ? ipaddr.parseCIDR(value) : [ipaddr.parse(value), undefined];
    const family = addr.kind() === 'ipv4' ? 'ipv4' : 'ipv6';
    const bits = family === 'ipv4' ? 32 : 128;
    const prefixLength = len ?? bits;
    const bytes = addr.toByteArray();
    let n = 0n;
    for (const b of bytes) n = (n << 8n) | BigInt(b);
    const size = 1n << BigInt(bits - prefixLength);
    const first = (n / size) * size;
    return { text: value, family, first, last: first + size - 1n, prefixLength };
  } catch {
    return undefined;
  }
}

export function isCidr(text: string): boolean {
  return parseCidr(text) !== undefined;
}

/** Number of addresses in the prefix (2^(bits - length)). */
export function addressCount(cidr: Cidr): bigint {
  return cidr.last - cidr.first + 1n;
}

export function containsCidr(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

export function overlapsCidr(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}
