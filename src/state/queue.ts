/**
 * The evaluations work queue on Azure Storage queues (@azure/storage-queue). Messages are JSON in
 * base64, the encoding the Functions queue trigger expects by default; a debounced evaluation is
 * sent with a visibility delay so that it appears when its window closes.
 */
import type { QueueClient } from '@azure/storage-queue';
import type { EvaluationRequest, WorkQueue } from '../watcher/ports.js';

/** Azure's maximum visibility timeout is 7 days; the window is far shorter, this only guards input. */
const MAX_DELAY_SECONDS = 7 * 24 * 3600 - 1;

export function encodeQueueMessage(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
}

/** What the host does before calling a queue-triggered handler: base64 → text → JSON when it parses. */
export function decodeQueueMessage(messageText: string): unknown {
  const text = Buffer.from(messageText, 'base64').toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function storageWorkQueue(queue: QueueClient): WorkQueue {
  return {
    async scheduleEvaluation(request: EvaluationRequest, delaySeconds: number): Promise<void> {
      const visibilityTimeout = Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil(delaySeconds)));
      await queue.sendMessage(encodeQueueMessage(request), visibilityTimeout > 0 ? { visibilityTimeout } : {});
    },
  };
}
