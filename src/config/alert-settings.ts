/**
 * The alert settings (src/alerts/types.ts AlertSettings) from app settings. Alerts are on when at
 * least one channel is configured, or when instance tags may route to e-mail (an e-mail transport
 * and allowed domains); otherwise evaluations are stored and nothing is sent.
 */
import { checkAlertSettings, defaultAlertSettings } from '../alerts/routing.js';
import type { AlertSettings, ChannelSettings, EmailTransportSettings } from '../alerts/types.js';
import { isSeverity, type Severity } from '../model/severity.js';
import { SCHEDULE, type SettingReader } from './reader.js';

export const DEFAULT_CHANNEL = 'default';

export interface AlertConfig {
  settings: AlertSettings;
  deliverySchedule: string;
}

export function readAlertSettings(r: SettingReader): AlertConfig | undefined {
  const before = r.problems.length;
  const minSeverity = severity(r, 'ALERT_MIN_SEVERITY');
  const channels: ChannelSettings[] = [];
  const teams = r.raw('ALERT_TEAMS_WEBHOOK_URL');
  const emailTo = r.list('ALERT_EMAIL_TO');
  if (teams !== undefined || emailTo.length > 0) {
    channels.push({ name: DEFAULT_CHANNEL, ...(teams !== undefined ? { teamsWebhookUrl: teams } : {}), emailTo, receivesAll: true });
  }
  channels.push(...namedChannels(r));
  const email = emailTransport(r);
  const reminder = r.integer('ALERT_REMINDER_MINUTES', 0, 7 * 24 * 60);
  const settings = defaultAlertSettings({
    channels,
    minSeverity,
    routingTag: r.matching('ALERT_ROUTING_TAG', /^[^<>%&\\?/]{1,512}$/, 'a tag name'),
    allowedEmailDomains: r.list('ALERT_ALLOWED_EMAIL_DOMAINS'),
    extraWebhookOrigins: r.list('ALERT_EXTRA_WEBHOOK_ORIGINS'),
    ...(reminder > 0 ? { reminderIntervalMinutes: reminder } : {}),
    unknownAfterMinutes: r.integer('ALERT_UNKNOWN_AFTER_MINUTES', 0, 30 * 24 * 60),
    subjectPrefix: r.raw('ALERT_SUBJECT_PREFIX') ?? '',
    portalUrl: r.raw('AZURE_PORTAL_URL') ?? '',
    outboxTable: r.raw('ALERT_OUTBOX_TABLE') ?? '',
    ...(email ? { email } : {}),
    delivery: {
      maxAttempts: r.integer('ALERT_DELIVERY_MAX_ATTEMPTS', 1, 100),
      baseDelaySeconds: r.integer('ALERT_DELIVERY_BASE_DELAY_SECONDS', 1, 24 * 3600),
      maxDelaySeconds: r.integer('ALERT_DELIVERY_MAX_DELAY_SECONDS', 1, 7 * 24 * 3600),
      timeoutSeconds: r.integer('ALERT_DELIVERY_TIMEOUT_SECONDS', 1, 300),
      retentionDays: r.integer('ALERT_OUTBOX_RETENTION_DAYS', 2, 3650),
    },
  });
  const deliverySchedule = r.matching('ALERT_DELIVERY_SCHEDULE', SCHEDULE, 'an NCRONTAB expression with six fields or hh:mm:ss');
  // The alert module's own checks name the channel or setting; they never quote a secret.
  if (r.problems.length === before) for (const p of checkAlertSettings(settings)) r.problems.push(`alert settings: ${p}`);
  const enabled = channels.length > 0 || (email !== undefined && settings.allowedEmailDomains.length > 0);
  return enabled ? { settings, deliverySchedule } : undefined;
}

function severity(r: SettingReader, name: 'ALERT_MIN_SEVERITY'): Severity {
  const v = r.raw(name) ?? '';
  if (isSeverity(v)) return v;
  r.problem(name, `expected one of breaks-now, breaks-on-apply, degraded, recommendation, info, got "${v}"`);
  return 'breaks-on-apply';
}

function namedChannels(r: SettingReader): ChannelSettings[] {
  const text = r.raw('ALERT_CHANNELS');
  if (text === undefined) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    r.problem('ALERT_CHANNELS', 'is not valid JSON (expected an array of channels)');
    return [];
  }
  if (!Array.isArray(value)) {
    r.problem('ALERT_CHANNELS', 'expected a JSON array of channels');
    return [];
  }
  const out: ChannelSettings[] = [];
  value.forEach((c: unknown, i) => {
    const where = `channel #${i + 1}`;
    if (typeof c !== 'object' || c === null || Array.isArray(c)) return r.problem('ALERT_CHANNELS', `${where} is not an object`);
    const o = c as Record<string, unknown>;
    const known = new Set(['name', 'teamsWebhookUrl', 'emailTo', 'minSeverity', 'receivesAll']);
    for (const k of Object.keys(o)) if (!known.has(k)) r.problem('ALERT_CHANNELS', `${where} has an unknown field "${k}"`);
    if (typeof o.name !== 'string') return r.problem('ALERT_CHANNELS', `${where} has no "name"`);
    if (o.teamsWebhookUrl !== undefined && typeof o.teamsWebhookUrl !== 'string') return r.problem('ALERT_CHANNELS', `${where}: "teamsWebhookUrl" must be a string`);
    const emailTo = o.emailTo === undefined ? [] : o.emailTo;
    if (!Array.isArray(emailTo) || !emailTo.every((a) => typeof a === 'string')) return r.problem('ALERT_CHANNELS', `${where}: "emailTo" must be an array of addresses`);
    if (o.minSeverity !== undefined && !isSeverity(o.minSeverity)) return r.problem('ALERT_CHANNELS', `${where}: unknown "minSeverity"`);
    if (o.receivesAll !== undefined && typeof o.receivesAll !== 'boolean') return r.problem('ALERT_CHANNELS', `${where}: "receivesAll" must be true or false`);
    out.push({
      name: o.name,
      ...(typeof o.teamsWebhookUrl === 'string' ? { teamsWebhookUrl: o.teamsWebhookUrl } : {}),
      emailTo: emailTo as string[],
      ...(isSeverity(o.minSeverity) ? { minSeverity: o.minSeverity } : {}),
      receivesAll: o.receivesAll === true,
    });
  });
  return out;
}

function emailTransport(r: SettingReader): EmailTransportSettings | undefined {
  const from = r.raw('EMAIL_FROM') ?? '';
  const host = r.raw('SMTP_HOST');
  if (host !== undefined) {
    const tls = r.raw('SMTP_TLS');
    if (tls !== 'starttls' && tls !== 'implicit' && tls !== 'none') r.problem('SMTP_TLS', `expected starttls, implicit or none, got "${tls}"`);
    const user = r.raw('SMTP_USER');
    const password = r.raw('SMTP_PASSWORD');
    return {
      transport: 'smtp',
      from,
      host,
      port: r.integer('SMTP_PORT', 1, 65535),
      tls: tls === 'implicit' || tls === 'none' ? tls : 'starttls',
      ...(user ? { user } : {}),
      ...(password ? { password } : {}),
    };
  }
  const connectionString = r.raw('ACS_EMAIL_CONNECTION_STRING');
  const endpoint = r.raw('ACS_EMAIL_ENDPOINT');
  if (connectionString === undefined && endpoint === undefined) return undefined;
  // The access key signs every request and the mail carries findings: never over plain http (a
  // loopback endpoint is the local fake of the tests, as for Azurite).
  const acsEndpoint = endpoint ?? /(?:^|;)\s*endpoint=([^;]+)/i.exec(connectionString ?? '')?.[1];
  const problem = acsEndpointProblem(acsEndpoint);
  if (problem) r.problem(endpoint !== undefined ? 'ACS_EMAIL_ENDPOINT' : 'ACS_EMAIL_CONNECTION_STRING', problem);
  return { transport: 'acs', from, ...(connectionString ? { connectionString } : {}), ...(endpoint ? { endpoint } : {}) };
}

/** Why an ACS endpoint is refused, or undefined: https, or http on a loopback address only. */
export function acsEndpointProblem(endpoint: string | undefined): string | undefined {
  if (endpoint === undefined || endpoint.trim() === '') return 'names no endpoint';
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    return 'the endpoint is not a URL';
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return undefined;
  return `the endpoint must use https (got ${url.protocol}//${url.host})`;
}
