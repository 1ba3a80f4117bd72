/** What the handlers need from the host's InvocationContext, in the watcher's terms. */
import type { InvocationContext } from '@azure/functions';
import type { Log } from '../src/watcher/ports.js';

/** host.json `extensions.queues.maxDequeueCount`: after this many attempts a message goes to `<queue>-poison`. */
export const MAX_DEQUEUE_COUNT = 5;

export function logOf(context: InvocationContext): Log {
  return {
    info: (message, ...args) => context.info(message, ...args),
    warn: (message, ...args) => context.warn(message, ...args),
    error: (message, ...args) => context.error(message, ...args),
  };
}

/** How many times the host has delivered this queue message (1 the first time). */
export function dequeueCount(context: InvocationContext): number {
  const n = Number(context.triggerMetadata?.dequeueCount ?? 1);
  return Number.isFinite(n) && n >= 1 ? n : 1;
}

/**
 * Runs a queue handler's work; on failure logs the reason (saying when this was the last attempt
 * before the poison queue) and rethrows, so that the host retries and finally moves the message.
 */
export async function withPoisonReason<T>(context: InvocationContext, what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    const attempt = dequeueCount(context);
    const last = attempt >= MAX_DEQUEUE_COUNT;
    context.error(
      `${what} failed (attempt ${attempt} of ${MAX_DEQUEUE_COUNT}${last ? '; the message goes to the poison queue' : '; it will be retried'}): ${(e as Error).message}`,
    );
    throw e;
  }
}
