/**
 * The coalescing promise under a deployment-sized burst: 1,000 events touching 50 NSGs shared by 200
 * instances, each delivered twice, in shuffled order, through Azurite queues and the real handlers.
 */
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { evaluateInstanceHandler } from '../../functions/evaluateInstance.js';
import { resourceEventsHandler } from '../../functions/resourceEvents.js';
import { createRuntime, type Runtime } from '../../functions/runtime.js';
import { sweepHandler } from '../../functions/sweep.js';
import { parseResourceId } from '../../src/arm/resource-id.js';
import { loadConfig } from '../../src/config/config.js';
import { encodeQueueMessage } from '../../src/state/queue.js';
import { fakeCredential } from '../support/arm-simulator-connection.js';
import { ArmSimulator } from '../support/arm-simulator.js';
import { random } from '../support/synthetic-estate.js';
import { recordingTelemetry } from '../watcher/fixtures.js';
import { burstEstate, burstEvents } from '../watcher/burst.js';
import { context, drain, queue, watcherTestSettings } from './host.js';

let sim: ArmSimulator;
let runtime: Runtime;
let telemetry: ReturnType<typeof recordingTelemetry>;
let events: ReturnType<typeof queue>;
let evaluations: ReturnType<typeof queue>;
let estate: ReturnType<typeof burstEstate>;

beforeAll(async () => {
  estate = burstEstate();
  sim = await ArmSimulator.start(estate.resources);
  const cs = inject('storageConnectionString');
  const config = loadConfig(
    watcherTestSettings({ connectionString: cs, armEndpoint: sim.url, subscriptionId: parseResourceId(estate.instances[0]!).subscriptionId, prefix: 'burst' }),
  );
  telemetry = recordingTelemetry();
  runtime = await createRuntime(config, { armCredential: fakeCredential(), telemetry });
  events = queue(cs, config.eventsQueueName);
  evaluations = queue(cs, config.evaluationsQueueName);
  await events.createIfNotExists();
  await sweepHandler(async () => runtime)({ isPastDue: false } as never, context('sweep'));
}, 120_000);

afterAll(async () => {
  await sim?.stop();
});

it('1,000 events × 2 deliveries, shuffled → one evaluation and one transition per affected instance', async () => {
  expect(estate.instances).toHaveLength(200);
  expect(estate.nsgs).toHaveLength(50);
  // The change the burst carries: every NSG loses its management rule.
  for (const nsg of estate.nsgs) sim.store.remove(`${nsg}/securityRules/AllowApiManagementInbound`);

  const list = burstEvents(estate.nsgs, 1000);
  const rng = random(42);
  const deliveries = [...list, ...list].map((e) => ({ e, k: rng() })).sort((a, b) => a.k - b.k).map(({ e }) => e);
  for (let i = 0; i < deliveries.length; i += 100) {
    await Promise.all(deliveries.slice(i, i + 100).map((e) => events.sendMessage(encodeQueueMessage(e))));
  }

  const handled = await drain(events, 'resourceEvents', resourceEventsHandler(async () => runtime), { concurrency: 16 });
  expect(handled).toEqual({ succeeded: 2000, failedAttempts: 0, poisoned: 0 });
  expect(telemetry.sum('EventsReceived')).toBe(2000);
  // One message per instance, whatever the order and the duplicates.
  const { approximateMessagesCount } = await evaluations.getProperties();
  expect(approximateMessagesCount).toBe(200);

  await new Promise((r) => setTimeout(r, 1_100));
  const armBefore = sim.requestCount;
  const evaluated = await drain(evaluations, 'evaluateInstance', evaluateInstanceHandler(async () => runtime), { concurrency: 16 });
  expect(evaluated).toEqual({ succeeded: 200, failedAttempts: 0, poisoned: 0 });
  expect(telemetry.sum('Evaluations', { trigger: 'event' })).toBe(200);

  const store = runtime.watcher({ info() {}, warn() {}, error() {} }).store;
  for (const id of estate.instances) {
    const transitions = await store.listTransitions(id);
    const fromBurst = transitions.filter((t) => t.trigger === 'event');
    expect(fromBurst, id).toHaveLength(1);
    expect(fromBurst[0]).toMatchObject({ from: { status: 'pass' }, to: { status: 'fail' } });
  }
  // Each evaluation reads its instance and dependencies once (shared NSGs are read per instance).
  const armCalls = sim.requestCount - armBefore;
  expect(armCalls / 1000).toBeLessThanOrEqual(1.5);
}, 300_000);
