import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_DEQUEUE_COUNT } from '../../functions/invocation.js';
import { parseEvaluationRequest } from '../../functions/evaluateInstance.js';

describe('the Functions app', () => {
  it('retries a queue message as often as host.json says before the poison queue', () => {
    const host = JSON.parse(readFileSync('host.json', 'utf8')) as { extensions: { queues: { maxDequeueCount: number; messageEncoding?: string } } };
    expect(host.extensions.queues.maxDequeueCount).toBe(MAX_DEQUEUE_COUNT);
    // The watcher writes base64 messages: the trigger must decode base64 (the default).
    expect(host.extensions.queues.messageEncoding ?? 'base64').toBe('base64');
  });

  it('functions/index.ts loads every trigger module', () => {
    const index = readFileSync('functions/index.ts', 'utf8');
    const helpers = new Set(['index.ts', 'invocation.ts', 'runtime.ts']);
    for (const f of readdirSync('functions').filter((f) => f.endsWith('.ts') && !helpers.has(f))) {
      expect(index, f).toContain(`import './${f.replace(/\.ts$/, '.js')}';`);
    }
  });

  it('an evaluation message that the watcher did not write fails loudly', () => {
    const id = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ApiManagement/service/a';
    expect(parseEvaluationRequest(JSON.stringify({ instanceId: id, trigger: 'event', windowId: 'w' }))).toEqual({ instanceId: id, trigger: 'event', windowId: 'w' });
    expect(() => parseEvaluationRequest('not json')).toThrow(/not JSON/);
    expect(() => parseEvaluationRequest({ instanceId: id.replace('ApiManagement/service', 'Storage/storageAccounts'), trigger: 'event' })).toThrow(/APIM instance id/);
    expect(() => parseEvaluationRequest({ instanceId: id, trigger: 'cron' })).toThrow(/trigger/);
  });
});
