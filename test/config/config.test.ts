import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultAlertSettings } from '../../src/alerts/routing.js';
import { ConfigError, loadConfig, requireWatcherSettings, triggerSettings } from '../../src/config/config.js';
import { SETTINGS, settingsMarkdown } from '../../src/config/settings.js';
import { DEFAULT_TIMING } from '../../src/watcher/deps.js';

const SUB = '00000000-0000-0000-0000-000000000001';
const AZURITE = 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('the settings table', () => {
  it('names each setting once, each with a description', () => {
    const names = SETTINGS.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const s of SETTINGS) expect(s.description.length, s.name).toBeGreaterThan(10);
  });

  it('its defaults are the ones the code uses', () => {
    const d = (name: string) => SETTINGS.find((s) => s.name === name)?.default;
    expect(Number(d('DEBOUNCE_SECONDS'))).toBe(DEFAULT_TIMING.debounceSeconds);
    expect(Number(d('CHANGE_RETENTION_HOURS'))).toBe(DEFAULT_TIMING.changeRetentionHours);
    expect(Number(d('EVENT_DEDUPE_HOURS'))).toBe(DEFAULT_TIMING.eventDedupeHours);
    const alerts = defaultAlertSettings();
    expect(d('ALERT_MIN_SEVERITY')).toBe(alerts.minSeverity);
    expect(d('ALERT_ROUTING_TAG')).toBe(alerts.routingTag);
    expect(Number(d('ALERT_UNKNOWN_AFTER_MINUTES'))).toBe(alerts.unknownAfterMinutes);
    expect(d('ALERT_SUBJECT_PREFIX')).toBe(alerts.subjectPrefix);
    expect(d('AZURE_PORTAL_URL')).toBe(alerts.portalUrl);
    expect(d('ALERT_OUTBOX_TABLE')).toBe(alerts.outboxTable);
    expect(Number(d('ALERT_DELIVERY_MAX_ATTEMPTS'))).toBe(alerts.delivery.maxAttempts);
    expect(Number(d('ALERT_DELIVERY_BASE_DELAY_SECONDS'))).toBe(alerts.delivery.baseDelaySeconds);
    expect(Number(d('ALERT_DELIVERY_MAX_DELAY_SECONDS'))).toBe(alerts.delivery.maxDelaySeconds);
    expect(Number(d('ALERT_DELIVERY_TIMEOUT_SECONDS'))).toBe(alerts.delivery.timeoutSeconds);
  });

  it('renders as a Markdown table for the README, one row per setting, secrets marked', () => {
    const md = settingsMarkdown();
    for (const s of SETTINGS) expect(md).toContain(`| \`${s.name}\` |`);
    expect(md.split('\n')).toHaveLength(SETTINGS.length + 2);
    expect(md).toMatch(/\| `AzureWebJobsStorage` \| — \| yes \|/);
    expect(md).toMatch(/\| `DEBOUNCE_SECONDS` \| `20` \| no \|/);
  });

  it('is the only place the watcher reads the environment', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : []));
    const readers = ['functions', 'src/watcher', 'src/state', 'src/telemetry'].flatMap(files).filter((f) => readFileSync(f, 'utf8').includes('process.env'));
    expect(readers).toEqual([]);
  });
});

describe('loading the configuration', () => {
  it('fills every default', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      scope: { subscriptions: [] },
      eventsQueueName: 'resource-events',
      evaluationsQueueName: 'instance-evaluations',
      tablePrefix: 'vnetguard',
      debounceSeconds: 20,
      sweepSchedule: '0 */30 * * * *',
      changeRetentionHours: 168,
      eventDedupeHours: 48,
    });
    expect(config.storage).toBeUndefined();
    expect(config.alerts).toBeUndefined();
    expect(config.applicationInsightsConnectionString).toBeUndefined();
  });

  it('reads the scope, lower-cased and without duplicates', () => {
    const config = loadConfig({ WATCH_SUBSCRIPTIONS: ` ${SUB.toUpperCase()}, ${SUB} ;`, WATCH_MANAGEMENT_GROUP: 'mg-platform' });
    expect(config.scope).toEqual({ subscriptions: [SUB], managementGroup: 'mg-platform' });
  });

  it('reports every problem at once, naming the setting', () => {
    const problems = problemsOf({
      WATCH_SUBSCRIPTIONS: 'not-a-guid',
      DEBOUNCE_SECONDS: '-1',
      SWEEP_SCHEDULE: 'every half hour',
      EVENTS_QUEUE_NAME: 'Bad_Queue',
      EVALUATIONS_QUEUE_NAME: 'resource-events',
      STATE_TABLE_PREFIX: '1abc',
      APIM_VNET_GUARD_ARM_ENDPOINT: 'http://example.com',
    });
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'WATCH_SUBSCRIPTIONS',
      'APIM_VNET_GUARD_ARM_ENDPOINT',
      'EVENTS_QUEUE_NAME',
      'STATE_TABLE_PREFIX',
      'DEBOUNCE_SECONDS',
      'SWEEP_SCHEDULE',
    ]);
  });

  it('never quotes a secret in a problem', () => {
    const problems = problemsOf({
      AzureWebJobsStorage: 'hunter2-storage-secret',
      APPLICATIONINSIGHTS_CONNECTION_STRING: 'hunter2-ai-secret',
      ALERT_CHANNELS: '{"teamsWebhookUrl": "https://hunter2.example/hook"',
      ALERT_TEAMS_WEBHOOK_URL: 'http://hunter2-webhook.example.com/x',
      SMTP_HOST: 'smtp.example.com',
      SMTP_PASSWORD: 'hunter2-smtp',
      SMTP_TLS: 'none',
      EMAIL_FROM: 'guard@example.com',
    });
    expect(problems.length).toBeGreaterThanOrEqual(3);
    expect(problems.join('\n')).not.toMatch(/hunter2/);
  });

  it('reads an identity-based storage connection the way the Functions host does', () => {
    expect(loadConfig({ AzureWebJobsStorage__accountName: 'guardstate' }).storage).toEqual({
      kind: 'identity',
      tableServiceUri: 'https://guardstate.table.core.windows.net',
      queueServiceUri: 'https://guardstate.queue.core.windows.net',
    });
    const clientId = '11111111-2222-3333-4444-555555555555';
    expect(
      loadConfig({
        AzureWebJobsStorage__tableServiceUri: 'https://t.example.net',
        AzureWebJobsStorage__queueServiceUri: 'https://q.example.net',
        AzureWebJobsStorage__credential: 'managedidentity',
        AzureWebJobsStorage__clientId: clientId,
      }).storage,
    ).toEqual({ kind: 'identity', tableServiceUri: 'https://t.example.net', queueServiceUri: 'https://q.example.net', credential: 'managedidentity', clientId });
    expect(problemsOf({ AzureWebJobsStorage__tableServiceUri: 'http://t.example.net' })).toEqual([
      'AzureWebJobsStorage__tableServiceUri: expected an https:// URI, got "http://t.example.net"',
      'AzureWebJobsStorage__queueServiceUri: required when AzureWebJobsStorage__accountName is not set',
    ]);
  });

  it('a connection string wins over identity-based settings', () => {
    expect(loadConfig({ AzureWebJobsStorage: AZURITE, AzureWebJobsStorage__accountName: 'x' }).storage).toEqual({ kind: 'connectionString', connectionString: AZURITE });
  });

  it('the watcher itself needs a storage account and a scope', () => {
    expect(() => requireWatcherSettings(loadConfig({}))).toThrow(/AzureWebJobsStorage.*\n.*WATCH_SUBSCRIPTIONS/);
    expect(() => requireWatcherSettings(loadConfig({ AzureWebJobsStorage: AZURITE, WATCH_MANAGEMENT_GROUP: 'mg' }))).not.toThrow();
  });
});

describe('alert settings', () => {
  it('are off without any channel', () => {
    expect(loadConfig({ ALERT_MIN_SEVERITY: 'degraded' }).alerts).toBeUndefined();
  });

  it('build the default channel and the named ones, with the alert module’s defaults', () => {
    const config = loadConfig({
      ALERT_TEAMS_WEBHOOK_URL: 'https://contoso.webhook.office.com/webhookb2/abc',
      ALERT_EMAIL_TO: 'ops@contoso.com; net@contoso.com',
      ALERT_CHANNELS: JSON.stringify([{ name: 'net-team', emailTo: ['net-lead@contoso.com'], minSeverity: 'breaks-now' }]),
      EMAIL_FROM: 'guard@contoso.com',
      SMTP_HOST: 'smtp.contoso.com',
      SMTP_USER: 'guard',
      SMTP_PASSWORD: 'pw',
      ALERT_REMINDER_MINUTES: '240',
    });
    expect(config.alerts?.deliverySchedule).toBe('0 */1 * * * *');
    expect(config.alerts?.settings).toMatchObject({
      channels: [
        { name: 'default', teamsWebhookUrl: 'https://contoso.webhook.office.com/webhookb2/abc', emailTo: ['ops@contoso.com', 'net@contoso.com'], receivesAll: true },
        { name: 'net-team', emailTo: ['net-lead@contoso.com'], minSeverity: 'breaks-now', receivesAll: false },
      ],
      minSeverity: 'breaks-on-apply',
      reminderIntervalMinutes: 240,
      email: { transport: 'smtp', from: 'guard@contoso.com', host: 'smtp.contoso.com', port: 587, tls: 'starttls', user: 'guard', password: 'pw' },
      delivery: { maxAttempts: 12, baseDelaySeconds: 30, maxDelaySeconds: 3600, timeoutSeconds: 15 },
    });
  });

  it('report channel mistakes by channel and field', () => {
    const problems = problemsOf({ ALERT_CHANNELS: JSON.stringify([{ name: 'x', colour: 'red' }, { emailTo: 'a@b.c' }, 'nope']) });
    expect(problems).toEqual([
      'ALERT_CHANNELS: channel #1 has an unknown field "colour"',
      'ALERT_CHANNELS: channel #2 has no "name"',
      'ALERT_CHANNELS: channel #3 is not an object',
    ]);
  });

  it('pass on the alert module’s own checks (a webhook that is not https, e-mail without a transport)', () => {
    const problems = problemsOf({ ALERT_TEAMS_WEBHOOK_URL: 'http://example.com/hook', ALERT_EMAIL_TO: 'ops@contoso.com' });
    expect(problems.length).toBeGreaterThanOrEqual(2);
    expect(problems.every((p) => p.startsWith('alert settings: '))).toBe(true);
    expect(problems.join('\n')).toMatch(/e-mail transport/);
  });
});

describe('the ACS endpoint and the outbox retention', () => {
  const acs = (cs: string) => problemsOf({ ALERT_EMAIL_TO: 'ops@contoso.com', EMAIL_FROM: 'guard@contoso.com', ACS_EMAIL_CONNECTION_STRING: cs });
  it('an ACS connection string with an http endpoint is refused, naming the setting and not the key', () => {
    const problems = acs('endpoint=http://contoso.communication.azure.com/;accesskey=U2VjcmV0S2V5');
    expect(problems).toEqual([expect.stringMatching(/^ACS_EMAIL_CONNECTION_STRING: the endpoint must use https \(got http:\/\/contoso\.communication\.azure\.com\)/)]);
    expect(problems.join('\n')).not.toContain('U2VjcmV0S2V5');
  });
  it('an http ACS_EMAIL_ENDPOINT is refused; https and the loopback fake are accepted', () => {
    expect(problemsOf({ ALERT_EMAIL_TO: 'ops@contoso.com', EMAIL_FROM: 'g@contoso.com', ACS_EMAIL_ENDPOINT: 'http://contoso.communication.azure.com' })).toEqual([
      expect.stringMatching(/^ACS_EMAIL_ENDPOINT: the endpoint must use https/),
    ]);
    expect(acs('endpoint=https://contoso.communication.azure.com/;accesskey=a2V5')).toEqual([]);
    expect(acs('endpoint=http://127.0.0.1:8080/;accesskey=a2V5')).toEqual([]);
  });
  it('the outbox retention is read in days, 2 at least', () => {
    const base = { ALERT_TEAMS_WEBHOOK_URL: 'https://contoso.webhook.office.com/x' };
    expect(problemsOf({ ...base, ALERT_OUTBOX_RETENTION_DAYS: '1' })).toEqual([expect.stringMatching(/^ALERT_OUTBOX_RETENTION_DAYS: /)]);
    expect(loadConfig({ ...base, ALERT_OUTBOX_RETENTION_DAYS: '7' }).alerts?.settings.delivery.retentionDays).toBe(7);
    expect(loadConfig(base).alerts?.settings.delivery.retentionDays).toBe(30);
  });
});

describe('trigger settings (read when the app loads)', () => {
  it('give the queue names and schedules, and a delivery timer only when alerts have a destination', () => {
    expect(triggerSettings({})).toEqual({ eventsQueueName: 'resource-events', evaluationsQueueName: 'instance-evaluations', sweepSchedule: '0 */30 * * * *' });
    expect(triggerSettings({ ALERT_EMAIL_TO: 'ops@contoso.com', ALERT_DELIVERY_SCHEDULE: '0 */5 * * * *' }).alertDeliverySchedule).toBe('0 */5 * * * *');
  });

  it('do not fail for a mistake in another setting (that one fails the invocations instead)', () => {
    expect(() => triggerSettings({ WATCH_SUBSCRIPTIONS: 'nope', ALERT_CHANNELS: '[' })).not.toThrow();
    expect(() => triggerSettings({ SWEEP_SCHEDULE: 'hourly' })).toThrow(/SWEEP_SCHEDULE/);
  });
});
