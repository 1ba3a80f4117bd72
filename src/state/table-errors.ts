/**
 * Reading the outcome of a Table or Queue call from its error: the SDKs throw RestError with the
 * HTTP status, and a failed transaction reports the status of the sub-request that failed.
 */
export function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { statusCode?: unknown; response?: { status?: unknown } };
  if (typeof e.statusCode === 'number') return e.statusCode;
  if (typeof e.response?.status === 'number') return e.response.status;
  return undefined;
}

export const isNotFound = (e: unknown): boolean => statusOf(e) === 404;
export const isConflict = (e: unknown): boolean => statusOf(e) === 409;
/** Someone else wrote the entity since we read it (ETag mismatch). */
export const isPreconditionFailed = (e: unknown): boolean => statusOf(e) === 412;
/** The optimistic write lost a race: read again and retry. */
export const isLostRace = (e: unknown): boolean => isConflict(e) || isPreconditionFailed(e) || isNotFound(e);

/** How many times an ETag-guarded read-modify-write is retried before giving up loudly. */
export const MAX_OPTIMISTIC_ATTEMPTS = 20;

export class ConcurrencyError extends Error {
  override name = 'ConcurrencyError';
  constructor(what: string) {
    super(`${what}: still conflicting after ${MAX_OPTIMISTIC_ATTEMPTS} attempts`);
  }
}

/** Retries `attempt` while it loses optimistic-concurrency races (409, 412, or a row that vanished). */
export async function retryOnLostRace<T>(what: string, attempt: () => Promise<T>): Promise<T> {
  for (let i = 0; i < MAX_OPTIMISTIC_ATTEMPTS; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (!isLostRace(e)) throw e;
      // A short random pause lets the winner finish before we read again.
      await new Promise((r) => setTimeout(r, Math.random() * 5 * (i + 1)));
    }
  }
  throw new ConcurrencyError(what);
}
