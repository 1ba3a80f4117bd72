/**
 * The watcher's evaluation costs what its reads cost (issue 15): when the dependency index knows the
 * instance's dependencies, every request of the evaluation (the instance, its VNet, NSG, public IP and
 * the VNet's effective admin rules) leaves in one parallel round, and each body is normalized once
 * however often the estate is rebuilt.
 */
import { createDefaultHttpClient, type HttpClient } from '@azure/core-rest-pipeline';
import { afterEach, expect, test } from 'vitest';
import { DependencyIndex } from '../../../src/index/dependency-index.js';
import { ArmConnection } from '../../../src/sources/arm/connection.js';
import { LiveArmReader } from '../../../src/sources/arm/live-reader.js';
import { Collected } from '../../../src/sources/arm/resolve-dependencies.js';
import { Estate } from '../../../src/sources/estate.js';
import { ArmSimulator } from '../../support/arm-simulator.js';
import { fakeCredential, TEST_RETRY } from '../../support/arm-simulator-connection.js';
import { syntheticEstate } from '../../support/synthetic-estate.js';

let sim: ArmSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const resources = syntheticEstate({ instances: 12, subscriptions: 1, nsgRules: 9, routes: 0, instancesPerNsg: 4 });
const instanceIds = resources.filter((r) => r.type === 'Microsoft.ApiManagement/service').map((r) => r.id);

test('with the dependencies known to the index, all five requests leave before any answer arrives', async () => {
  sim = await ArmSimulator.start(resources);
  const inner = createDefaultHttpClient();
  let answered = 0;
  const sentAfter: Array<{ url: string; answered: number }> = [];
  // Each answer is held back a little, so that a request sent after one answer belongs to a later round.
  const transport: HttpClient = {
    async sendRequest(request) {
      sentAfter.push({ url: request.url, answered });
      const response = await inner.sendRequest(request);
      await new Promise((resolve) => setTimeout(resolve, 40));
      answered += 1;
      return response;
    },
  };
  const index = DependencyIndex.fromViews(Estate.fromResources(resources).buildViews());
  const reader = new LiveArmReader({
    connection: new ArmConnection({ credential: fakeCredential(), armEndpoint: sim.url, retry: TEST_RETRY, httpClient: transport }),
    occupants: { dependentsOf: async (id) => index.dependentsOf(id), dependenciesOf: async (id) => index.entriesOf(id) },
  });
  const { view, notes } = await reader.readInstance(instanceIds[5]!);
  expect(notes).toEqual([]);
  expect(view?.locations[0]?.adminRules?.state).toBe('found');
  expect(sentAfter).toHaveLength(5);
  expect(sentAfter.filter((s) => s.answered > 0)).toEqual([]);
  expect(sentAfter.some((s) => s.url.includes('/listNetworkManagerEffectiveSecurityAdminRules'))).toBe(true);
});

test('rebuilding the estate of a read normalizes only the bodies added since the last build', () => {
  const collected = new Collected();
  const [first, ...rest] = resources;
  collected.add(first!);
  const before = collected.toEstate();
  for (const r of rest) collected.add(r);
  const after = collected.toEstate();
  const again = collected.toEstate();
  const anInstance = instanceIds[3]!;
  // The same model objects: nothing was normalized again.
  expect(after.instance(anInstance)).toBeDefined();
  expect(again.instance(anInstance)).toBe(after.instance(anInstance));
  if (first!.type === 'Microsoft.ApiManagement/service') expect(after.instance(first!.id)).toBe(before.instance(first!.id));
  // A body read again (a new object for the same id) is normalized again.
  collected.add(structuredClone(resources.find((r) => r.id === anInstance)!));
  expect(collected.toEstate().instance(anInstance)).not.toBe(after.instance(anInstance));
  // And the result is what normalizing everything at once gives.
  const whole = Estate.fromResources(collected.resources, { source: 'ARM' });
  expect(collected.toEstate().buildView(anInstance)).toEqual(whole.buildView(anInstance));
});
