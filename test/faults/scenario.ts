/**
 * One crash-point scenario of the watcher, isolated (its own ARM simulator, tables, queues, Teams
 * and SMTP receivers, fault proxies): a healthy instance is swept, an NSG rule it needs is deleted
 * by mallory, and the change travels through the three flows (events, evaluation, delivery) with
 * the host's retries, while one fault is applied in the flow under test.
 */
import type { InvocationContext } from '@azure/functions';
import { deliverAlertsHandler } from '../../functions/deliverAlerts.js';
import { evaluateInstanceHandler } from '../../functions/evaluateInstance.js';
import { resourceEventPushHandler, resourceEventsHandler } from '../../functions/resourceEvents.js';
import { createRuntime, type Runtime } from '../../functions/runtime.js';
import { sweepHandler } from '../../functions/sweep.js';
import { parseResourceId } from '../../src/arm/resource-id.js';
import { loadConfig } from '../../src/config/config.js';
import type { InstanceState, Transition } from '../../src/watcher/ports.js';
import { startSmtpServer, startTeamsServer } from '../alerts/servers.js';
import { context, drain, queue, send, watcherTestSettings, type LogLine } from '../functions/host.js';
import { alertChannelSettings } from '../support/alerting-watcher.js';
import { fakeCredential } from '../support/arm-simulator-connection.js';
import type { FaultRule } from '../support/arm-simulator-faults.js';
import { ArmSimulator } from '../support/arm-simulator.js';
import { faultyStorage, StorageFaultPlan, type StorageFault, type WriteSeen } from '../support/storage-fault-proxy.js';
import { syntheticEstate } from '../support/synthetic-estate.js';
import { resourceEvent } from '../watcher/fixtures.js';

export type Flow = 'events' | 'evaluation' | 'delivery';
export const CALLER = 'mallory@contoso.com';

export interface ScenarioOptions {
  /** The flow whose writes are numbered (all of them are numbered when a census is asked for). */
  flow?: Flow;
  storage?: { at: number; kind: StorageFault };
  /** ARM faults for the first attempt of the evaluation (an outage to the end of that invocation). */
  arm?: FaultRule[];
  /**
   * Keep the ARM faults for every attempt, until the evaluation message is in the poison queue; then
   * ARM recovers and another change arrives (by bob), which must be evaluated at once.
   */
  armUntilPoison?: boolean;
  /** The event arrives by Event Grid push (the eventGrid trigger), redelivered after each failure. */
  push?: boolean;
}

export interface ScenarioResult {
  state: InstanceState | undefined;
  /** Transitions stored after the baseline. */
  transitions: Transition[];
  cards: string[];
  mails: string[];
  /** Writes of the flow under test, numbered as the fault plan saw them. */
  writes: WriteSeen[];
  undelivered: number;
  logs: LogLine[];
}

const RULE = 'AllowApiManagementInbound';

export async function runScenario(direct: string, options: ScenarioOptions = {}): Promise<ScenarioResult> {
  const teams = await startTeamsServer();
  const smtp = await startSmtpServer();
  const resources = syntheticEstate({ instances: 1, subscriptions: 1, nsgRules: 9, routes: 0, instancesPerNsg: 1 });
  const instanceId = resources.find((r) => r.type === 'Microsoft.ApiManagement/service')!.id;
  const nsgId = resources.find((r) => r.type === 'Microsoft.Network/networkSecurityGroups')!.id;
  const sim = await ArmSimulator.start(resources);
  const plan = new StorageFaultPlan();
  const proxied = await faultyStorage(direct, plan);
  const logs: LogLine[] = [];
  try {
    const config = loadConfig(
      watcherTestSettings({ connectionString: proxied.connectionString, armEndpoint: sim.url, subscriptionId: parseResourceId(instanceId).subscriptionId, prefix: 'fault' }, {
        DEBOUNCE_SECONDS: '0',
        ...alertChannelSettings(teams, smtp),
      }),
    );
    const runtime: Runtime = await createRuntime(config, {
      armCredential: fakeCredential(),
      storageRetry: { maxRetries: 2, retryDelayInMs: 10, maxRetryDelayInMs: 40 },
      armRetry: { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 10 },
    });
    // The host reads and deletes queue messages directly: it is not the adapter under test.
    const events = queue(direct, config.eventsQueueName);
    const evaluations = queue(direct, config.evaluationsQueueName);
    const poison = queue(direct, `${config.evaluationsQueueName}-poison`);
    await events.createIfNotExists();
    await sweepHandler(async () => runtime)({ isPastDue: false } as never, context('sweep', logs));
    const store = runtime.watcher({ info() {}, warn() {}, error() {} }).store;
    await deliverAlertsHandler(async () => runtime)({ isPastDue: false } as never, context('deliverAlerts', logs));
    const baseline = { transitions: (await store.listTransitions(instanceId)).length, cards: teams.received.length, mails: smtp.received.length };

    sim.store.remove(`${nsgId}/securityRules/${RULE}`);
    const breaking = resourceEvent({ id: 'evt-break', resourceId: `${nsgId}/securityRules/${RULE}`, operationName: 'Microsoft.Network/networkSecurityGroups/securityRules/delete', upn: CALLER });
    if (!options.push) await send(events, breaking);

    const armed = (flow: Flow) => (options.flow === flow ? plan.arm(options.storage) : undefined);
    /** An outage lasts to the end of the invocation that met it. */
    const invocation =
      (handler: (message: unknown, ctx: InvocationContext) => Promise<unknown>) =>
      async (message: unknown, ctx: InvocationContext): Promise<unknown> => {
        try {
          return await handler(message, ctx);
        } finally {
          plan.heal();
          if (!options.armUntilPoison) sim.faults.clear();
        }
      };
    const writes: WriteSeen[] = [];
    const done = (flow: Flow) => {
      if (options.flow === flow) writes.push(...plan.seen);
      plan.disarm();
    };

    armed('events');
    if (options.push) {
      // Event Grid redelivers a push that failed, and tells the function nothing about it.
      const push = invocation(resourceEventPushHandler(async () => runtime));
      for (let attempt = 1; attempt <= 5; attempt++) {
        if (await push(breaking, context('resourceEventsPush', logs)).then(() => true, () => false)) break;
      }
    }
    await drain(events, 'resourceEvents', invocation(resourceEventsHandler(async () => runtime)), { logs, retryAfterSeconds: 0 });
    done('events');

    armed('evaluation');
    for (const rule of options.arm ?? []) sim.faults.add(rule);
    const evaluate = invocation(evaluateInstanceHandler(async () => runtime));
    const outcome = await drain(evaluations, 'evaluateInstance', evaluate, { logs, retryAfterSeconds: 0, poison });
    if (options.armUntilPoison) {
      if (outcome.poisoned !== 1) throw new Error(`expected the evaluation to end in the poison queue, got ${JSON.stringify(outcome)}`);
      sim.faults.clear();
      const ruleId = `${nsgId}/securityRules/AllowClientHttpsInbound`;
      await send(events, resourceEvent({ id: 'evt-after', resourceId: ruleId, operationName: 'Microsoft.Network/networkSecurityGroups/securityRules/write', upn: 'bob@contoso.com' }));
      await drain(events, 'resourceEvents', invocation(resourceEventsHandler(async () => runtime)), { logs, retryAfterSeconds: 0 });
      await drain(evaluations, 'evaluateInstance', evaluate, { logs, retryAfterSeconds: 0, poison });
    }
    done('evaluation');

    armed('delivery');
    const deliver = invocation(async () => deliverAlertsHandler(async () => runtime)({ isPastDue: false } as never, context('deliverAlerts', logs)));
    for (let i = 0; i < 3; i++) await deliver(undefined, context('deliverAlerts', logs)).catch(() => undefined);
    done('delivery');

    const all = await store.listTransitions(instanceId);
    const transitions = all.slice(0, all.length - baseline.transitions);
    const outbox = runtime.alerting({ info() {}, warn() {}, error() {} })!;
    return {
      state: await store.getInstance(instanceId),
      transitions,
      cards: teams.received.slice(baseline.cards).map((c) => JSON.stringify(c)),
      mails: smtp.received.slice(baseline.mails).map((m) => `${m.subject}\n${m.text ?? ''}`),
      writes,
      undelivered: (await outbox.listUndelivered(instanceId)).length,
      logs,
    };
  } finally {
    await proxied.close();
    await sim.stop();
    await teams.close();
    await smtp.close();
  }
}
