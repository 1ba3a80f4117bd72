import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineAndColumn, linesAndColumns, resourceOffsets } from '../../src/sources/json-position.js';
import { referenceLinesAndColumns, referenceResourceOffsets } from '../support/reference-json-position.js';

// Strings with the characters that matter to a scanner: quotes, backslashes, brackets, newlines.
const tricky = fc.string({ unit: fc.constantFrom('"', '\\', '[', ']', '{', '}', ',', ':', '\n', ' ', 'a', 'é', '\u2028') });
const value = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 2 }), tricky, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(tricky, tie('value'), { maxKeys: 3 })),
})).value;
const indent = fc.constantFrom(undefined, 0, 1, 2, '\t', '\r\n ');
const documents = fc.oneof(
  fc.tuple(fc.array(value, { maxLength: 6 }), indent).map(([v, i]) => JSON.stringify(v, null, i)),
  fc.tuple(fc.array(value, { maxLength: 6 }), indent, fc.constantFrom('value', 'data')).map(([v, i, key]) => JSON.stringify({ nextLink: 'x"]', [key]: v, other: [v] }, null, i)),
  fc.tuple(fc.dictionary(tricky, value, { maxKeys: 4 }), indent).map(([v, i]) => JSON.stringify(v, null, i)),
  fc.tuple(value, indent).map(([v, i]) => ` \n${JSON.stringify(v, null, i)}\n`),
);

describe('json positions', () => {
  it('finds the same resource offsets as the character-by-character scanner', () => {
    fc.assert(
      fc.property(documents, (text) => {
        expect(resourceOffsets(text)).toEqual(referenceResourceOffsets(text));
      }),
      { numRuns: 1500 },
    );
  });

  it('gives each offset the line and column of a plain count', () => {
    fc.assert(
      fc.property(documents, fc.array(fc.nat(), { maxLength: 8 }), (text, picks) => {
        const offsets = [...resourceOffsets(text), ...picks.map((p) => p % (text.length + 2))];
        const found = linesAndColumns(text, offsets);
        expect(found).toEqual(referenceLinesAndColumns(text, offsets));
        expect(found).toEqual(offsets.map((o) => lineAndColumn(text, o)));
      }),
      { numRuns: 1500 },
    );
  });

  it('points at each element of a pretty-printed array', () => {
    const text = '[\n  {"id": "a\\"]"},\n  {"id": "b"}\n]';
    expect(resourceOffsets(text)).toEqual([4, 22]);
    expect(linesAndColumns(text, [4, 22])).toEqual([{ line: 2, column: 3 }, { line: 3, column: 3 }]);
  });
});
