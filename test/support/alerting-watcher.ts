/**
 * The whole watcher with its alert channels, as the scenario tests drive it: Azurite (the suite's), the ARM
 * simulator over the given resources, a local Teams webhook and SMTP server, the runtime the Function App
 * builds, and one sweep (plus a delivery run) so the dependency index and the first verdicts exist.
 */
import type { InvocationContext } from '@azure/functions';
import { inject } from 'vitest';
import { deliverAlertsHandler } from '../../functions/deliverAlerts.js';
import { evaluateInstanceHandler } from '../../functions/evaluateInstance.js';
import { resourceEventsHandler } from '../../functions/resourceEvents.js';
import { createRuntime, type Runtime } from '../../functions/runtime.js';
import { sweepHandler } from '../../functions/sweep.js';
import type { ArmResource } from '../../src/arm/arm-resource.js';
import { loadConfig } from '../../src/config/config.js';
import { startSmtpServer, startTeamsServer, type SmtpServer, type TeamsServer } from '../alerts/servers.js';
import { context, drain, queue, watcherTestSettings, type LogLine } from '../functions/host.js';
import { fakeCredential } from './arm-simulator-connection.js';
import { ArmSimulator } from './arm-simulator.js';

export interface AlertingWatcher {
  sim: ArmSimulator;
  runtime: Runtime;
  teams: TeamsServer;
  smtp: SmtpServer;
  events: ReturnType<typeof queue>;
  evaluations: ReturnType<typeof queue>;
  /** Drains the events, waits out the debounce, drains the evaluations, runs delivery. */
  deliver(): Promise<void>;
  sweep(): Promise<void>;
  stop(): Promise<void>;
}

export interface AlertingWatcherOptions {
  subscriptionId: string;
  /** Keeps this test's queues and tables apart from the others'. */
  prefix: string;
  logs: LogLine[];
  /** At-least-once delivery: hand every message (and every delivery run) to its function twice. */
  twice?: boolean;
  settings?: Record<string, string>;
}

const twiceOver =
  (handler: (message: unknown, context: InvocationContext) => Promise<unknown>) =>
  async (message: unknown, ctx: InvocationContext): Promise<unknown> => {
    await handler(message, ctx);
    return handler(message, ctx);
  };

/** The default channel pointed at the test's Teams and SMTP servers on 127.0.0.1. */
export function alertChannelSettings(teams: TeamsServer, smtp: SmtpServer): Record<string, string> {
  return {
    ALERT_TEAMS_WEBHOOK_URL: teams.url,
    ALERT_EXTRA_WEBHOOK_ORIGINS: teams.origin,
    ALERT_EMAIL_TO: 'platform-team@contoso.com',
    EMAIL_FROM: 'apim-vnet-guard@contoso.com',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_TLS: 'none',
  };
}

export async function startAlertingWatcher(resources: ArmResource[], options: AlertingWatcherOptions): Promise<AlertingWatcher> {
  const { logs } = options;
  const teams = await startTeamsServer();
  const smtp = await startSmtpServer();
  const sim = await ArmSimulator.start(resources);
  const cs = inject('storageConnectionString');
  const config = loadConfig(
    watcherTestSettings({ connectionString: cs, armEndpoint: sim.url, subscriptionId: options.subscriptionId, prefix: options.prefix }, {
      ...alertChannelSettings(teams, smtp),
      ...options.settings,
    }),
  );
  const runtime = await createRuntime(config, { armCredential: fakeCredential() });
  const events = queue(cs, config.eventsQueueName);
  const evaluations = queue(cs, config.evaluationsQueueName);
  await events.createIfNotExists();
  const times = options.twice ? 2 : 1;
  const handle = options.twice ? twiceOver : <T>(h: T) => h;
  const deliverAlerts = async () => {
    await deliverAlertsHandler(async () => runtime)({ isPastDue: false } as never, context('deliverAlerts', logs));
  };
  const sweep = async () => {
    await sweepHandler(async () => runtime)({ isPastDue: false } as never, context('sweep', logs));
    await deliverAlerts();
  };
  await sweep();
  return {
    sim,
    runtime,
    teams,
    smtp,
    events,
    evaluations,
    sweep,
    async deliver() {
      await drain(events, 'resourceEvents', handle(resourceEventsHandler(async () => runtime)), { logs });
      await new Promise((r) => setTimeout(r, 1_100)); // DEBOUNCE_SECONDS=1
      await drain(evaluations, 'evaluateInstance', handle(evaluateInstanceHandler(async () => runtime)), { logs });
      for (let i = 0; i < times; i++) await deliverAlerts();
    },
    async stop() {
      await sim.stop();
      await teams.close();
      await smtp.close();
    },
  };
}
