/**
 * A deleted instance closes the alerts it left open, end to end: Azurite, the ARM simulator, the
 * Functions handlers as the host invokes them, and alerts delivered to a local Teams webhook and a
 * local SMTP server on 127.0.0.1. Deleted while failing: one "instance deleted" notice per channel;
 * deleted while passing: none; seen deleted again (redelivered event or message, a sweep): none more.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deliverAlertsHandler } from '../../functions/deliverAlerts.js';
import { evaluateInstanceHandler } from '../../functions/evaluateInstance.js';
import { resourceEventsHandler } from '../../functions/resourceEvents.js';
import { createRuntime, type Runtime } from '../../functions/runtime.js';
import { sweepHandler } from '../../functions/sweep.js';
import type { DeliverySummary } from '../../src/alerts/delivery.js';
import type { AdaptiveCard, TeamsMessage } from '../../src/alerts/render/card.js';
import { parseResourceId } from '../../src/arm/resource-id.js';
import { loadConfig } from '../../src/config/config.js';
import { expectValidCard } from '../alerts/card-check.js';
import { startSmtpServer, startTeamsServer, type SmtpServer, type TeamsServer } from '../alerts/servers.js';
import { fakeCredential } from '../support/arm-simulator-connection.js';
import { ArmSimulator } from '../support/arm-simulator.js';
import { syntheticEstate } from '../support/synthetic-estate.js';
import { recordingTelemetry, resourceEvent } from '../watcher/fixtures.js';
import { context, drain, queue, send, watcherTestSettings, type LogLine } from './host.js';

const APIM_DELETE = 'Microsoft.ApiManagement/service/delete';

let sim: ArmSimulator;
let runtime: Runtime;
let teams: TeamsServer;
let smtp: SmtpServer;
let telemetry: ReturnType<typeof recordingTelemetry>;
let events: ReturnType<typeof queue>;
let evaluations: ReturnType<typeof queue>;
let healthy: string[];
let broken: string[];
const logs: LogLine[] = [];

const quiet = { info() {}, warn() {}, error() {} };
const nameOf = (id: string) => parseResourceId(id).name!;
const cardOf = (m: unknown) => (m as TeamsMessage).attachments[0]!.content as AdaptiveCard;
const sweep = () => sweepHandler(async () => runtime)({ isPastDue: false } as never, context('sweep', logs));
const deliverAlerts = async (): Promise<DeliverySummary> =>
  (await deliverAlertsHandler(async () => runtime)({ isPastDue: false } as never, context('deliverAlerts', logs)))!;

/** Delivers what is in the events queue, lets the debounce window pass, runs the evaluations. */
async function deliverEvents(): Promise<{ events: number; evaluations: number }> {
  const e = await drain(events, 'resourceEvents', resourceEventsHandler(async () => runtime), { logs });
  await new Promise((r) => setTimeout(r, 1_100)); // DEBOUNCE_SECONDS=1: the messages become visible
  const v = await drain(evaluations, 'evaluateInstance', evaluateInstanceHandler(async () => runtime), { logs });
  return { events: e.succeeded, evaluations: v.succeeded };
}

/** The cards and e-mails received since `from`. */
function received(from: { teams: number; mails: number }) {
  return {
    cards: teams.received.slice(from.teams).map(cardOf),
    mails: smtp.received.slice(from.mails),
  };
}

const counts = () => ({ teams: teams.received.length, mails: smtp.received.length });

beforeAll(async () => {
  // Every second NSG lacks the inbound 3443 rule: instances 1 and 3 fail, 0 and 2 pass.
  const resources = syntheticEstate({ instances: 4, subscriptions: 1, nsgRules: 9, routes: 0, brokenEvery: 2 });
  const ids = resources.filter((r) => r.type === 'Microsoft.ApiManagement/service').map((r) => r.id);
  healthy = [ids[0]!, ids[2]!];
  broken = [ids[1]!, ids[3]!];
  sim = await ArmSimulator.start(resources);
  teams = await startTeamsServer();
  smtp = await startSmtpServer();
  const cs = inject('storageConnectionString');
  const config = loadConfig(
    watcherTestSettings({ connectionString: cs, armEndpoint: sim.url, subscriptionId: parseResourceId(ids[0]!).subscriptionId, prefix: 'del' }, {
      // Two channels: one Teams-only, one e-mail-only.
      ALERT_CHANNELS: JSON.stringify([
        { name: 'ops', teamsWebhookUrl: teams.url, receivesAll: true },
        { name: 'network', emailTo: ['network@contoso.com'], receivesAll: true },
      ]),
      ALERT_EXTRA_WEBHOOK_ORIGINS: teams.origin,
      ALERT_SUBJECT_PREFIX: '[guard]',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_TLS: 'none',
      EMAIL_FROM: 'apim-vnet-guard@contoso.com',
    }),
  );
  telemetry = recordingTelemetry();
  runtime = await createRuntime(config, { armCredential: fakeCredential(), telemetry });
  events = queue(cs, config.eventsQueueName);
  evaluations = queue(cs, config.evaluationsQueueName);
  await events.createIfNotExists();

  // The first sweep: the two failing instances alert, once per channel.
  expect(await sweep()).toMatchObject({ instances: 4, evaluated: 4, failed: 0, incomplete: [] });
  expect(await deliverAlerts()).toMatchObject({ sent: 4 });
  expect(teams.received).toHaveLength(2);
  expect(smtp.received.map((m) => m.subject).sort()).toEqual(broken.map((id) => `[guard] FAIL ${nameOf(id)}: BREAKS NOW · 1 broken`).sort());
});

afterAll(async () => {
  await sim?.stop();
  await teams?.close();
  await smtp?.close();
});

describe('an instance deleted while failing', () => {
  let before: { teams: number; mails: number };

  it('its delete event closes its alert: one notice per channel; a passing instance deleted with it gets none', async () => {
    before = counts();
    sim.store.remove(broken[0]!);
    sim.store.remove(healthy[0]!);
    await send(events, [
      resourceEvent({ id: 'evt-delete-failing', resourceId: broken[0]!, operationName: APIM_DELETE, upn: 'mallory@contoso.com' }),
      resourceEvent({ id: 'evt-delete-passing', resourceId: healthy[0]!, operationName: APIM_DELETE }),
    ]);
    expect(await deliverEvents()).toEqual({ events: 1, evaluations: 2 });
    expect(await runtime.watcher(quiet).store.getInstance(broken[0]!)).toBeUndefined();
    expect(await runtime.watcher(quiet).store.getInstance(healthy[0]!)).toBeUndefined();

    expect(await deliverAlerts()).toMatchObject({ sent: 2, retrying: 0, failed: 0 });
    const { cards, mails } = received(before);
    expect(cards).toHaveLength(1);
    expect(mails).toHaveLength(1);

    const card = cards[0]!;
    expectValidCard(card, expect);
    const text = JSON.stringify(card);
    expect(text).toContain('RESOLVED: instance deleted');
    expect(text).toContain('Instance deleted: the alert is closed.');
    expect(text).toContain(nameOf(broken[0]!));
    expect(text).toContain('mallory@contoso.com');
    expect(text).not.toContain(nameOf(healthy[0]!));
    expect((card.body[0] as { style: string }).style).toBe('good');

    const mail = mails[0]!;
    expect(mail.subject).toBe(`[guard] RESOLVED ${nameOf(broken[0]!)}: instance deleted`);
    expect(mail.text).toContain('Instance deleted: the alert is closed.');
    const opening = smtp.received.find((m) => m.subject === `[guard] FAIL ${nameOf(broken[0]!)}: BREAKS NOW · 1 broken`)!;
    expect(mail.inReplyTo).toBe(opening.messageId);
    expect(smtp.envelopes.at(-1)).toEqual(['network@contoso.com']);

    const removed = telemetry.events.filter((e) => e.name === 'InstanceRemoved');
    expect(removed.map((e) => [e.properties?.instanceId?.toLowerCase(), e.measurements?.closedAlerts]).sort()).toEqual(
      [
        [broken[0]!.toLowerCase(), 2],
        [healthy[0]!.toLowerCase(), 0],
      ].sort(),
    );
  });

  it('seen deleted again — the event redelivered, an evaluation message redelivered, a sweep — it sends nothing more', async () => {
    const after = counts();
    await send(events, [
      resourceEvent({ id: 'evt-delete-failing', resourceId: broken[0]!, operationName: APIM_DELETE, upn: 'mallory@contoso.com' }),
      resourceEvent({ id: 'evt-delete-passing', resourceId: healthy[0]!, operationName: APIM_DELETE }),
    ]);
    expect(await deliverEvents()).toEqual({ events: 1, evaluations: 0 });
    for (const instanceId of [broken[0]!, healthy[0]!]) await send(evaluations, { instanceId, trigger: 'event' });
    expect((await deliverEvents()).evaluations).toBe(2);
    expect(await sweep()).toMatchObject({ instances: 2, removed: 0 });

    expect(await deliverAlerts()).toMatchObject({ sent: 0 });
    expect(counts()).toEqual(after);
  });
});

describe('an instance a sweep no longer finds', () => {
  it('closes its alert once, like a delete event, when the sweep read everything', async () => {
    const before = counts();
    sim.store.remove(broken[1]!); // no event: lost, or never sent
    expect(await sweep()).toMatchObject({ instances: 1, removed: 1, incomplete: [] });
    expect(await deliverAlerts()).toMatchObject({ sent: 2 });
    const { cards, mails } = received(before);
    expect(cards).toHaveLength(1);
    expect(JSON.stringify(cards[0])).toContain(nameOf(broken[1]!));
    expect(mails.map((m) => m.subject)).toEqual([`[guard] RESOLVED ${nameOf(broken[1]!)}: instance deleted`]);

    expect(await sweep()).toMatchObject({ removed: 0 });
    expect(await deliverAlerts()).toMatchObject({ sent: 0 });
    expect(counts()).toEqual({ teams: before.teams + 1, mails: before.mails + 1 });
  });
});
