import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardText, html, htmlLines, isSafeText, multiLine, safeJson, shellWord, singleLine } from '../../src/output/safe-text.js';

/** What a browser shows for escaped text: the inverse of the entities html() writes. */
function unescapeHtml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('singleLine', () => {
  it('yields one line without a control or bidi character, bounded', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.integer({ min: 2, max: 300 }), (s, max) => {
        const t = singleLine(s, max);
        expect(t).not.toMatch(UNSAFE);
        expect(t).not.toContain('\n');
        expect(t.length).toBeLessThanOrEqual(max);
      }),
    );
  });

  it('shows what it removed as an escape, so a reader sees it', () => {
    expect(singleLine('apim\r\nBcc: victim@example.com')).toBe('apim\\r\\nBcc: victim@example.com');
    expect(singleLine('a\u001b[31mred')).toBe('a\\x1b[31mred');
    expect(singleLine('invoice\u202Etxt.exe')).toBe('invoice\\u202etxt.exe');
    expect(singleLine('bell\u0007\ttab')).toBe('bell\\x07\\ttab');
  });

  it('leaves ordinary text alone', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'abc XYZ-_./:()éü漢字😀'.split('')) }), (s) => { expect(singleLine(s)).toBe(s); }));
  });
});

describe('multiLine', () => {
  it('keeps line breaks (CRLF becomes LF) and escapes everything else', () => {
    expect(multiLine('one\r\ntwo\rthree\n\u001b]0;x\u0007')).toBe('one\ntwo\nthree\n\\x1b]0;x\\x07');
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => { expect(isSafeText(multiLine(s))).toBe(true); }));
  });
});

describe('html', () => {
  it('leaves no markup character and decodes back to the single-line value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const e = html(s);
        expect(e).not.toMatch(/[<>"']/);
        expect(e).not.toMatch(UNSAFE);
        expect(e.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
        expect(unescapeHtml(e)).toBe(singleLine(s));
      }),
    );
  });

  it('escapes a script tag and an attribute break-out', () => {
    expect(html('<script>alert("x")</script>')).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html(`" onmouseover='x'`)).toBe('&quot; onmouseover=&#39;x&#39;');
  });

  it('htmlLines turns line breaks into <br> and nothing else', () => {
    expect(htmlLines('a<b>\nc\u202e')).toBe('a&lt;b&gt;<br>c\\u202e');
  });
});

describe('cardText', () => {
  it('never leaves a {{ that a card host would expand, nor an unsafe character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const t = cardText(s);
        expect(t).not.toContain('{{');
        expect(isSafeText(t)).toBe(true);
        expect(t.replace(/\{\u200b/g, '{')).toBe(multiLine(s).replace(/\{\u200b/g, '{'));
      }),
    );
  });

  it('defuses DATE and TIME functions', () => {
    expect(cardText('{{DATE(2017-02-14T06:08:39Z, SHORT)}}')).toBe('{\u200b{DATE(2017-02-14T06:08:39Z, SHORT)}}');
    expect(cardText('{{{TIME(2017-02-14T06:08:39Z)}}')).not.toContain('{{');
  });
});

describe('shellWord', () => {
  it('quotes what a shell would interpret and leaves plain words bare', () => {
    expect(shellWord('nsg-apim')).toBe('nsg-apim');
    expect(shellWord('*')).toBe("'*'");
    expect(shellWord("it's; rm -rf /")).toBe(`'it'\\''s; rm -rf /'`);
    expect(shellWord('a\nFix: curl x | sudo bash')).toBe("$'a\\nFix: curl x | sudo bash'");
  });

  it('bash reads every word back as exactly the value, on one line', () => {
    const values = fc.sample(fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }).filter((s) => !s.includes('\u0000')), { numRuns: 150, seed: 11 });
    const words = values.map(shellWord);
    for (const w of words) expect(w).not.toMatch(UNSAFE), expect(w).not.toContain('\n');
    // One bash process prints each argument as hex; the script is exactly the words joined.
    const script = `for a in ${words.join(' ')}; do printf '%s' "$a" | od -An -tx1 | tr -d ' \\n'; echo; done`;
    const out = execFileSync('bash', ['-c', script], { encoding: 'utf8' }).trim().split('\n');
    expect(out).toEqual(values.map((v) => Buffer.from(v, 'utf8').toString('hex')));
  });
});

describe('safeJson', () => {
  it('is JSON.stringify with no raw bidi, C1 or separator character, and parses to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (v, s) => {
        const value = { v, s };
        const text = safeJson(value, 2);
        expect(text).not.toMatch(UNSAFE);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});
