import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardText, escapeHtml, singleLine } from '../../src/alerts/render/escape.js';
import { describeError, maskAddress, redactText, redactUrl, secretFragments } from '../../src/alerts/redact.js';

/** What a browser shows for escaped text: the inverse of escapeHtml for the entities it writes. */
function unescapeHtml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

describe('escapeHtml', () => {
  it('leaves no markup character and decodes back to the value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const e = escapeHtml(s);
        expect(e).not.toMatch(/[<>"']/);
        expect(e.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
        expect(unescapeHtml(e)).toBe(s);
      }),
    );
  });

  it('escapes a script tag and an attribute break-out', () => {
    expect(escapeHtml('<script>alert("x")</script>')).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(escapeHtml(`" onmouseover='x'`)).toBe('&quot; onmouseover=&#39;x&#39;');
  });
});

describe('cardText', () => {
  it('never leaves a {{ that a card host would expand, and keeps everything else', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const t = cardText(s);
        expect(t).not.toContain('{{');
        expect(t.replace(/\u200b/g, '')).toBe(
          s.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').replace(/[\u202a-\u202e\u2066-\u2069]/g, '').replace(/\u200b/g, ''),
        );
      }),
    );
  });

  it('defuses DATE and TIME functions', () => {
    expect(cardText('{{DATE(2017-02-14T06:08:39Z, SHORT)}}')).toBe('{\u200b{DATE(2017-02-14T06:08:39Z, SHORT)}}');
    expect(cardText('{{{TIME(2017-02-14T06:08:39Z)}}')).not.toContain('{{');
  });
});

describe('singleLine', () => {
  it('yields one line without control characters, bounded', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.integer({ min: 2, max: 300 }), (s, max) => {
        const t = singleLine(s, max);
        expect(t).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
        expect(t.length).toBeLessThanOrEqual(max);
      }),
    );
  });

  it('neutralizes header injection', () => {
    expect(singleLine('apim\r\nBcc: victim@example.com')).toBe('apim Bcc: victim@example.com');
  });
});

describe('redaction', () => {
  const WEBHOOK = 'https://prod-12.westeurope.logic.azure.com:443/workflows/abc123/triggers/manual/paths/invoke?api-version=2016-06-01&sig=SeCrEtSiGnAtUrE0123';

  it('shows a URL as its origin only', () => {
    expect(redactUrl(WEBHOOK)).toBe('https://prod-12.westeurope.logic.azure.com');
    expect(redactUrl('not a url')).toBe('[invalid URL]');
  });

  it('removes known secrets and their parts from any text, and shortens every URL', () => {
    const secrets = secretFragments([WEBHOOK, 'endpoint=https://x.communication.azure.com/;accesskey=QUJDREVGR0hJSktMTU5PUA==', 'hunter2-password']);
    const text = `POST ${WEBHOOK} failed; sig=SeCrEtSiGnAtUrE0123; key QUJDREVGR0hJSktMTU5PUA== pass hunter2-password /workflows/abc123/triggers/manual/paths/invoke`;
    const out = redactText(text, secrets);
    for (const s of ['SeCrEtSiGnAtUrE0123', 'QUJDREVGR0hJSktMTU5PUA==', 'hunter2-password', '/workflows/abc123']) expect(out).not.toContain(s);
  });

  it('blanks credential parameters even outside a full URL', () => {
    expect(redactText('echo /workflows/x?api-version=1&sig=abc123&code=xyz')).toBe('echo /workflows/x?api-version=1&sig=[redacted]&code=[redacted]');
  });

  it('describes errors with their cause, redacted and bounded', () => {
    const error = new Error(`fetch ${WEBHOOK} failed`, { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') });
    const text = describeError(error, secretFragments([WEBHOOK]), 120);
    expect(text).toContain('ECONNREFUSED');
    expect(text).not.toContain('sig=');
    expect(text.length).toBeLessThanOrEqual(120);
  });

  it('masks e-mail addresses to their domain', () => {
    expect(maskAddress('team-a@contoso.com')).toBe('t…@contoso.com');
    expect(maskAddress('nope')).toBe('[address]');
  });
});
