import { describe, expect, it } from 'vitest';
import { describeError, maskAddress, redactText, redactUrl, secretFragments } from '../../src/alerts/redact.js';

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
