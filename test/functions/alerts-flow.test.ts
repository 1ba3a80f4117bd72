/**
 * Issue 5's scenario through the whole watcher: an NSG rule deleted → the instance fails → the rule
 * restored → it passes, with every queue message handled twice (at-least-once delivery). Exactly one
 * Teams card and one e-mail for the failure and one of each for the recovery reach a local webhook
 * server and a local SMTP server, naming who made the change.
 */
import type { InvocationContext } from '@azure/functions';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deliverAlertsHandler } from '../../functions/deliverAlerts.js';
import { evaluateInstanceHandler } from '../../functions/evaluateInstance.js';
import { resourceEventsHandler } from '../../functions/resourceEvents.js';
import { createRuntime, type Runtime } from '../../functions/runtime.js';
import { sweepHandler } from '../../functions/sweep.js';
import type { ArmResource } from '../../src/arm/arm-resource.js';
import { parseResourceId } from '../../src/arm/resource-id.js';
import { loadConfig } from '../../src/config/config.js';
import { startSmtpServer, startTeamsServer, type SmtpServer, type TeamsServer } from '../alerts/servers.js';
import { fakeCredential } from '../support/arm-simulator-connection.js';
import { ArmSimulator } from '../support/arm-simulator.js';
import { syntheticEstate } from '../support/synthetic-estate.js';
import { resourceEvent } from '../watcher/fixtures.js';
import { context, drain, queue, send, watcherTestSettings, type LogLine } from './host.js';

let sim: ArmSimulator;
let runtime: Runtime;
let teams: TeamsServer;
let smtp: SmtpServer;
let events: ReturnType<typeof queue>;
let evaluations: ReturnType<typeof queue>;
let instanceName: string;
let nsgId: string;
const logs: LogLine[] = [];

/** At-least-once delivery: the host may hand the same message to the function twice. */
const twice =
  (handler: (message: unknown, context: InvocationContext) => Promise<unknown>) =>
  async (message: unknown, ctx: InvocationContext): Promise<unknown> => {
    await handler(message, ctx);
    return handler(message, ctx);
  };

async function deliver(): Promise<void> {
  await drain(events, 'resourceEvents', twice(resourceEventsHandler(async () => runtime)), { logs });
  await new Promise((r) => setTimeout(r, 1_100)); // DEBOUNCE_SECONDS=1
  await drain(evaluations, 'evaluateInstance', twice(evaluateInstanceHandler(async () => runtime)), { logs });
  for (let i = 0; i < 2; i++) await deliverAlertsHandler(async () => runtime)({ isPastDue: false } as never, context('deliverAlerts', logs));
}

beforeAll(async () => {
  teams = await startTeamsServer();
  smtp = await startSmtpServer();
  const resources = syntheticEstate({ instances: 1, subscriptions: 1, nsgRules: 9, routes: 0, instancesPerNsg: 1 });
  const instanceId = resources.find((r) => r.type === 'Microsoft.ApiManagement/service')!.id;
  instanceName = parseResourceId(instanceId).name!;
  nsgId = resources.find((r) => r.type === 'Microsoft.Network/networkSecurityGroups')!.id;
  sim = await ArmSimulator.start(resources);
  const cs = inject('storageConnectionString');
  const config = loadConfig(
    watcherTestSettings({ connectionString: cs, armEndpoint: sim.url, subscriptionId: parseResourceId(instanceId).subscriptionId, prefix: 'alerts' }, {
      ALERT_TEAMS_WEBHOOK_URL: teams.url,
      ALERT_EXTRA_WEBHOOK_ORIGINS: teams.origin,
      ALERT_EMAIL_TO: 'platform-team@contoso.com',
      EMAIL_FROM: 'apim-vnet-guard@contoso.com',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_TLS: 'none',
    }),
  );
  runtime = await createRuntime(config, { armCredential: fakeCredential() });
  events = queue(cs, config.eventsQueueName);
  evaluations = queue(cs, config.evaluationsQueueName);
  await events.createIfNotExists();
  await sweepHandler(async () => runtime)({ isPastDue: false } as never, context('sweep', logs));
  await deliverAlertsHandler(async () => runtime)({ isPastDue: false } as never, context('deliverAlerts', logs));
});

afterAll(async () => {
  await sim?.stop();
  await teams?.close();
  await smtp?.close();
});

describe('alerts through the watcher', () => {
  const ruleId = () => `${nsgId}/securityRules/AllowApiManagementInbound`;
  let rule: ArmResource;

  it('a healthy instance sends nothing', () => {
    expect(teams.received).toHaveLength(0);
    expect(smtp.received).toHaveLength(0);
  });

  it('the 3443 rule deleted: one card and one e-mail, naming the caller and the deciding rule', async () => {
    rule = structuredClone(sim.store.get(ruleId())!);
    sim.store.remove(ruleId());
    const event = resourceEvent({
      id: 'evt-alert-delete',
      resourceId: ruleId(),
      operationName: 'Microsoft.Network/networkSecurityGroups/securityRules/delete',
      upn: 'mallory@contoso.com',
    });
    await send(events, event);
    await send(events, event); // Event Grid delivered it twice
    await deliver();

    expect(teams.received).toHaveLength(1);
    expect(smtp.received).toHaveLength(1);
    const card = JSON.stringify(teams.received[0]);
    expect(card).toContain(instanceName);
    expect(card).toContain('mallory@contoso.com');
    expect(card).toContain('NSG_IN_MGMT_3443');
    expect(card).toContain('DenyAllInBound');
    const mail = smtp.received[0]!;
    expect(mail.subject).toMatch(new RegExp(`FAIL ${instanceName}`));
    expect(mail.text).toContain('mallory@contoso.com');
    expect(mail.html).toContain('mallory@contoso.com');
    expect(JSON.stringify(logs)).not.toContain(new URL(teams.url).pathname);
  });

  it('the rule restored: one resolved card and one e-mail in the same thread, naming who restored it', async () => {
    sim.store.put(rule);
    await send(
      events,
      resourceEvent({ id: 'evt-alert-restore', resourceId: ruleId(), operationName: 'Microsoft.Network/networkSecurityGroups/securityRules/write', upn: 'bob@contoso.com' }),
    );
    await deliver();

    expect(teams.received).toHaveLength(2);
    expect(smtp.received).toHaveLength(2);
    expect(JSON.stringify(teams.received[1])).toContain('bob@contoso.com');
    const [failMail, resolvedMail] = smtp.received;
    expect(resolvedMail!.subject).toMatch(new RegExp(`RESOLVED ${instanceName}`));
    expect(resolvedMail!.inReplyTo).toBe(failMail!.messageId);
  });

  it('nothing more is sent when everything is delivered again', async () => {
    await deliver();
    await sweepHandler(async () => runtime)({ isPastDue: false } as never, context('sweep', logs));
    await deliverAlertsHandler(async () => runtime)({ isPastDue: false } as never, context('deliverAlerts', logs));
    expect(teams.received).toHaveLength(2);
    expect(smtp.received).toHaveLength(2);
  });
});
