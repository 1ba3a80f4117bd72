/**
 * CIDR arithmetic on top of ipaddr.js (parsing and family handling). The only place that does it.
 */
import ipaddr from 'ipaddr.js';
import { RecentMemo } from './memo.js';

/**
 * An address as an integer: IPv4 as a number (0 to 2^32 − 1, exact in a double; no allocation and fast
 * comparisons for nearly every prefix of an estate), IPv6 as a bigint. Only addresses of one family are
 * ever compared or combined.
 */
export type Address = number | bigint;

/** Shared between callers (parsing is memoized), hence read-only. */
export interface Cidr {
  /** As written, e.g. `10.0.1.0/24` or `10.0.1.4` (a single address is /32 or /128). */
  readonly text: string;
  readonly family: 'ipv4' | 'ipv6';
  /** First and last address as integers: numbers for IPv4, bigints for IPv6. */
  readonly first: Address;
  readonly last: Address;
  readonly prefixLength: number;
}

// Only these characters can form an IPv4/IPv6 address or prefix; anything else (a service tag, `*`) is
// rejected before ipaddr.js, whose failed IPv6 attempt throws and dominated evaluation time.
const ADDRESS_CHARACTERS = /^[0-9A-Fa-f.:/]*[0-9][0-9A-Fa-f.:/]*$/;

// NSG rules and routes repeat the same few prefixes across thousands of flows: the recent ones are kept
// (most prefixes of a large estate are each written once, which a bounded map only churned through).
const parsed = new RecentMemo<Cidr | null>(14);

export function parseCidr(text: string): Cidr | undefined {
  const value = text.trim();
  const known = parsed.get(value);
  if (known !== undefined) return known ?? undefined;
  const cidr = parseIpv4(value) ?? (ADDRESS_CHARACTERS.test(value) ? parseUncached(value) : undefined);
  parsed.set(value, cidr ?? null);
  return cidr;
}

// Dotted-quad IPv4 in its canonical spelling (decimal octets, no leading zeros), optionally with a prefix
// length: nearly every prefix of an estate. ipaddr.js tries IPv6 first and throws on each of them; other
// spellings (octal or hex octets, `/08`, IPv6) still go through ipaddr.js, which gives them its meaning.
const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4 = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}(?:/(3[0-2]|[12]?[0-9]))?$`);

function parseIpv4(value: string): Cidr | undefined {
  const m = IPV4.exec(value);
  if (m === null) return undefined;
  const n = ((Number(m[1]) << 24) >>> 0) + (Number(m[2]) << 16) + (Number(m[3]) << 8) + Number(m[4]);
  const prefixLength = m[5] === undefined ? 32 : Number(m[5]);
  const size = 2 ** (32 - prefixLength);
  const first = Math.floor(n / size) * size;
  return Object.freeze({ text: value, family: 'ipv4', first, last: first + size - 1, prefixLength });
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
    const last = first + size - 1n;
    return Object.freeze(family === 'ipv4' ? { text: value, family, first: Number(first), last: Number(last), prefixLength } : { text: value, family, first, last, prefixLength });
  } catch {
    return undefined;
  }
}

export function isCidr(text: string): boolean {
  return parseCidr(text) !== undefined;
}

/** Number of addresses in the prefix (2^(bits - length)). */
export function addressCount(cidr: Cidr): bigint {
  return BigInt(cidr.last) - BigInt(cidr.first) + 1n;
}

export function containsCidr(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

export function overlapsCidr(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}
