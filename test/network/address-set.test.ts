import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromPrefixes, intersect, isSubset, overlaps, subtract, union } from '../../src/network/address-set.js';

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
        const size = (s: ReturnType<typeof union>) => s.reduce((n, r) => n + Number(r.last - r.first + 1n), 0);
        expect(size(union(setA, setB))).toBe(new Set([...A, ...B]).size);
        expect(size(intersect(setA, setB))).toBe([...A].filter((x) => B.has(x)).length);
        expect(size(subtract(setA, setB))).toBe([...A].filter((x) => !B.has(x)).length);
      }),
    );
  });
});
