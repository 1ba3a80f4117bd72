import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecentMemo, TextMemo } from '../../src/network/memo.js';

describe('memos keyed by text', () => {
  const ops = fc.array(fc.tuple(fc.boolean(), fc.string({ maxLength: 6 }), fc.integer()), { maxLength: 200 });

  it.each([
    ['RecentMemo', () => new RecentMemo<number>(3)],
    ['TextMemo', () => new TextMemo<number>(4)],
  ])('%s answers a text only with the last value set for that very text', (_, make) => {
    fc.assert(
      fc.property(ops, (sequence) => {
        const memo = make();
        const last = new Map<string, number>();
        for (const [isSet, key, value] of sequence) {
          if (isSet) {
            memo.set(key, value);
            last.set(key, value);
          } else {
            const got = memo.get(key);
            if (got !== undefined) expect(got).toBe(last.get(key));
          }
        }
      }),
    );
  });

  it('RecentMemo keeps what was just set', () => {
    const memo = new RecentMemo<string>(4);
    for (const key of ['*', '443', 'VirtualNetwork', '10.0.0.0/16', '']) {
      memo.set(key, `v:${key}`);
      expect(memo.get(key)).toBe(`v:${key}`);
    }
  });
});
