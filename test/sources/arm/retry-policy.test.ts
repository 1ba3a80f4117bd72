/**
 * Our retry policy in the real SDK pipeline, against the simulator's injected faults: what the SDK's
 * default gives up on (429 without Retry-After, timeouts) is retried, within a bounded budget; what
 * must not be retried (404, 403) is not.
 */
import { createHttpHeaders, createPipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { readArmResource } from '../../../src/sources/arm/read-resource.js';
import { retryAfterOf } from '../../../src/sources/arm/retry-policy.js';
import { ArmSimulator, RESOURCE_GRAPH_ROUTE } from '../../support/arm-simulator.js';
import { connectTo, TEST_RETRY } from '../../support/arm-simulator-connection.js';
import { LiveArmReader } from '../../../src/sources/arm/live-reader.js';

const SUB = '3f2b8c1e-7d4a-4e9b-9c61-2a5d8e0f4b17';
const NSG = `/subscriptions/${SUB}/resourceGroups/rg-network-weu/providers/Microsoft.Network/networkSecurityGroups/nsg-apim-external-weu`;
const ROUTE = 'GET microsoft.network/networksecuritygroups';

let sim: ArmSimulator;
beforeAll(async () => {
  sim = await ArmSimulator.fromEstate('examples/estate');
});
afterAll(async () => sim.stop());
afterEach(() => {
  sim.resetCounters();
  sim.faults.clear(3);
  sim.allowAll();
});

describe('retried', () => {
  test('429 without Retry-After (which the SDK default does not retry)', async () => {
    sim.injectFault({ route: ROUTE, kind: 'throttle-no-retry-after', times: 3 });
    const outcome = await readArmResource(connectTo(sim), NSG);
    expect(outcome.state).toBe('found');
    expect(sim.readsOf(NSG)).toBe(4);
  });

  test('429 and 503 with Retry-After, honoured', async () => {
    sim.injectFault({ route: ROUTE, kind: 'throttle', retryAfterMs: 3, times: 1 });
    sim.injectFault({ route: ROUTE, kind: 'unavailable', retryAfterMs: 3, times: 1 });
    expect((await readArmResource(connectTo(sim), NSG)).state).toBe('found');
    expect(sim.readsOf(NSG)).toBe(3);
  });

  test('a reset connection', async () => {
    sim.injectFault({ route: ROUTE, kind: 'reset', times: 2 });
    expect((await readArmResource(connectTo(sim), NSG)).state).toBe('found');
    expect(sim.readsOf(NSG)).toBe(3);
  });

  test('an attempt that does not answer within the attempt timeout', async () => {
    sim.injectFault({ route: ROUTE, kind: 'latency', latencyMs: 400, times: 1 });
    const connection = connectTo(sim, { ...TEST_RETRY, attemptTimeoutMs: 50 });
    expect((await readArmResource(connection, NSG)).state).toBe('found');
    expect(sim.readsOf(NSG)).toBe(2);
  });

  test("Resource Graph's quota throttling (429 with x-ms-user-quota-resets-after only)", async () => {
    sim.injectFault({
      route: RESOURCE_GRAPH_ROUTE,
      kind: 'throttle-no-retry-after',
      headers: { 'x-ms-user-quota-remaining': '0', 'x-ms-user-quota-resets-after': '00:00:00.005' },
      times: 2,
    });
    const live = await new LiveArmReader({ connection: connectTo(sim), scope: { subscriptions: [SUB] } }).sweep();
    expect(live.incomplete).toEqual([]);
    expect(sim.requestsFor(RESOURCE_GRAPH_ROUTE)).toBe(7);
  });
});

describe('bounded', () => {
  test('persistent 429: maxRetries + 1 attempts, then unreadable (never found, never missing)', async () => {
    sim.injectFault({ route: ROUTE, kind: 'throttle-no-retry-after' });
    const outcome = await readArmResource(connectTo(sim, { ...TEST_RETRY, maxRetries: 3 }), NSG);
    expect(outcome).toEqual({ state: 'unreadable', reason: expect.stringMatching(/^429 TooManyRequests/), cause: 'read-failed' });
    expect(sim.readsOf(NSG)).toBe(4);
  });

  test('persistent resets: unreadable with the system error', async () => {
    sim.injectFault({ route: ROUTE, kind: 'reset' });
    const outcome = await readArmResource(connectTo(sim, { ...TEST_RETRY, maxRetries: 2 }), NSG);
    expect(outcome).toEqual({ state: 'unreadable', reason: expect.stringMatching(/ECONNRESET/), cause: 'read-failed' });
    expect(sim.readsOf(NSG)).toBe(3);
  });

  test('a Retry-After beyond the total wait budget is not waited for', async () => {
    sim.injectFault({ route: ROUTE, kind: 'throttle', retryAfterSeconds: 30 });
    const outcome = await readArmResource(connectTo(sim, { ...TEST_RETRY, maxTotalDelayMs: 1_000 }), NSG);
    expect(outcome.state).toBe('unreadable');
    expect(sim.readsOf(NSG)).toBe(1);
  });

  test('the total wait budget caps the retries of one request', async () => {
    sim.injectFault({ route: ROUTE, kind: 'unavailable', retryAfterMs: 40 });
    const outcome = await readArmResource(connectTo(sim, { ...TEST_RETRY, maxRetries: 50, maxTotalDelayMs: 100 }), NSG);
    expect(outcome.state).toBe('unreadable');
    expect(sim.readsOf(NSG)).toBe(3); // waits 40 + 40; a third wait would pass 100 ms
  });
});

describe('not retried', () => {
  test('404 is one request and means missing', async () => {
    const outcome = await readArmResource(connectTo(sim), NSG.replace('nsg-apim-external-weu', 'nsg-deleted'));
    expect(outcome).toEqual({ state: 'missing' });
    expect(sim.requestCount).toBe(1);
  });

  test('403 is one request and means unreadable', async () => {
    sim.deny(NSG);
    const outcome = await readArmResource(connectTo(sim), NSG);
    expect(outcome).toEqual({ state: 'unreadable', reason: expect.stringMatching(/^403 AuthorizationFailed/), cause: 'forbidden' });
    expect(sim.requestCount).toBe(1);
  });
});

describe('retryAfterOf', () => {
  const response = (status: number, headers: Record<string, string>): PipelineResponse => ({
    status,
    headers: createHttpHeaders(headers),
    request: createPipelineRequest({ url: 'https://management.azure.com/' }),
  });

  test.each([
    [{ 'retry-after-ms': '250' }, 250],
    [{ 'x-ms-retry-after-ms': '80' }, 80],
    [{ 'retry-after': '2' }, 2000],
    [{ 'x-ms-user-quota-resets-after': '00:00:03' }, 3000],
    [{ 'x-ms-user-quota-resets-after': '00:01:00.5' }, 60_500],
    [{}, undefined],
    [{ 'retry-after': 'soon' }, undefined],
  ])('%j → %s', (headers, expected) => {
    expect(retryAfterOf(response(429, headers))).toBe(expected);
  });

  test('an HTTP date in Retry-After', () => {
    const ms = retryAfterOf(response(503, { 'retry-after': new Date(Date.now() + 60_000).toUTCString() }))!;
    expect(ms).toBeGreaterThan(55_000);
    expect(ms).toBeLessThanOrEqual(60_000);
  });
});
