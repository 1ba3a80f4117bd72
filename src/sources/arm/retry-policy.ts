/**
 * One retry policy for every ARM and Resource Graph request, in place of the SDK's default. The
 * default retries 429/503 only when they carry Retry-After, and gives up at once on a 429 without it
 * (what Resource Graph sends when its per-user quota runs out) and on a timeout. This one retries:
 * - 408, 429, 500, 502, 503, 504, honouring Retry-After / retry-after-ms / x-ms-retry-after-ms and
 *   Resource Graph's x-ms-user-quota-resets-after when present;
 * - connection resets, refusals and DNS failures;
 * - attempts that do not answer within `attemptTimeoutMs`;
 * with exponential backoff and full jitter, within a bounded number of retries and a bounded total
 * wait per request. When the budget is spent it returns the last response (or throws the last error),
 * and the reader then marks the resource unreadable.
 */
import { RestError, isRestError, type PipelinePolicy, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';

export const ARM_RETRY_POLICY_NAME = 'apimVnetGuardArmRetry';

export interface RetryBudget {
  /** Retries after the first attempt (default 5). */
  maxRetries?: number;
  /** First backoff ceiling (default 1000 ms); doubles each retry up to `maxDelayMs`. */
  baseDelayMs?: number;
  /** Largest single wait (default 30 s). A Retry-After beyond it is still honoured if the budget allows. */
  maxDelayMs?: number;
  /** Total wait across the retries of one request (default 60 s). */
  maxTotalDelayMs?: number;
  /** Per-attempt timeout (default 60 s); 0 disables it. */
  attemptTimeoutMs?: number;
  /** Jitter source (tests pass a seeded one). */
  random?: () => number;
}

const RETRIED_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const SYSTEM_ERRORS = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH']);

export function armRetryPolicy(budget: RetryBudget = {}): PipelinePolicy {
  const maxRetries = budget.maxRetries ?? 5;
  const baseDelayMs = budget.baseDelayMs ?? 1000;
  const maxDelayMs = budget.maxDelayMs ?? 30_000;
  const maxTotalDelayMs = budget.maxTotalDelayMs ?? 60_000;
  const attemptTimeoutMs = budget.attemptTimeoutMs ?? 60_000;
  const random = budget.random ?? Math.random;

  return {
    name: ARM_RETRY_POLICY_NAME,
    async sendRequest(request, next) {
      const callerSignal = request.abortSignal;
      let waited = 0;
      for (let attempt = 0; ; attempt++) {
        const attemptAbort = new AbortController();
        const onCallerAbort = () => attemptAbort.abort();
        callerSignal?.addEventListener('abort', onCallerAbort);
        let timedOut = false;
        const timer =
          attemptTimeoutMs > 0
            ? setTimeout(() => {
                timedOut = true;
                attemptAbort.abort();
              }, attemptTimeoutMs)
            : undefined;
        request.abortSignal = attemptAbort.signal;

        let response: PipelineResponse | undefined;
        let error: unknown;
        try {
          response = await next(request);
        } catch (e) {
          error = e;
        } finally {
          clearTimeout(timer);
          callerSignal?.removeEventListener('abort', onCallerAbort);
          request.abortSignal = callerSignal;
        }
        if (callerSignal?.aborted) throw error ?? new Error('the request was aborted');

        let retryAfterMs: number | undefined;
        if (response !== undefined) {
          if (!RETRIED_STATUS.has(response.status)) return response;
          retryAfterMs = retryAfterOf(response);
        } else if (timedOut) {
          error = new RestError(`no answer from ${hostOf(request.url)} within ${attemptTimeoutMs} ms`, { code: 'ETIMEDOUT', request });
        } else if (!isTransientError(error)) {
          throw error;
        }

        const delay = retryAfterMs ?? Math.round(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt));
        if (attempt >= maxRetries || waited + delay > maxTotalDelayMs) {
          if (response !== undefined) return response;
          throw error;
        }
        waited += delay;
        await sleep(delay, callerSignal);
      }
    },
  };
}

function isTransientError(e: unknown): boolean {
  if (!isRestError(e)) return false;
  return e.code !== undefined && SYSTEM_ERRORS.has(e.code);
}

/** Milliseconds to wait as the server asked, if it did. */
export function retryAfterOf(response: PipelineResponse): number | undefined {
  const h = response.headers;
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const v = Number(h.get(name));
    if (h.get(name) !== undefined && Number.isFinite(v) && v >= 0) return v;
  }
  const retryAfter = h.get('retry-after');
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - Date.now());
  }
  // Resource Graph throttling: `x-ms-user-quota-resets-after: 00:00:03` (hh:mm:ss), no Retry-After.
  const resets = h.get('x-ms-user-quota-resets-after');
  const m = resets === undefined ? null : /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(resets);
  if (m) return (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) * 1000;
  return undefined;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'ARM';
  }
}

function sleep(ms: number, signal: PipelineRequest['abortSignal']): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('the request was aborted'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('the request was aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort);
  });
}
