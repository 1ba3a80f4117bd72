/**
 * The watcher end to end against real parts: Azurite (tables and queues), the ARM simulator behind
 * the real SDK clients, and the Functions handlers invoked the way the host invokes them.
 */
import { HttpRequest } from '@azure/functions';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { evaluateInstanceHandler } from '../../functions/evaluateInstance.js';
import { showInstanceHandler } from '../../functions/recheck.js';
import { resourceEventsHandler } from '../../functions/resourceEvents.js';
import { createRuntime, type Runtime } from '../../functions/runtime.js';
import { sweepHandler } from '../../functions/sweep.js';
import type { ArmResource } from '../../src/arm/arm-resource.js';
import { parseResourceId } from '../../src/arm/resource-id.js';
import { loadConfig } from '../../src/config/config.js';
import type { InstanceState } from '../../src/watcher/ports.js';
import { fakeCredential } from '../support/arm-simulator-connection.js';
import { ArmSimulator } from '../support/arm-simulator.js';
import { armNetworkSecurityGroup, recommendedRuleSpecs, syntheticEstate } from '../support/synthetic-estate.js';
import { recordingTelemetry, resourceEvent } from '../watcher/fixtures.js';
import { context, drain, queue, send, watcherTestSettings, type LogLine } from './host.js';

const RULE_DELETE = 'Microsoft.Network/networkSecurityGroups/securityRules/delete';
const RULE_WRITE = 'Microsoft.Network/networkSecurityGroups/securityRules/write';

let sim: ArmSimulator;
let runtime: Runtime;
let telemetry: ReturnType<typeof recordingTelemetry>;
let events: ReturnType<typeof queue>;
let evaluations: ReturnType<typeof queue>;
let sub: string;
let sharedNsg: string;
let secondNsg: string;
let unrelatedNsg: string;
let instances: string[];
const logs: LogLine[] = [];

const onEvents = () => resourceEventsHandler(async () => runtime);
const onEvaluation = () => evaluateInstanceHandler(async () => runtime);

/** Delivers what is in the events queue, lets the debounce window pass, runs the evaluations. */
async function deliver(): Promise<{ events: number; evaluations: number }> {
  const e = await drain(events, 'resourceEvents', onEvents(), { logs });
  await new Promise((r) => setTimeout(r, 1_100)); // DEBOUNCE_SECONDS=1: the messages become visible
  const v = await drain(evaluations, 'evaluateInstance', onEvaluation(), { logs });
  return { events: e.succeeded, evaluations: v.succeeded };
}

async function state(instanceId: string): Promise<InstanceState | undefined> {
  return runtime.watcher({ info() {}, warn() {}, error() {} }).store.getInstance(instanceId);
}

beforeAll(async () => {
  const resources = syntheticEstate({ instances: 8, subscriptions: 1, nsgRules: 9, routes: 0, instancesPerNsg: 4 });
  instances = resources.filter((r) => r.type === 'Microsoft.ApiManagement/service').map((r) => r.id);
  sub = parseResourceId(instances[0]!).subscriptionId;
  [sharedNsg, secondNsg] = resources.filter((r) => r.type === 'Microsoft.Network/networkSecurityGroups').map((r) => r.id) as [string, string];
  unrelatedNsg = `/subscriptions/${sub}/resourceGroups/rg-other/providers/Microsoft.Network/networkSecurityGroups/nsg-unrelated`;
  resources.push(armNetworkSecurityGroup(unrelatedNsg, 'westeurope', recommendedRuleSpecs()));
  sim = await ArmSimulator.start(resources);
  const cs = inject('storageConnectionString');
  const config = loadConfig(
    watcherTestSettings({ connectionString: cs, armEndpoint: sim.url, subscriptionId: sub, prefix: 'flow' }),
  );
  telemetry = recordingTelemetry();
  runtime = await createRuntime(config, { armCredential: fakeCredential(), telemetry });
  events = queue(cs, config.eventsQueueName);
  evaluations = queue(cs, config.evaluationsQueueName);
  await events.createIfNotExists();
  // The sweep builds the index and the first state of every instance.
  const summary = await sweepHandler(async () => runtime)({ isPastDue: false } as never, context('sweep', logs));
  expect(summary).toMatchObject({ instances: 8, evaluated: 8, failed: 0, incomplete: [] });
});

afterAll(async () => {
  await sim?.stop();
});

describe('an NSG rule deleted, then restored', () => {
  const ruleId = () => `${sharedNsg}/securityRules/AllowApiManagementInbound`;
  let rule: ArmResource;

  it('the instances that use the NSG go pass → fail, with the deciding rule and the caller recorded', async () => {
    expect((await state(instances[0]!))?.status).toBe('pass');
    rule = structuredClone(sim.store.get(ruleId())!);
    sim.store.remove(ruleId());
    const before = telemetry.sum('Evaluations', { trigger: 'event' });
    await send(events, resourceEvent({ id: 'evt-delete-1', resourceId: ruleId(), operationName: RULE_DELETE, upn: 'mallory@contoso.com' }));

    const delivered = await deliver();
    expect(delivered).toEqual({ events: 1, evaluations: 4 });
    expect(telemetry.sum('Evaluations', { trigger: 'event' }) - before).toBe(4);

    const broken = (await state(instances[0]!))!;
    expect(broken.status).toBe('fail');
    const finding = broken.findings.find((f) => f.evidence && JSON.stringify(f.evidence).includes('3443'));
    expect(finding, 'a finding about the management port 3443').toBeDefined();
    // The deciding rule: with the allow rule gone, the default DenyAllInBound decides the flow.
    expect(JSON.stringify(finding!.evidence)).toMatch(/DenyAllInBound/);
    const [transition] = await runtime.watcher({ info() {}, warn() {}, error() {} }).store.listTransitions(instances[0]!);
    expect(transition).toMatchObject({ from: { status: 'pass' }, to: { status: 'fail' }, trigger: 'event' });
    expect(transition!.changes).toEqual([
      expect.objectContaining({ eventId: 'evt-delete-1', operation: RULE_DELETE, caller: expect.objectContaining({ upn: 'mallory@contoso.com', client: 'Azure portal' }) }),
    ]);
    // The other NSG's instances were not touched.
    expect((await state(instances[4]!))?.status).toBe('pass');
    expect((await state(instances[4]!))?.trigger).toBe('sweep');
  });

  it('the stored result is served over HTTP with its findings and transitions', async () => {
    const { name, resourceGroup } = parseResourceId(instances[0]!);
    const response = await showInstanceHandler(async () => runtime)(
      new HttpRequest({ method: 'GET', url: 'http://localhost/api/instances/x', params: { subscriptionId: sub, resourceGroup: resourceGroup!, name: name! } }),
      context('showInstance', logs),
    );
    expect(response.status).toBe(200);
    const body = response.jsonBody as { instance: { status: string; failing: number }; report: { findings: unknown[] }; transitions: unknown[] };
    expect(body.instance.status).toBe('fail');
    expect(body.instance.failing).toBeGreaterThan(0);
    expect(body.report.findings.length).toBe(body.instance.failing);
    expect(body.transitions).toHaveLength(2);
  });

  it('the rule restored → back to pass', async () => {
    sim.store.put(rule);
    await send(events, resourceEvent({ id: 'evt-write-1', resourceId: ruleId(), operationName: RULE_WRITE, upn: 'bob@contoso.com' }));
    expect(await deliver()).toEqual({ events: 1, evaluations: 4 });
    for (const id of instances.slice(0, 4)) expect((await state(id))?.status).toBe('pass');
    const [transition] = await runtime.watcher({ info() {}, warn() {}, error() {} }).store.listTransitions(instances[0]!);
    expect(transition).toMatchObject({ from: { status: 'fail' }, to: { status: 'pass' } });
    expect(transition!.changes.map((c) => c.caller.upn)).toEqual(['bob@contoso.com']);
  });
});

describe('events that matter to nobody', () => {
  it('an unrelated NSG change causes no evaluation at all', async () => {
    const before = { evaluations: telemetry.sum('Evaluations'), reads: sim.requestCount };
    await send(events, resourceEvent({ id: 'evt-unrelated', resourceId: `${unrelatedNsg}/securityRules/AllowClientHttpsInbound`, operationName: RULE_DELETE }));
    expect(await deliver()).toEqual({ events: 1, evaluations: 0 });
    expect(telemetry.sum('Evaluations')).toBe(before.evaluations);
    expect(sim.requestCount).toBe(before.reads);
    expect(telemetry.sum('EventsDropped')).toBeGreaterThanOrEqual(1);
  });

  it('a malformed event is logged with its id and skipped; the rest of the batch is handled', async () => {
    logs.length = 0;
    const good = resourceEvent({ id: 'evt-in-batch', resourceId: `${sharedNsg}/securityRules/AllowClientHttpsInbound`, operationName: RULE_WRITE });
    await send(events, [{ id: 'evt-broken', eventType: 'Microsoft.Resources.ResourceWriteSuccess', subject: 'x' }, good]);
    expect(await deliver()).toEqual({ events: 1, evaluations: 4 });
    const warning = logs.find(([level, message]) => level === 'warning' && String(message).includes('evt-broken'));
    expect(warning?.[1]).toMatch(/skipped malformed event evt-broken at position 0/);
  });

  it('a redelivered event is dropped before it schedules anything', async () => {
    const again = resourceEvent({ id: 'evt-in-batch', resourceId: `${sharedNsg}/securityRules/AllowClientHttpsInbound`, operationName: RULE_WRITE });
    const duplicates = telemetry.sum('EventsDuplicate');
    await send(events, again);
    expect(await deliver()).toEqual({ events: 1, evaluations: 0 });
    expect(telemetry.sum('EventsDuplicate')).toBe(duplicates + 1);
  });
});

describe('the index follows the instances', () => {
  it('an instance moved to another NSG is evaluated on the new NSG’s events, not the old one’s', async () => {
    const moved = instances[0]!;
    const apim = structuredClone(sim.store.get(moved)!);
    // Move apim-00000 into the subnet of apim-00004 (whose NSG is the second one).
    const target = sim.store.get(instances[4]!)!;
    const targetSubnet = (target.properties as { virtualNetworkConfiguration: { subnetResourceId: string } }).virtualNetworkConfiguration.subnetResourceId;
    (apim.properties as { virtualNetworkConfiguration: { subnetResourceId: string } }).virtualNetworkConfiguration.subnetResourceId = targetSubnet;
    sim.store.put(apim);
    await send(events, resourceEvent({ id: 'evt-apim-write', resourceId: moved, operationName: 'Microsoft.ApiManagement/service/write' }));
    expect(await deliver()).toEqual({ events: 1, evaluations: 1 });

    const store = runtime.watcher({ info() {}, warn() {}, error() {} }).store;
    const onOld = (await store.dependentsOf(sharedNsg)).map((l) => l.instanceId);
    expect(onOld).not.toContain(moved);
    expect(onOld).toHaveLength(3);
    expect((await store.dependentsOf(secondNsg)).map((l) => l.instanceId)).toContain(moved);
    // An event on the new NSG now reaches the moved instance (and its four new neighbours).
    await send(events, resourceEvent({ id: 'evt-new-nsg', resourceId: `${secondNsg}/securityRules/AllowSqlOutbound`, operationName: RULE_WRITE }));
    expect(await deliver()).toEqual({ events: 1, evaluations: 5 });
  });

  it('an instance deleted in Azure is forgotten after its delete event', async () => {
    const gone = instances[7]!;
    sim.store.remove(gone);
    await send(events, resourceEvent({ id: 'evt-apim-delete', resourceId: gone, operationName: 'Microsoft.ApiManagement/service/delete' }));
    expect(await deliver()).toEqual({ events: 1, evaluations: 1 });
    expect(await state(gone)).toBeUndefined();
    const store = runtime.watcher({ info() {}, warn() {}, error() {} }).store;
    expect((await store.indexedInstances()).map((i) => i.toLowerCase())).not.toContain(gone.toLowerCase());
  });
});

describe('failures', () => {
  it('an evaluation that keeps failing ends in the poison queue, with the reason logged at each attempt', async () => {
    logs.length = 0;
    const poison = queue(inject('storageConnectionString'), `${evaluations.name}-poison`);
    sim.deny(`/subscriptions/${sub}`);
    try {
      await evaluations.sendMessage(Buffer.from(JSON.stringify({ instanceId: instances[1], trigger: 'event' })).toString('base64'));
      const result = await drain(evaluations, 'evaluateInstance', onEvaluation(), { logs, retryAfterSeconds: 0, poison, idleRounds: 3 });
      expect(result).toEqual({ succeeded: 0, failedAttempts: 5, poisoned: 1 });
    } finally {
      sim.allowAll();
    }
    const errors = logs.filter(([level]) => level === 'error').map(([, m]) => String(m));
    expect(errors.filter((m) => m.startsWith('evaluating an instance failed'))).toHaveLength(5);
    expect(errors.at(-1)).toMatch(/attempt 5 of 5; the message goes to the poison queue\): .*cannot read instance/);
    const { receivedMessageItems } = await poison.receiveMessages();
    expect(receivedMessageItems).toHaveLength(1);
  });
});
