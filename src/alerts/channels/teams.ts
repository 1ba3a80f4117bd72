/**
 * Posting a card to a Teams webhook. Workflows answers 202 with an empty body, the legacy
 * connector 200 "1": any 2xx is success (peers.md §5).
 */
import { SendError, parseRetryAfter, retryableHttpStatus } from './errors.js';
import { safeJson } from '../../output/safe-text.js';

export interface TeamsPostOptions {
  timeoutMs: number;
  /** For tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

export async function postToTeams(webhookUrl: string, body: unknown, options: TeamsPostOptions): Promise<void> {
  const doFetch = options.fetch ?? fetch;
  const response = await doFetch(webhookUrl, {
    method: 'POST',
    // The charset said, so that the webhook does not count the body in a wider encoding.
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: safeJson(body),
    redirect: 'error',
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  // Read the body (releases the connection). Only an error code is kept from it: a receiver may
  // echo the request, URL and signature included.
  const detail = errorCodeOf(await response.text().catch(() => ''));
  if (response.ok) return;
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'), Date.now());
  throw new SendError(
    `Teams webhook answered ${response.status}${detail ? `: ${detail}` : ''}`,
    retryableHttpStatus(response.status),
    retryAfter,
    response.status,
  );
}

/** `{"error":{"code":"InvalidRequestContent",…}}` → `InvalidRequestContent`; anything else → ''. */
function errorCodeOf(body: string): string {
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' && /^[\w.-]{1,80}$/.test(code) ? code : '';
  } catch {
    return '';
  }
}
