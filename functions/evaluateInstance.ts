/** `evaluateInstance`: one (debounced) evaluation from the evaluations queue. */
import { app, type InvocationContext } from '@azure/functions';
import { triggerSettings } from '../src/config/config.js';
import { RESOURCE_TYPES, isType } from '../src/arm/resource-id.js';
import { runEvaluationRequest, type EvaluationOutcome } from '../src/watcher/evaluate-instance.js';
import type { EvaluationRequest } from '../src/watcher/ports.js';
import { dequeueCount, logOf, withPoisonReason } from './invocation.js';
import { defaultRuntime, type RuntimeProvider } from './runtime.js';

export function evaluateInstanceHandler(runtime: RuntimeProvider = defaultRuntime) {
  return async (message: unknown, context: InvocationContext): Promise<EvaluationOutcome> =>
    withPoisonReason(context, 'evaluating an instance', async () => {
      const request = parseEvaluationRequest(message);
      const log = logOf(context);
      return runEvaluationRequest((await runtime()).watcher(log), request, { retry: dequeueCount(context) > 1 }, log);
    });
}

/** The message the watcher itself wrote; anything else is a bug or tampering, and fails loudly. */
export function parseEvaluationRequest(message: unknown): EvaluationRequest {
  let value = message;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw new Error('evaluation message is not JSON');
    }
  }
  if (typeof value !== 'object' || value === null) throw new Error('evaluation message is not an object');
  const m = value as Record<string, unknown>;
  if (typeof m.instanceId !== 'string' || !isType(m.instanceId, RESOURCE_TYPES.apim)) throw new Error('evaluation message has no APIM instance id');
  if (m.trigger !== 'event' && m.trigger !== 'sweep' && m.trigger !== 'http') throw new Error('evaluation message has an unknown trigger');
  for (const f of ['windowId', 'firstEventTime'] as const) {
    if (m[f] !== undefined && typeof m[f] !== 'string') throw new Error(`evaluation message: ${f} is not a string`);
  }
  return {
    instanceId: m.instanceId,
    trigger: m.trigger,
    ...(typeof m.windowId === 'string' ? { windowId: m.windowId } : {}),
    ...(typeof m.firstEventTime === 'string' ? { firstEventTime: m.firstEventTime } : {}),
  };
}

app.storageQueue('evaluateInstance', {
  queueName: triggerSettings().evaluationsQueueName,
  connection: 'AzureWebJobsStorage',
  handler: evaluateInstanceHandler(),
});
