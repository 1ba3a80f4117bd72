/**
 * Reads the app settings listed in settings.ts into a typed, validated configuration. Every problem
 * is collected and reported at once, naming the setting; secret values never appear in messages.
 */
import { readAlertSettings, type AlertConfig } from './alert-settings.js';
import { GUID, SCHEDULE, SettingReader, type Env } from './reader.js';

export type { Env } from './reader.js';

export type StorageConnection =
  | { kind: 'connectionString'; connectionString: string }
  | {
      kind: 'identity';
      tableServiceUri: string;
      queueServiceUri: string;
      /** `managedidentity`: the managed identity only; otherwise the default credential chain. */
      credential?: 'managedidentity';
      clientId?: string;
    };

export interface WatchScope {
  /** Lower-case subscription ids. */
  subscriptions: string[];
  managementGroup?: string;
}

export interface WatcherConfig {
  /** Undefined when neither AzureWebJobsStorage nor its identity-based settings are set. */
  storage?: StorageConnection;
  scope: WatchScope;
  armClientId?: string;
  /** Test only: where ARM requests go instead of management.azure.com. */
  armEndpoint?: string;
  /** The Entra ID app people sign in with to open the status page; undefined: a function key. */
  statusSignInClientId?: string;
  eventsQueueName: string;
  evaluationsQueueName: string;
  tablePrefix: string;
  debounceSeconds: number;
  /** Whether the live reader reads each VNet's effective security admin rules. */
  readAdminRules: boolean;
  /** Minutes between two automatic networkstatus reads of one instance (0: only on demand). */
  corroborateIntervalMinutes: number;
  sweepSchedule: string;
  changeRetentionHours: number;
  eventDedupeHours: number;
  applicationInsightsConnectionString?: string;
  /** Undefined when no alert channel is configured (evaluations are stored, nothing is sent). */
  alerts?: AlertConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

// Management group ids: letters, digits, - _ ( ) . ; up to 90 characters.
const MANAGEMENT_GROUP = /^[A-Za-z0-9\-_().]{1,90}$/;
// Queue names: 3–63 lower-case letters, digits and single dashes, starting and ending alphanumeric.
const QUEUE_NAME = /^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
// Table names are 3–63 alphanumerics starting with a letter; the prefix leaves room for the suffix.
const TABLE_PREFIX = /^[A-Za-z][A-Za-z0-9]{0,49}$/;

/**
 * Whether the status routes are to be registered for signed-in users (App Service Authentication)
 * instead of a function key. Read when the app registers its functions, so it never throws: an
 * invalid value is named by loadConfig on the first request, which then fails closed.
 */
export function statusSignInRequested(env: Env = process.env): boolean {
  const r = new SettingReader(env);
  // Trust the sign-in headers only where the platform sets them (and strips any a caller sent).
  return r.raw('STATUS_SIGN_IN_CLIENT_ID') !== undefined && r.raw('WEBSITE_AUTH_ENABLED')?.toLowerCase() === 'true';
}

/** Loads and validates the configuration; throws ConfigError listing every problem. */
export function loadConfig(env: Env = process.env): WatcherConfig {
  const r = new SettingReader(env);
  const subscriptions = r.list('WATCH_SUBSCRIPTIONS');
  for (const s of subscriptions) if (!GUID.test(s)) r.problem('WATCH_SUBSCRIPTIONS', `"${s}" is not a subscription id (a GUID)`);
  const managementGroup = r.raw('WATCH_MANAGEMENT_GROUP');
  if (managementGroup !== undefined && !MANAGEMENT_GROUP.test(managementGroup)) r.problem('WATCH_MANAGEMENT_GROUP', `"${managementGroup}" is not a management group id`);
  const armClientId = r.raw('AZURE_CLIENT_ID');
  if (armClientId !== undefined && !GUID.test(armClientId)) r.problem('AZURE_CLIENT_ID', `expected a client id (a GUID), got "${armClientId}"`);
  const armEndpoint = r.raw('APIM_VNET_GUARD_ARM_ENDPOINT');
  if (armEndpoint !== undefined && !isServiceUri(armEndpoint)) {
    r.problem('APIM_VNET_GUARD_ARM_ENDPOINT', `expected an https origin, or http for 127.0.0.1/localhost, got "${armEndpoint}"`);
  }

  const statusSignInClientId = r.raw('STATUS_SIGN_IN_CLIENT_ID');
  if (statusSignInClientId !== undefined && !GUID.test(statusSignInClientId)) {
    r.problem('STATUS_SIGN_IN_CLIENT_ID', `expected the client id of an app registration (a GUID), got "${statusSignInClientId}"`);
  }

  const queue = 'a queue name (3–63 lower-case letters, digits, single dashes)';
  const config: WatcherConfig = {
    scope: { subscriptions: [...new Set(subscriptions.map((s) => s.toLowerCase()))], ...(managementGroup ? { managementGroup } : {}) },
    ...(armClientId ? { armClientId } : {}),
    ...(armEndpoint ? { armEndpoint } : {}),
    ...(statusSignInClientId ? { statusSignInClientId } : {}),
    eventsQueueName: r.matching('EVENTS_QUEUE_NAME', QUEUE_NAME, queue),
    evaluationsQueueName: r.matching('EVALUATIONS_QUEUE_NAME', QUEUE_NAME, queue),
    tablePrefix: r.matching('STATE_TABLE_PREFIX', TABLE_PREFIX, '1–50 letters and digits starting with a letter'),
    debounceSeconds: r.integer('DEBOUNCE_SECONDS', 0, 600),
    corroborateIntervalMinutes: r.integer('CORROBORATE_INTERVAL_MINUTES', 0, 1440),
    readAdminRules: r.matching('READ_ADMIN_RULES', /^(true|false)$/i, 'true or false').toLowerCase() === 'true',
    sweepSchedule: r.matching('SWEEP_SCHEDULE', SCHEDULE, 'an NCRONTAB expression with six fields or hh:mm:ss'),
    changeRetentionHours: r.integer('CHANGE_RETENTION_HOURS', 1, 24 * 90),
    eventDedupeHours: r.integer('EVENT_DEDUPE_HOURS', 1, 24 * 30),
  };
  if (config.eventsQueueName === config.evaluationsQueueName) r.problem('EVALUATIONS_QUEUE_NAME', 'must differ from EVENTS_QUEUE_NAME');
  const storage = storageConnection(r);
  if (storage) config.storage = storage;
  const ai = r.raw('APPLICATIONINSIGHTS_CONNECTION_STRING');
  if (ai !== undefined) {
    if (!/(^|;)\s*(InstrumentationKey|IngestionEndpoint)=/i.test(ai)) {
      r.problem('APPLICATIONINSIGHTS_CONNECTION_STRING', 'not an Application Insights connection string (no InstrumentationKey)');
    } else config.applicationInsightsConnectionString = ai;
  }
  const alerts = readAlertSettings(r);
  if (alerts) config.alerts = alerts;
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}

/** What registering the triggers needs: queue names and schedules, read when the app loads. */
export interface TriggerSettings {
  eventsQueueName: string;
  evaluationsQueueName: string;
  sweepSchedule: string;
  /** Undefined when no alert destination is configured: then no delivery timer wakes the app. */
  alertDeliverySchedule?: string;
}

/**
 * Reads only the settings the trigger registrations need, so that a mistake in any other setting
 * fails the invocations (with the setting named, in the logs and as 503 over HTTP) instead of
 * keeping the whole app from loading.
 */
export function triggerSettings(env: Env = process.env): TriggerSettings {
  const r = new SettingReader(env);
  const statusSignInClientId = r.raw('STATUS_SIGN_IN_CLIENT_ID');
  if (statusSignInClientId !== undefined && !GUID.test(statusSignInClientId)) {
    r.problem('STATUS_SIGN_IN_CLIENT_ID', `expected the client id of an app registration (a GUID), got "${statusSignInClientId}"`);
  }

  const queue = 'a queue name (3–63 lower-case letters, digits, single dashes)';
  const settings: TriggerSettings = {
    eventsQueueName: r.matching('EVENTS_QUEUE_NAME', QUEUE_NAME, queue),
    evaluationsQueueName: r.matching('EVALUATIONS_QUEUE_NAME', QUEUE_NAME, queue),
    sweepSchedule: r.matching('SWEEP_SCHEDULE', SCHEDULE, 'an NCRONTAB expression with six fields or hh:mm:ss'),
  };
  const destinations = ['ALERT_TEAMS_WEBHOOK_URL', 'ALERT_EMAIL_TO', 'ALERT_CHANNELS', 'ALERT_ALLOWED_EMAIL_DOMAINS'] as const;
  if (destinations.some((name) => r.raw(name))) {
    settings.alertDeliverySchedule = r.matching('ALERT_DELIVERY_SCHEDULE', SCHEDULE, 'an NCRONTAB expression with six fields or hh:mm:ss');
  }
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return settings;
}

/** The watcher cannot run without a scope and a storage account; the CLI can. */
export function requireWatcherSettings(config: WatcherConfig): asserts config is WatcherConfig & { storage: StorageConnection } {
  const problems: string[] = [];
  if (!config.storage) problems.push('AzureWebJobsStorage: set a connection string, or AzureWebJobsStorage__accountName for an identity-based connection');
  if (config.scope.subscriptions.length === 0 && !config.scope.managementGroup) {
    problems.push('WATCH_SUBSCRIPTIONS / WATCH_MANAGEMENT_GROUP: set at least one subscription or a management group');
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

function storageConnection(r: SettingReader): StorageConnection | undefined {
  const connectionString = r.raw('AzureWebJobsStorage');
  if (connectionString !== undefined) {
    // UseDevelopmentStorage=true is the one accepted form without an account name or endpoint.
    if (!/AccountName=|TableEndpoint=|UseDevelopmentStorage=true/i.test(connectionString)) {
      r.problem('AzureWebJobsStorage', 'not a storage connection string (no AccountName, TableEndpoint or UseDevelopmentStorage)');
      return undefined;
    }
    return { kind: 'connectionString', connectionString };
  }
  const account = r.raw('AzureWebJobsStorage__accountName');
  let table = r.raw('AzureWebJobsStorage__tableServiceUri');
  let queue = r.raw('AzureWebJobsStorage__queueServiceUri');
  if (account === undefined && table === undefined && queue === undefined) return undefined;
  if (account !== undefined && !/^[a-z0-9]{3,24}$/.test(account)) {
    r.problem('AzureWebJobsStorage__accountName', `expected 3–24 lower-case letters and digits, got "${account}"`);
  }
  table ??= account ? `https://${account}.table.core.windows.net` : undefined;
  queue ??= account ? `https://${account}.queue.core.windows.net` : undefined;
  for (const [name, uri] of [
    ['AzureWebJobsStorage__tableServiceUri', table],
    ['AzureWebJobsStorage__queueServiceUri', queue],
  ] as const) {
    if (uri === undefined) r.problem(name, 'required when AzureWebJobsStorage__accountName is not set');
    else if (!isServiceUri(uri)) r.problem(name, `expected an https:// URI, got "${uri}"`);
  }
  const credential = r.raw('AzureWebJobsStorage__credential');
  if (credential !== undefined && credential.toLowerCase() !== 'managedidentity') {
    r.problem('AzureWebJobsStorage__credential', `only "managedidentity" is supported, got "${credential}"`);
  }
  const clientId = r.raw('AzureWebJobsStorage__clientId');
  if (clientId !== undefined && !GUID.test(clientId)) r.problem('AzureWebJobsStorage__clientId', `expected a client id (a GUID), got "${clientId}"`);
  if (table === undefined || queue === undefined) return undefined;
  return {
    kind: 'identity',
    tableServiceUri: table,
    queueServiceUri: queue,
    ...(credential ? { credential: 'managedidentity' as const } : {}),
    ...(clientId ? { clientId } : {}),
  };
}

/** https anywhere; plain http only for the local emulator or simulator, so no token travels in clear text. */
function isServiceUri(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || (u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost'));
  } catch {
    return false;
  }
}
