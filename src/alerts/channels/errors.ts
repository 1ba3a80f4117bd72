/**
 * How a failed send is classified: retry (with an optional server-given delay) or give up.
 * A problem a configuration change can fix (401, 403, 404, authentication) is retried: the
 * target is looked up again at each attempt. A payload the receiver rejects (400, 413, 422) is not.
 */
export class SendError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** From `Retry-After`. */
    readonly retryAfterMs?: number,
    /** HTTP status or SMTP reply code. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

const PERMANENT_HTTP = new Set([400, 405, 413, 415, 422]);

export function retryableHttpStatus(status: number): boolean {
  return !PERMANENT_HTTP.has(status);
}

/** `Retry-After`: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Anything thrown that is not a SendError: network errors, aborts and timeouts are worth a retry. */
export function asSendError(error: unknown): SendError {
  if (error instanceof SendError) return error;
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return new SendError('timed out', true);
  const message = error instanceof Error ? error.message : String(error);
  return new SendError(message, true);
}
