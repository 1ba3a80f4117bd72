/**
 * Reading the outcome of a Table or Queue call from its error, and the one way the state adapters
 * make a conditional write: the SDKs throw RestError with the HTTP status, and a failed transaction
 * reports the status of the sub-request that failed.
 */
import { randomUUID } from 'node:crypto';

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

/** The column in which a conditional write leaves the token of the call that made it. */
export const WRITE_TOKEN = 'writeToken';

export class ConcurrencyError extends Error {
  override name = 'ConcurrencyError';
  constructor(what: string) {
    super(`${what}: still conflicting after ${MAX_OPTIMISTIC_ATTEMPTS} attempts`);
  }
}

/** What one attempt of a conditional write is handed. */
export interface WriteAttempt<T> {
  /** This call's token: put it in every row the attempt writes (column WRITE_TOKEN). */
  readonly token: string;
  /**
   * The result an earlier attempt of this same call decided, when `row` (just read again) carries
   * this call's token: that attempt's write was applied although it was reported as failed.
   */
  earlier(row: Readonly<Record<string, unknown>> | undefined): T | undefined;
  /** Call just before the write: the result to return should it turn out applied. */
  intend(result: T): void;
}

/**
 * A conditional write (insert, or update with the ETag read) that knows its own outcome.
 *
 * A 409 or 412 does not always mean that another worker won: when a reply is lost, the storage SDK
 * sends the same write again by itself, and the second copy fails against the row the first copy
 * wrote. So each call carries a token that every attempt writes into its rows; after a lost race
 * the attempt reads the row again and, finding its own token there, returns what it had decided
 * instead of deciding again as if someone else had written. Another token means another writer:
 * decide again on what it wrote. (A delete leaves no row to carry a token; the decisions treat a
 * vanished row the way the delete meant it, so re-deciding gives the same answer.)
 */
export async function conditionalWrite<T>(what: string, attempt: (write: WriteAttempt<T>) => Promise<T>): Promise<T> {
  const token = randomUUID();
  let intended: { result: T } | undefined;
  const write: WriteAttempt<T> = {
    token,
    earlier: (row) => (intended && row?.[WRITE_TOKEN] === token ? intended.result : undefined),
    intend: (result) => void (intended = { result }),
  };
  for (let i = 0; i < MAX_OPTIMISTIC_ATTEMPTS; i++) {
    try {
      return await attempt(write);
    } catch (e) {
      if (!isLostRace(e)) throw e;
      // A short random pause lets the winner finish before we read again.
      await new Promise((r) => setTimeout(r, Math.random() * 5 * (i + 1)));
    }
  }
  throw new ConcurrencyError(what);
}
