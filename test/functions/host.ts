/**
 * A stand-in for the Functions host's queue trigger (there is no local host, see the platform notes
 * §3): receives messages from a real Azurite queue, decodes them the way the host does (base64 →
 * text → JSON when it parses), invokes the handler with an InvocationContext carrying the
 * dequeueCount, deletes the message on success, and on failure lets it reappear, moving it to
 * the poison queue (`<queue>-poison`) after maxDequeueCount attempts.
 */
import { randomBytes } from 'node:crypto';
import { InvocationContext } from '@azure/functions';
import { QueueServiceClient, type QueueClient } from '@azure/storage-queue';
import { decodeQueueMessage, encodeQueueMessage } from '../../src/state/queue.js';
import { MAX_DEQUEUE_COUNT } from '../../functions/invocation.js';

export type LogLine = [level: string, ...args: unknown[]];

export function context(functionName: string, logs: LogLine[] = [], triggerMetadata: Record<string, unknown> = {}): InvocationContext {
  return new InvocationContext({
    functionName,
    invocationId: `${functionName}-${Math.random().toString(16).slice(2)}`,
    triggerMetadata,
    logHandler: (level, ...args) => logs.push([level, ...args]),
  });
}

export function queue(connectionString: string, name: string): QueueClient {
  return QueueServiceClient.fromConnectionString(connectionString).getQueueClient(name);
}

export async function send(q: QueueClient, value: unknown): Promise<void> {
  await q.sendMessage(encodeQueueMessage(value));
}

export interface DrainResult {
  /** Successful invocations. */
  succeeded: number;
  failedAttempts: number;
  poisoned: number;
}

/**
 * Runs `handler` over every visible message until the queue stays empty, with `concurrency`
 * invocations at a time (host.json batchSize). A failed message becomes visible again after
 * `retryAfterSeconds` (the host's visibilityTimeout).
 */
export async function drain(
  q: QueueClient,
  functionName: string,
  handler: (message: unknown, context: InvocationContext) => Promise<unknown>,
  options: { concurrency?: number; retryAfterSeconds?: number; logs?: LogLine[]; idleRounds?: number; poison?: QueueClient } = {},
): Promise<DrainResult> {
  const result: DrainResult = { succeeded: 0, failedAttempts: 0, poisoned: 0 };
  const concurrency = options.concurrency ?? 16;
  const retryAfter = options.retryAfterSeconds ?? 1;
  let idle = 0;
  while (idle < (options.idleRounds ?? 1)) {
    const { receivedMessageItems: batch } = await q.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 60 });
    if (batch.length === 0) {
      const { approximateMessagesCount = 0 } = await q.getProperties();
      if (approximateMessagesCount === 0) break;
      idle++;
      await new Promise((r) => setTimeout(r, retryAfter * 1000 + 100));
      continue;
    }
    idle = 0;
    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        const m = batch[next++]!;
        const ctx = context(functionName, options.logs, { dequeueCount: m.dequeueCount, id: m.messageId });
        try {
          await handler(decodeQueueMessage(m.messageText), ctx);
          await q.deleteMessage(m.messageId, m.popReceipt);
          result.succeeded++;
        } catch {
          result.failedAttempts++;
          if (m.dequeueCount >= MAX_DEQUEUE_COUNT) {
            if (!options.poison) throw new Error(`message ${m.messageId} failed ${m.dequeueCount} times and no poison queue was given`);
            await options.poison.createIfNotExists();
            await options.poison.sendMessage(m.messageText);
            await q.deleteMessage(m.messageId, m.popReceipt);
            result.poisoned++;
          } else {
            await q.updateMessage(m.messageId, m.popReceipt, undefined, retryAfter);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
  }
  return result;
}

/**
 * The app settings of a watcher under test: Azurite, the ARM simulator, one subscription in scope, a
 * one-second debounce, and queue and table names of its own so that test files can share Azurite.
 */
export function watcherTestSettings(
  options: { connectionString: string; armEndpoint: string; subscriptionId: string; prefix: string },
  extra: Record<string, string> = {},
): Record<string, string> {
  const tag = `${options.prefix}${randomBytes(4).toString('hex')}`;
  return {
    AzureWebJobsStorage: options.connectionString,
    WATCH_SUBSCRIPTIONS: options.subscriptionId,
    APIM_VNET_GUARD_ARM_ENDPOINT: options.armEndpoint,
    STATE_TABLE_PREFIX: tag,
    EVENTS_QUEUE_NAME: `events-${tag}`,
    EVALUATIONS_QUEUE_NAME: `evaluations-${tag}`,
    ALERT_OUTBOX_TABLE: `outbox${tag}`,
    DEBOUNCE_SECONDS: '1',
    ...extra,
  };
}
