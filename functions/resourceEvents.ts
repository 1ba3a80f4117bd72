/**
 * `resourceEvents`: resource events from the events queue (an Event Grid subscription whose
 * destination is that queue), and the same handler as an `eventGrid` trigger for direct push.
 */
import { app, type InvocationContext } from '@azure/functions';
import { triggerSettings } from '../src/config/config.js';
import { parseEvents } from '../src/events/parse-events.js';
import { parseQueueMessage } from '../src/events/queue-message.js';
import { handleEvents, type EventsSummary } from '../src/watcher/on-events.js';
import { dequeueCount, logOf, withPoisonReason } from './invocation.js';
import { defaultRuntime, type RuntimeProvider } from './runtime.js';

export function resourceEventsHandler(runtime: RuntimeProvider = defaultRuntime) {
  return async (message: unknown, context: InvocationContext): Promise<EventsSummary> =>
    withPoisonReason(context, 'handling resource events', async () => {
      const parsed = await parseQueueMessage(message);
      const log = logOf(context);
      return handleEvents((await runtime()).watcher(log), parsed, { retry: dequeueCount(context) > 1 }, log);
    });
}

/** One event per invocation; the host's Event Grid extension answers the subscription handshake. */
export function resourceEventPushHandler(runtime: RuntimeProvider = defaultRuntime) {
  return async (event: unknown, context: InvocationContext): Promise<EventsSummary> => {
    const parsed = await parseEvents(event);
    const log = logOf(context);
    // Event Grid retries a failed delivery with its own policy (and dead-letters if configured) and
    // says nothing of it to the function: every push may be a redelivery of one whose first attempt
    // opened a window and failed before sending its evaluation. A duplicate message costs a skip.
    return handleEvents((await runtime()).watcher(log), parsed, { retry: true }, log);
  };
}

app.storageQueue('resourceEvents', {
  queueName: triggerSettings().eventsQueueName,
  connection: 'AzureWebJobsStorage',
  handler: resourceEventsHandler(),
});

app.eventGrid('resourceEventsPush', { handler: resourceEventPushHandler() });
