/**
 * Sets of IP addresses as sorted, disjoint ranges per family, built on cidr.ts. Lets the evaluator ask
 * "is every address of A in B" for unions of prefixes (two /25 rules cover a /24 subnet).
 */
import { parseCidr, type Address, type Cidr } from './cidr.js';

export type Family = Cidr['family'];

export interface AddressRange {
  family: Family;
  /** Numbers for IPv4, bigints for IPv6 (cidr.ts). */
  first: Address;
  last: Address;
}

/** The address after / before `a`, in its own representation. */
const after = (a: Address): Address => (typeof a === 'number' ? a + 1 : a + 1n);
const before = (a: Address): Address => (typeof a === 'number' ? a - 1 : a - 1n);

/** Sorted by family then first address; ranges never overlap or touch. */
export type AddressSet = readonly AddressRange[];

export const EMPTY: AddressSet = [];

export function rangeOf(cidr: Cidr): AddressRange {
  return { family: cidr.family, first: cidr.first, last: cidr.last };
}

export function addressSet(ranges: Iterable<AddressRange>): AddressSet {
  const sorted = [...ranges].sort((a, b) =>
    a.family !== b.family ? (a.family < b.family ? -1 : 1) : a.first < b.first ? -1 : a.first > b.first ? 1 : 0,
  );
  const out: AddressRange[] = [];
  for (const r of sorted) {
    const prev = out[out.length - 1];
    if (prev && prev.family === r.family && r.first <= after(prev.last)) {
      if (r.last > prev.last) out[out.length - 1] = { ...prev, last: r.last };
    } else {
      out.push({ ...r });
    }
  }
  return out;
}

/** Parses prefixes that are known to be valid (constants, checked input); throws on the first that is not. */
export function fromPrefixes(prefixes: readonly string[]): AddressSet {
  return addressSet(
    prefixes.map((p) => {
      const cidr = parseCidr(p);
      if (!cidr) throw new Error(`"${p}" is not an IP address or CIDR prefix`);
      return rangeOf(cidr);
    }),
  );
}

export function union(...sets: AddressSet[]): AddressSet {
  return addressSet(sets.flat());
}

export function subtract(a: AddressSet, b: AddressSet): AddressSet {
  const out: AddressRange[] = [];
  for (const r of a) {
    let pieces: AddressRange[] = [r];
    for (const cut of b) {
      if (cut.family !== r.family) continue;
      pieces = pieces.flatMap((p) => {
        if (cut.last < p.first || cut.first > p.last) return [p];
        const rest: AddressRange[] = [];
        if (cut.first > p.first) rest.push({ ...p, last: before(cut.first) });
        if (cut.last < p.last) rest.push({ ...p, first: after(cut.last) });
        return rest;
      });
    }
    out.push(...pieces);
  }
  return addressSet(out);
}

export function intersect(a: AddressSet, b: AddressSet): AddressSet {
  const out: AddressRange[] = [];
  for (const x of a) {
    for (const y of b) {
      if (x.family !== y.family) continue;
      const first = x.first > y.first ? x.first : y.first;
      const last = x.last < y.last ? x.last : y.last;
      if (first <= last) out.push({ family: x.family, first, last });
    }
  }
  return addressSet(out);
}

export function isEmpty(set: AddressSet): boolean {
  return set.length === 0;
}

export function isSubset(inner: AddressSet, outer: AddressSet): boolean {
  return isEmpty(subtract(inner, outer));
}

export function overlaps(a: AddressSet, b: AddressSet): boolean {
  return !isEmpty(intersect(a, b));
}
