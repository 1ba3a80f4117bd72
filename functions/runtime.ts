/**
 * The composition root of the Functions app: configuration → adapters → the watcher's ports. Built
 * once per worker process, on first use (not at import, so that a bad setting fails the invocation
 * with the setting named instead of the whole app failing to load), and retried after a failure.
 */
import type { TokenCredential } from '@azure/identity';
import { Alerting } from '../src/alerts/alerting.js';
import { Delivery, UnrecordedSends } from '../src/alerts/delivery.js';
import { Outbox } from '../src/alerts/outbox.js';
import type { AlertLogger } from '../src/alerts/types.js';
import { loadConfig, requireWatcherSettings, type WatcherConfig } from '../src/config/config.js';
import { RULES } from '../src/rules/catalogue.js';
import { ArmConnection } from '../src/sources/arm/connection.js';
import { defaultArmCredential } from '../src/sources/arm/credential.js';
import { LiveArmReader } from '../src/sources/arm/live-reader.js';
import type { RetryBudget } from '../src/sources/arm/retry-policy.js';
import { storageWorkQueue } from '../src/state/queue.js';
import { storageClients, type StorageRetry } from '../src/state/storage-clients.js';
import { ensureStateTables, stateTableNames, tableStateStore } from '../src/state/table-state-store.js';
import { createTelemetry } from '../src/telemetry/telemetry.js';
import { alertSinkOf } from '../src/watcher/alert-sink.js';
import { DEFAULT_TIMING, type WatcherDeps } from '../src/watcher/deps.js';
import { systemClock, type Clock, type EstateReader, type Log, type Telemetry } from '../src/watcher/ports.js';

export interface Runtime {
  config: WatcherConfig;
  /** The watcher's ports, with alerting that logs through this invocation's log. */
  watcher(log: Log): WatcherDeps;
  /** The alert use case (outbox delivery), when alerts are configured. */
  alerting(log: Log): Alerting | undefined;
}

/** What tests (and only tests) replace: credentials never reach Entra ID there. */
export interface RuntimeOverrides {
  armCredential?: TokenCredential;
  storageCredential?: TokenCredential;
  /** Short ARM retries, so that outage tests run in seconds. */
  armRetry?: RetryBudget;
  /** Short SDK retries, so that fault tests run in seconds. */
  storageRetry?: StorageRetry;
  reader?: EstateReader;
  clock?: Clock;
  telemetry?: Telemetry;
}

export async function createRuntime(config: WatcherConfig, overrides: RuntimeOverrides = {}): Promise<Runtime> {
  requireWatcherSettings(config);
  const clients = storageClients(config.storage, {
    ...(overrides.storageCredential ? { credential: overrides.storageCredential } : {}),
    ...(overrides.storageRetry ? { retry: overrides.storageRetry } : {}),
  });
  const names = stateTableNames(config.tablePrefix);
  const tables = { instances: clients.table(names.instances), index: clients.table(names.index), events: clients.table(names.events) };
  const evaluations = clients.queue(config.evaluationsQueueName);
  const outbox = config.alerts ? new Outbox(clients.table(config.alerts.settings.outboxTable)) : undefined;
  await Promise.all([ensureStateTables(tables), evaluations.createIfNotExists(), outbox?.ensureTable()]);

  // The watcher's identity reads ARM and, with Entra ID, sends telemetry.
  const credential = overrides.armCredential ?? defaultArmCredential(config.armClientId ? { managedIdentityClientId: config.armClientId } : {});
  let reader = overrides.reader;
  let armRequests: (() => number) | undefined;
  if (!reader) {
    const connection = new ArmConnection({
      credential,
      ...(overrides.armRetry ? { retry: overrides.armRetry } : {}),
      ...(config.armEndpoint ? { armEndpoint: config.armEndpoint } : {}),
    });
    reader = new LiveArmReader({ connection, scope: config.scope });
    armRequests = () => connection.requestsSent;
  }
  const telemetry = overrides.telemetry ?? (await createTelemetry(config.applicationInsightsConnectionString, undefined, credential));
  const store = tableStateStore(tables);
  const queue = storageWorkQueue(evaluations);
  const timing = {
    ...DEFAULT_TIMING,
    debounceSeconds: config.debounceSeconds,
    changeRetentionHours: config.changeRetentionHours,
    eventDedupeHours: config.eventDedupeHours,
  };
  // One per process: a send whose record failed is recorded by the next delivery run, not resent.
  const unrecorded = new UnrecordedSends();
  const alerting = (log: Log): Alerting | undefined => {
    if (!config.alerts || !outbox) return undefined;
    const logger = alertLogger(log);
    const settings = config.alerts.settings;
    return new Alerting({ settings, outbox, logger, delivery: new Delivery({ outbox, settings, logger, unrecorded }) });
  };
  const fixedReader = reader;
  return {
    config,
    alerting,
    watcher(log) {
      const a = alerting(log);
      return {
        store,
        queue,
        reader: fixedReader,
        rules: RULES,
        clock: overrides.clock ?? systemClock,
        telemetry,
        scope: config.scope,
        timing,
        ...(a ? { alerts: alertSinkOf(a) } : {}),
        ...(armRequests ? { armRequests } : {}),
      };
    },
  };
}

function alertLogger(log: Log): AlertLogger {
  return {
    info: (m, p) => (p ? log.info(m, p) : log.info(m)),
    warn: (m, p) => (p ? log.warn(m, p) : log.warn(m)),
    error: (m, p) => (p ? log.error(m, p) : log.error(m)),
  };
}

let shared: Promise<Runtime> | undefined;

/** The process-wide runtime from the app settings. */
export function defaultRuntime(): Promise<Runtime> {
  if (!shared) {
    shared = createRuntime(loadConfig());
    // A failure (a bad setting, storage unreachable) is not cached: the next invocation tries again.
    shared.catch(() => (shared = undefined));
  }
  return shared;
}

export type RuntimeProvider = () => Promise<Runtime>;
