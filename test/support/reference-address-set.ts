/**
 * The address-set operations as they were with every address a bigint (before IPv4 became 32-bit
 * numbers), kept as the reference the property tests compare src/network/address-set.ts with.
 */
import type { AddressSet } from '../../src/network/address-set.js';

export interface BigRange {
  family: 'ipv4' | 'ipv6';
  first: bigint;
  last: bigint;
}

export type BigSet = readonly BigRange[];

/** A set of the project as the reference writes it. */
export function toBig(set: AddressSet): BigSet {
  return set.map((r) => ({ family: r.family, first: BigInt(r.first), last: BigInt(r.last) }));
}

export function bigSet(ranges: Iterable<BigRange>): BigSet {
  const sorted = [...ranges].sort((a, b) =>
    a.family !== b.family ? (a.family < b.family ? -1 : 1) : a.first < b.first ? -1 : a.first > b.first ? 1 : 0,
  );
  const out: BigRange[] = [];
  for (const r of sorted) {
    const prev = out[out.length - 1];
    if (prev && prev.family === r.family && r.first <= prev.last + 1n) {
      if (r.last > prev.last) out[out.length - 1] = { ...prev, last: r.last };
    } else {
      out.push({ ...r });
    }
  }
  return out;
}

export function bigUnion(...sets: BigSet[]): BigSet {
  return bigSet(sets.flat());
}

export function bigSubtract(a: BigSet, b: BigSet): BigSet {
  const out: BigRange[] = [];
  for (const r of a) {
    let pieces: BigRange[] = [r];
    for (const cut of b) {
      if (cut.family !== r.family) continue;
      pieces = pieces.flatMap((p) => {
        if (cut.last < p.first || cut.first > p.last) return [p];
        const rest: BigRange[] = [];
        if (cut.first > p.first) rest.push({ ...p, last: cut.first - 1n });
        if (cut.last < p.last) rest.push({ ...p, first: cut.last + 1n });
        return rest;
      });
    }
    out.push(...pieces);
  }
  return bigSet(out);
}

export function bigIntersect(a: BigSet, b: BigSet): BigSet {
  const out: BigRange[] = [];
  for (const x of a) {
    for (const y of b) {
      if (x.family !== y.family) continue;
      const first = x.first > y.first ? x.first : y.first;
      const last = x.last < y.last ? x.last : y.last;
      if (first <= last) out.push({ family: x.family, first, last });
    }
  }
  return bigSet(out);
}
