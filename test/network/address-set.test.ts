import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromPrefixes, intersect, isSubset, overlaps, subtract, union } from '../../src/network/address-set.js';
import { bigIntersect, bigSet, bigSubtract, bigUnion, toBig } from '../support/reference-address-set.js';

describe('address sets', () => {
  it('merges touching prefixes into one range', () => {
    expect(fromPrefixes(['10.0.1.0/25', '10.0.1.128/25'])).toEqual(fromPrefixes(['10.0.1.0/24']));
  });

  it('subtracts a hole out of a prefix', () => {
    const rest = subtract(fromPrefixes(['10.0.0.0/24']), fromPrefixes(['10.0.0.128/26']));
    expect(rest).toEqual(fromPrefixes(['10.0.0.0/25', '10.0.0.192/26']));
  });

  it('keeps families apart', () => {
    expect(overlaps(fromPrefixes(['0.0.0.0/0']), fromPrefixes(['::/0']))).toBe(false);
  });

  it('rejects text that is not a prefix, naming it', () => {
    expect(() => fromPrefixes(['10.0.0.0/33'])).toThrow('"10.0.0.0/33"');
  });

  // Brute force on the 256 addresses of 10.0.0.0/24: set operations agree with enumerating addresses.
  const prefixIn24 = fc
    .tuple(fc.integer({ min: 24, max: 32 }), fc.integer({ min: 0, max: 255 }))
    .map(([len, host]) => {
      const size = 2 ** (32 - len);
      return { text: `10.0.0.${Math.floor(host / size) * size}/${len}`, first: Math.floor(host / size) * size, size };
    });
  const members = (ps: Array<{ first: number; size: number }>) => {
    const s = new Set<number>();
    for (const p of ps) for (let i = 0; i < p.size; i++) s.add(p.first + i);
    return s;
  };

  it('agrees with brute force on union, subset and overlap', () => {
    fc.assert(
      fc.property(fc.array(prefixIn24, { maxLength: 5 }), fc.array(prefixIn24, { minLength: 1, maxLength: 5 }), (a, b) => {
        const A = members(a);
        const B = members(b);
        const setA = fromPrefixes(a.map((p) => p.text));
        const setB = fromPrefixes(b.map((p) => p.text));
        expect(isSubset(setA, setB)).toBe([...A].every((x) => B.has(x)));
        expect(overlaps(setA, setB)).toBe([...A].some((x) => B.has(x)));
        const size = (s: ReturnType<typeof union>) => s.reduce((n, r) => n + Number(BigInt(r.last) - BigInt(r.first) + 1n), 0);
        expect(size(union(setA, setB))).toBe(new Set([...A, ...B]).size);
        expect(size(intersect(setA, setB))).toBe([...A].filter((x) => B.has(x)).length);
        expect(size(subtract(setA, setB))).toBe([...A].filter((x) => !B.has(x)).length);
      }),
    );
  });

  // IPv4 addresses are numbers, IPv6 bigints: every operation gives what the all-bigint version gave.
  const v4 = fc.tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 })).map(([n, len]) => {
    const size = 2 ** (32 - len);
    const first = Math.floor(n / size) * size;
    return `${first >>> 24}.${(first >>> 16) & 255}.${(first >>> 8) & 255}.${first & 255}/${len}`;
  });
  const edges = fc.constantFrom('0.0.0.0/0', '255.255.255.255', '0.0.0.0', '128.0.0.0/1', '127.255.255.255/32', '168.63.129.16', '::/0', '::1', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0/124', 'fc00::/7', '2000::/3', '2001:db8::/127');
  const v6 = fc.tuple(fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }), fc.integer({ min: 0, max: 128 })).map(([groups, len]) => `${groups.map((g) => g.toString(16)).join(':')}/${len}`);
  const prefixes = fc.array(fc.oneof(v4, v4, v6, edges), { maxLength: 6 });

  it('agrees with the all-bigint reference on both families', () => {
    const big = (texts: string[]) => toBig(fromPrefixes(texts));
    fc.assert(
      fc.property(prefixes, prefixes, (a, b) => {
        const A = fromPrefixes(a);
        const B = fromPrefixes(b);
        expect(toBig(A)).toEqual(bigSet(big(a)));
        expect(toBig(union(A, B))).toEqual(bigUnion(big(a), big(b)));
        expect(toBig(subtract(A, B))).toEqual(bigSubtract(big(a), big(b)));
        expect(toBig(intersect(A, B))).toEqual(bigIntersect(big(a), big(b)));
        expect(isSubset(A, B)).toBe(bigSubtract(big(a), big(b)).length === 0);
        expect(overlaps(A, B)).toBe(bigIntersect(big(a), big(b)).length > 0);
        for (const r of A) expect(typeof r.first).toBe(r.family === 'ipv4' ? 'number' : 'bigint');
      }),
      { numRuns: 2000 },
    );
  });
});
