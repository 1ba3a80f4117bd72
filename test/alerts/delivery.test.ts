import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { Alerting } from '../../src/alerts/alerting.js';
import { Delivery, retryDelayMs } from '../../src/alerts/delivery.js';
import { Outbox } from '../../src/alerts/outbox.js';
import { decideAlerts } from '../../src/alerts/policy.js';
import type { Alert, AlertSettings, Target } from '../../src/alerts/types.js';
import { CHANGE, INSTANCE_ID, T0, captureLogger, finding, report, settings } from './fixtures.js';
import { startAcsFake, startSmtpServer, startTeamsServer, type TeamsServer } from './servers.js';

const connectionString = inject('storageConnectionString');
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function newOutbox(table = `outbox${randomBytes(6).toString('hex')}`): Promise<{ outbox: Outbox; table: string }> {
  const outbox = Outbox.fromConnectionString(connectionString, table);
  await outbox.ensureTable();
  return { outbox, table };
}

function teamsSettings(server: TeamsServer, extra: Partial<AlertSettings> = {}): AlertSettings {
  return settings({
    channels: [{ name: 'ops', teamsWebhookUrl: server.url, emailTo: [], receivesAll: true }],
    extraWebhookOrigins: [server.origin],
    ...extra,
  });
}

function failingAlert(): Alert {
  return decideAlerts({
    report: report('fail', [finding()]),
    previous: undefined,
    channels: [{ name: 'ops', minSeverity: 'breaks-on-apply' }],
    changes: [CHANGE],
    now: T0,
    options: { unknownAfterMinutes: 60, subjectPrefix: '[apim-vnet-guard]' },
  }).alerts[0]!;
}

const TEAMS: Target = { kind: 'teams', channel: 'ops' };
const HOUR = 3600_000;

/** Calls deliverDue with a clock moved past every retry delay, until nothing is due. */
async function drain(delivery: Delivery, from: Date, rounds = 30): Promise<Date> {
  let now = from;
  for (let i = 0; i < rounds; i++) {
    const s = await delivery.deliverDue(now);
    if (s.attempted === 0 && s.skipped === 0) return now;
    now = new Date(now.getTime() + 2 * HOUR);
  }
  return now;
}

describe('outbox', () => {
  it('enqueues an alert once per target, however often it is enqueued', async () => {
    const { outbox } = await newOutbox();
    const alert = failingAlert();
    const email: Target = { kind: 'email', channel: 'ops', address: 'ops@contoso.com' };
    expect(await outbox.enqueue(alert, [TEAMS, email], T0)).toEqual({ added: 2, existing: 0 });
    expect(await outbox.enqueue(alert, [TEAMS, email], new Date(T0.getTime() + 1000))).toEqual({ added: 0, existing: 2 });
    const rows = await outbox.list(INSTANCE_ID);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.status === 'pending' && r.attempts === 0)).toBe(true);
    expect(rows[0]!.alert).toEqual(alert);
  });

  it('purges sent rows older than a date, and only those', async () => {
    const { outbox } = await newOutbox();
    const alert = failingAlert();
    const later = { ...alert, id: `${alert.id.slice(0, -1)}0` === alert.id ? `${alert.id.slice(0, -1)}1` : `${alert.id.slice(0, -1)}0` };
    await outbox.enqueue(alert, [TEAMS], T0);
    await outbox.enqueue(later, [TEAMS], new Date(T0.getTime() + 48 * HOUR));
    for (const e of await outbox.list(INSTANCE_ID)) await outbox.markSent(e, T0);
    await outbox.enqueue({ ...alert, id: 'pending-one' }, [TEAMS], T0);
    expect(await outbox.prune(new Date(T0.getTime() + 24 * HOUR))).toBe(1);
    expect((await outbox.list(INSTANCE_ID)).map((e) => [e.alertId, e.status]).sort()).toEqual(
      [[later.id, 'sent'], ['pending-one', 'pending']].sort(),
    );
  });

  it('prunes given-up rows too, after the retention setting, and keeps pending rows of any age', async () => {
    const { outbox } = await newOutbox();
    const alert = failingAlert();
    await outbox.enqueue(alert, [TEAMS], T0);
    await outbox.enqueue({ ...alert, id: 'given-up' }, [TEAMS], T0);
    await outbox.enqueue({ ...alert, id: 'still-pending' }, [TEAMS], T0);
    for (const e of await outbox.list(INSTANCE_ID)) {
      if (e.alertId === alert.id) await outbox.markSent(e, T0);
      if (e.alertId === 'given-up') await outbox.markFailed(e, 'HTTP 400');
    }
    const alerting = new Alerting({ settings: settings(), outbox, logger: captureLogger(), delivery: undefined as never });
    expect(await alerting.pruneOutbox(new Date(T0.getTime() + 29 * 24 * HOUR))).toBe(0);
    expect(await alerting.pruneOutbox(new Date(T0.getTime() + 31 * 24 * HOUR))).toBe(2);
    expect((await outbox.list(INSTANCE_ID)).map((e) => e.alertId)).toEqual(['still-pending']);
  });

  it('stores large alerts across properties', async () => {
    const { outbox } = await newOutbox();
    const alert = { ...failingAlert(), findings: Array.from({ length: 200 }, (_, i) => finding({ ruleId: `R${i}`, message: 'x'.repeat(400) })) };
    await outbox.enqueue(alert, [TEAMS], T0);
    const [row] = await outbox.list(INSTANCE_ID);
    expect(row!.alert.findings).toHaveLength(200);
  });
});

describe('delivery', () => {
  it('a Teams endpoint answering 500 five times still receives the card exactly once', async () => {
    const server = await startTeamsServer({ responses: Array.from({ length: 5 }, () => ({ status: 500, body: 'boom' })) });
    cleanups.push(server.close);
    const { outbox } = await newOutbox();
    const delivery = new Delivery({ outbox, settings: teamsSettings(server), logger: captureLogger() });
    await outbox.enqueue(failingAlert(), [TEAMS], T0);

    const schedule: number[] = [];
    let now = T0;
    for (let i = 0; i < 5; i++) {
      expect(await delivery.deliverDue(now)).toMatchObject({ attempted: 1, retrying: 1 });
      const [row] = await outbox.list(INSTANCE_ID);
      expect(row).toMatchObject({ status: 'pending', attempts: i + 1, lastStatus: 500 });
      expect(row!.lastError).toContain('500');
      schedule.push(row!.nextAttemptAt.getTime() - now.getTime());
      // Not due before its time.
      expect(await delivery.deliverDue(new Date(row!.nextAttemptAt.getTime() - 1000))).toMatchObject({ attempted: 0 });
      now = row!.nextAttemptAt;
    }
    // Exponential backoff.
    for (let i = 1; i < schedule.length; i++) expect(schedule[i]!).toBeGreaterThan(schedule[i - 1]!);
    expect(await delivery.deliverDue(now)).toMatchObject({ attempted: 1, sent: 1 });
    await drain(delivery, now);
    expect(server.calls).toBe(6);
    expect(server.received).toHaveLength(1);
    expect(server.received[0]).toMatchObject({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }] });
    const [row] = await outbox.list(INSTANCE_ID);
    expect(row).toMatchObject({ status: 'sent', attempts: 6 });
    expect(await outbox.listUndelivered(INSTANCE_ID)).toEqual([]);
  });

  it('sends nothing more when the same alert is enqueued again, before or after it was sent', async () => {
    const server = await startTeamsServer();
    cleanups.push(server.close);
    const { outbox } = await newOutbox();
    const delivery = new Delivery({ outbox, settings: teamsSettings(server), logger: captureLogger() });
    const alert = failingAlert();
    await outbox.enqueue(alert, [TEAMS], T0);
    await outbox.enqueue(alert, [TEAMS], T0);
    await drain(delivery, T0);
    await outbox.enqueue(alert, [TEAMS], T0);
    await outbox.enqueue(structuredClone(alert), [TEAMS], new Date(T0.getTime() + HOUR));
    await drain(delivery, T0);
    expect(server.received).toHaveLength(1);
  });

  it('loses nothing when the function restarts in the middle of the retries', async () => {
    const server = await startTeamsServer({ responses: [{ status: 503 }, { status: 502 }, { status: 500 }] });
    cleanups.push(server.close);
    const { outbox, table } = await newOutbox();
    const first = new Delivery({ outbox, settings: teamsSettings(server), logger: captureLogger() });
    await outbox.enqueue(failingAlert(), [TEAMS], T0);
    await first.deliverDue(T0);
    await first.deliverDue(new Date(T0.getTime() + HOUR));
    expect(server.calls).toBe(2);

    // A new process: new objects on the same table, nothing carried over in memory.
    const outbox2 = Outbox.fromConnectionString(connectionString, table);
    const second = new Delivery({ outbox: outbox2, settings: teamsSettings(server), logger: captureLogger() });
    const [row] = await outbox2.list(INSTANCE_ID);
    expect(row).toMatchObject({ status: 'pending', attempts: 2 });
    await drain(second, new Date(T0.getTime() + 2 * HOUR));
    expect(server.received).toHaveLength(1);
    expect((await outbox2.list(INSTANCE_ID))[0]).toMatchObject({ status: 'sent', attempts: 4 });
  });

  it('resumes a send whose worker died after taking the row, once the lease is over', async () => {
    const server = await startTeamsServer();
    cleanups.push(server.close);
    const { outbox } = await newOutbox();
    await outbox.enqueue(failingAlert(), [TEAMS], T0);
    const [pending] = await outbox.due(T0);
    const claimed = await outbox.claim(pending!, T0, 60_000);
    expect(claimed).toBeDefined();
    // ... and the worker crashed here. Another one does not take it during the lease:
    const delivery = new Delivery({ outbox, settings: teamsSettings(server), logger: captureLogger() });
    expect(await delivery.deliverDue(new Date(T0.getTime() + 30_000))).toMatchObject({ attempted: 0 });
    expect(await delivery.deliverDue(new Date(T0.getTime() + 60_000))).toMatchObject({ sent: 1 });
    expect(server.received).toHaveLength(1);
  });

  it('two workers at once send the card once', async () => {
    const server = await startTeamsServer();
    cleanups.push(server.close);
    const { outbox, table } = await newOutbox();
    await outbox.enqueue(failingAlert(), [TEAMS], T0);
    const a = new Delivery({ outbox, settings: teamsSettings(server), logger: captureLogger() });
    const b = new Delivery({ outbox: Outbox.fromConnectionString(connectionString, table), settings: teamsSettings(server), logger: captureLogger() });
    const [sa, sb] = await Promise.all([a.deliverDue(T0), b.deliverDue(T0)]);
    expect(sa.sent + sb.sent).toBe(1);
    expect(server.received).toHaveLength(1);
  });

  it('waits as long as a 429 Retry-After says', async () => {
    const server = await startTeamsServer({ responses: [{ status: 429, headers: { 'retry-after': '120' } }] });
    cleanups.push(server.close);
    const { outbox } = await newOutbox();
    const delivery = new Delivery({ outbox, settings: teamsSettings(server), logger: captureLogger() });
    await outbox.enqueue(failingAlert(), [TEAMS], T0);
    await delivery.deliverDue(T0);
    const [row] = await outbox.list(INSTANCE_ID);
    expect(row!.nextAttemptAt.toISOString()).toBe(new Date(T0.getTime() + 120_000).toISOString());
    expect(row!.lastStatus).toBe(429);
    expect(await delivery.deliverDue(new Date(T0.getTime() + 119_000))).toMatchObject({ attempted: 0 });
    expect(await delivery.deliverDue(new Date(T0.getTime() + 120_000))).toMatchObject({ sent: 1 });
  });

  it('retries a send that timed out', async () => {
    const server = await startTeamsServer({ responses: ['hang'] });
    cleanups.push(server.close);
    const { outbox } = await newOutbox();
    const s = teamsSettings(server);
    const delivery = new Delivery({ outbox, settings: { ...s, delivery: { ...s.delivery, timeoutSeconds: 0.3 } }, logger: captureLogger() });
    await outbox.enqueue(failingAlert(), [TEAMS], T0);
    expect(await delivery.deliverDue(T0)).toMatchObject({ retrying: 1 });
    expect((await outbox.list(INSTANCE_ID))[0]!.lastError).toMatch(/timed out/);
    await drain(delivery, new Date(T0.getTime() + HOUR));
    expect(server.received).toHaveLength(1);
  });

  it('gives up at once on a payload the receiver rejects, and keeps it with its error', async () => {
    const server = await startTeamsServer({ responses: [{ status: 400, body: '{"error":{"code":"InvalidRequestContent","message":"Bad card"}}' }] });
    cleanups.push(server.close);
    const { outbox } = await newOutbox();
    const delivery = new Delivery({ outbox, settings: teamsSettings(server), logger: captureLogger() });
    await outbox.enqueue(failingAlert(), [TEAMS], T0);
    expect(await delivery.deliverDue(T0)).toMatchObject({ failed: 1 });
    await drain(delivery, T0);
    expect(server.calls).toBe(1);
    const undelivered = await outbox.listUndelivered(INSTANCE_ID);
    expect(undelivered).toEqual([
      expect.objectContaining({ kind: 'failing', channel: 'ops', target: 'teams', status: 'failed', attempts: 1, lastStatus: 400, lastError: 'Teams webhook answered 400: InvalidRequestContent' }),
    ]);
  });

  it('keeps a send that keeps failing, after the last attempt, and lists it', async () => {
    const server = await startTeamsServer({ responses: Array.from({ length: 50 }, () => ({ status: 503 })) });
    cleanups.push(server.close);
    const { outbox } = await newOutbox();
    const s = teamsSettings(server);
    const delivery = new Delivery({ outbox, settings: { ...s, delivery: { ...s.delivery, maxAttempts: 4 } }, logger: captureLogger() });
    await outbox.enqueue(failingAlert(), [TEAMS], T0);
    await drain(delivery, T0);
    expect(server.calls).toBe(4);
    const [u] = await outbox.listUndelivered(INSTANCE_ID);
    expect(u).toMatchObject({ status: 'failed', attempts: 4, lastStatus: 503 });
    expect(u!.nextAttemptAt).toBeUndefined();
  });

  it('does not send to a channel removed from the settings since the alert was queued', async () => {
    const server = await startTeamsServer();
    cleanups.push(server.close);
    const { outbox } = await newOutbox();
    await outbox.enqueue(failingAlert(), [TEAMS], T0);
    const delivery = new Delivery({ outbox, settings: settings({ extraWebhookOrigins: [server.origin] }), logger: captureLogger() });
    expect(await delivery.deliverDue(T0)).toMatchObject({ failed: 1 });
    expect(server.calls).toBe(0);
    expect((await outbox.listUndelivered(INSTANCE_ID))[0]!.lastError).toMatch(/channel ops has no Teams webhook/);
  });

  it('re-checks the webhook host at send time', async () => {
    const server = await startTeamsServer();
    cleanups.push(server.close);
    const { outbox } = await newOutbox();
    await outbox.enqueue(failingAlert(), [TEAMS], T0);
    const delivery = new Delivery({ outbox, settings: teamsSettings(server, { extraWebhookOrigins: [] }), logger: captureLogger() });
    expect(await delivery.deliverDue(T0)).toMatchObject({ failed: 1 });
    expect(server.calls).toBe(0);
  });

  it('sends one e-mail per recipient through SMTP', async () => {
    const smtp = await startSmtpServer();
    cleanups.push(smtp.close);
    const { outbox } = await newOutbox();
    const s = settings({
      channels: [{ name: 'ops', emailTo: ['a@contoso.com', 'b@contoso.com'], receivesAll: true }],
      email: { transport: 'smtp', from: 'guard@contoso.com', host: '127.0.0.1', port: smtp.port, tls: 'none' },
    });
    const delivery = new Delivery({ outbox, settings: s, logger: captureLogger() });
    cleanups.push(() => delivery.close());
    const alert = failingAlert();
    await outbox.enqueue(alert, [
      { kind: 'email', channel: 'ops', address: 'a@contoso.com' },
      { kind: 'email', channel: 'ops', address: 'b@contoso.com' },
    ], T0);
    await drain(delivery, T0);
    expect(smtp.envelopes.flat().sort()).toEqual(['a@contoso.com', 'b@contoso.com']);
    expect(smtp.received.map((m) => m.subject)).toEqual([alert.subject, alert.subject]);
    expect(smtp.received[0]!.text).toContain('Jane Doe');
  });

  it('sends through ACS when the settings say so', async () => {
    const acs = await startAcsFake({ failFirst: 1 });
    cleanups.push(acs.close);
    const { outbox } = await newOutbox();
    const s = settings({
      channels: [{ name: 'ops', emailTo: ['a@contoso.com'], receivesAll: true }],
      email: { transport: 'acs', from: 'DoNotReply@contoso.azurecomm.net', connectionString: acs.connectionString },
    });
    const delivery = new Delivery({ outbox, settings: s, logger: captureLogger() });
    await outbox.enqueue(failingAlert(), [{ kind: 'email', channel: 'ops', address: 'a@contoso.com' }], T0);
    await drain(delivery, T0);
    expect(acs.sends).toHaveLength(1);
    expect(acs.sends[0]!.body).toMatchObject({ senderAddress: 'DoNotReply@contoso.azurecomm.net', recipients: { to: [{ address: 'a@contoso.com' }] } });
  });

  it('backs off exponentially up to the maximum, spread by the row key', () => {
    const d = settings().delivery;
    expect(retryDelayMs(1, d, 'k')).toBeGreaterThanOrEqual(24_000);
    expect(retryDelayMs(1, d, 'k')).toBeLessThanOrEqual(36_000);
    expect(retryDelayMs(3, d, 'k')).toBeGreaterThanOrEqual(96_000);
    expect(retryDelayMs(30, d, 'k')).toBeLessThanOrEqual(3600_000 * 1.2);
    expect(retryDelayMs(2, d, 'k')).toBe(retryDelayMs(2, d, 'k'));
    expect(new Set(['a', 'b', 'c', 'd'].map((k) => retryDelayMs(2, d, k))).size).toBeGreaterThan(1);
  });
});

describe('no secret reaches the logs, the outbox or the API', () => {
  it('across failures of every transport', async () => {
    const teams = await startTeamsServer({
      responses: [{ status: 500, body: 'error at /workflows/x?sig=echoed' }, 'hang', { status: 429, headers: { 'retry-after': '1' } }, { status: 400 }],
    });
    const smtp = await startSmtpServer({ user: 'guard', pass: 'right-password' });
    const acs = await startAcsFake({ failFirst: 100, status: 503 });
    cleanups.push(teams.close, smtp.close, acs.close);
    const smtpPassword = 'Wr0ng-Smtp-Passw0rd!';
    const closedPort = (await startTeamsServer().then(async (s) => (await s.close(), s))).url;
    const logger = captureLogger();
    const { outbox } = await newOutbox();
    const base = settings({
      channels: [
        { name: 'ops', teamsWebhookUrl: teams.url, emailTo: ['a@contoso.com'], receivesAll: true },
        { name: 'gone', teamsWebhookUrl: closedPort, emailTo: [], receivesAll: true },
      ],
      extraWebhookOrigins: [teams.origin, new URL(closedPort).origin],
      email: { transport: 'smtp', from: 'guard@contoso.com', host: '127.0.0.1', port: smtp.port, tls: 'none', user: 'guard', password: smtpPassword },
    });
    const s = { ...base, delivery: { ...base.delivery, timeoutSeconds: 0.5 } };
    const alert = failingAlert();
    await outbox.enqueue(alert, [TEAMS, { kind: 'teams', channel: 'gone' }, { kind: 'email', channel: 'ops', address: 'a@contoso.com' }], T0);
    const delivery = new Delivery({ outbox, settings: s, logger });
    cleanups.push(() => delivery.close());
    await drain(delivery, T0, 5);
    // The same rows through ACS.
    const acsSettings: AlertSettings = { ...s, email: { transport: 'acs', from: 'DoNotReply@contoso.azurecomm.net', connectionString: acs.connectionString } };
    const { outbox: outbox2 } = await newOutbox();
    await outbox2.enqueue(alert, [{ kind: 'email', channel: 'ops', address: 'a@contoso.com' }], T0);
    await drain(new Delivery({ outbox: outbox2, settings: acsSettings, logger }), T0, 2);

    const stored = JSON.stringify([await outbox.list(INSTANCE_ID), await outbox.listUndelivered(INSTANCE_ID), await outbox2.list(INSTANCE_ID)]);
    const logs = logger.lines.join('\n');
    expect(logs).toMatch(/retry/);
    const accountKey = /AccountKey=([^;]+)/.exec(connectionString)![1]!;
    const acsKey = /accesskey=([^;]+)/.exec(acs.connectionString)![1]!;
    for (const secret of [
      teams.url,
      new URL(teams.url).pathname,
      new URL(teams.url).searchParams.get('sig')!,
      new URL(closedPort).searchParams.get('sig')!,
      smtpPassword,
      acsKey,
      acs.connectionString,
      accountKey,
      'sig=echoed',
    ]) {
      expect(logs, `logs hold ${secret}`).not.toContain(secret);
      expect(stored, `outbox holds ${secret}`).not.toContain(secret);
    }
    // The recipient is masked in logs and in the API.
    expect(logs).not.toContain('a@contoso.com');
    expect(JSON.stringify(await outbox.listUndelivered(INSTANCE_ID))).not.toContain('a@contoso.com');
  });
});
