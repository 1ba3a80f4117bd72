/**
 * CIDR arithmetic on top of ipaddr.js (parsing and family handling). The only place that does it.
 */
import ipaddr from 'ipaddr.js';

/** Shared between callers (parsing is memoized), hence read-only. */
export interface Cidr {
  /** As written, e.g. `10.0.1.0/24` or `10.0.1.4` (a single address is /32 or /128). */
  readonly text: string;
  readonly family: 'ipv4' | 'ipv6';
  /** First and last address as integers. */
  readonly first: bigint;
  readonly last: bigint;
  readonly prefixLength: number;
}

// Only these characters can form an IPv4/IPv6 address or prefix; anything else (a service tag, `*`) is
// rejected before ipaddr.js, whose failed IPv6 attempt throws and dominated evaluation time.
const ADDRESS_CHARACTERS = /^[0-9A-Fa-f.:/]*[0-9][0-9A-Fa-f.:/]*$/;

// NSG rules and routes repeat the same few prefixes across thousands of flows: parse each text once.
const parsed = new Map<string, Cidr | null>();
const PARSED_LIMIT = 50_000;

export function parseCidr(text: string): Cidr | undefined {
  const value = text.trim();
  const known = parsed.get(value);
  if (known !== undefined) return known ?? undefined;
  const cidr = ADDRESS_CHARACTERS.test(value) ? parseUncached(value) : undefined;
  if (parsed.size >= PARSED_LIMIT) parsed.clear();
  parsed.set(value, cidr ?? null);
  return cidr;
}

function parseUncached(value: string): Cidr | undefined {
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
    return Object.freeze({ text: value, family, first, last: first + size - 1n, prefixLength });
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
