/**
 * Keeping secrets out of logs, stored errors and API responses. Webhook URLs carry their
 * credential in the path and query (`sig=`), SMTP and ACS carry passwords and keys: a URL is
 * shown as its origin only, and known secret values are blanked wherever they appear.
 */

/** `https://prod-01.westeurope.logic.azure.com:443/workflows/…?sig=…` → `https://prod-01.westeurope.logic.azure.com`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '[invalid URL]';
  }
}

/** `team-a@contoso.com` → `t…@contoso.com`: recipients may be secrets, their domain is enough to diagnose. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '[address]';
  return `${address[0]}…${address.slice(at)}`;
}

const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>()]+/gi;
// Credential-bearing parameters wherever they appear (a receiver may echo a path and query).
const SECRET_PARAMS = /\b(sig|signature|code|token|access_token|key|accesskey|accountkey|password|pwd|secret)=[^&;\s"']+/gi;

/** The secret values worth hunting for, and their telling parts (a URL's path and query, a key inside a connection string). */
export function secretFragments(secrets: readonly (string | undefined)[]): string[] {
  const out = new Set<string>();
  for (const s of secrets) {
    if (!s || s.length < 6) continue;
    out.add(s);
    try {
      const u = new URL(s);
      if (u.pathname.length > 1) out.add(u.pathname);
      if (u.search.length > 1) out.add(u.search.slice(1));
      for (const v of u.searchParams.values()) if (v.length >= 6) out.add(v);
    } catch {
      // not a URL
    }
    for (const part of s.split(';')) {
      const eq = part.indexOf('=');
      const value = eq >= 0 ? part.slice(eq + 1) : '';
      if (value.length >= 8) out.add(value);
    }
  }
  // Longest first, so that a whole secret is replaced before its parts.
  return [...out].sort((a, b) => b.length - a.length);
}

/** Blanks the given secrets, then shortens every URL in the text to its origin. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = String(text);
  for (const s of secrets) out = out.split(s).join('[redacted]');
  return out
    .replace(URL_PATTERN, (url) => {
      const origin = redactUrl(url);
      return origin === '[invalid URL]' ? '[redacted URL]' : origin;
    })
    .replace(SECRET_PARAMS, (_m, name: string) => `${name}=[redacted]`);
}

/** An error as one line of text fit for a log or a stored row: message (and cause), redacted, bounded. */
export function describeError(error: unknown, secrets: readonly string[] = [], max = 500): string {
  let text: string;
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const causeText = cause instanceof Error ? `: ${cause.message}` : '';
    text = `${error.message}${causeText}`;
  } else {
    text = String(error);
  }
  const flat = redactText(text, secrets).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
