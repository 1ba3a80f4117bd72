/**
 * The alert use case the watcher calls after each evaluation: route, decide, enqueue. It returns
 * the state to store; the watcher stores it only after this returns (the alerts are then in the
 * outbox, and repeating the call on the old state would enqueue the same keys, i.e. nothing).
 */
import type { InstanceReport } from '../model/finding.js';
import type { Delivery, DeliverySummary } from './delivery.js';
import type { Outbox, UndeliveredAlert } from './outbox.js';
import { decideAlerts } from './policy.js';
import { resolveRoutes } from './routing.js';
import type { Alert, AlertLogger, AlertSettings, Attribution, PreviousAlertState, RoutingWarning } from './types.js';

export interface AlertingDeps {
  settings: AlertSettings;
  outbox: Outbox;
  delivery: Delivery;
  logger: AlertLogger;
}

export interface ReportInput {
  report: InstanceReport;
  previous: PreviousAlertState | undefined;
  /** The instance's tags (the routing tag is read from them). */
  tags?: Readonly<Record<string, string>>;
  changes?: readonly Attribution[];
  now: Date;
}

export interface ReportOutcome {
  /** Store this as the instance's alert state. */
  next: PreviousAlertState;
  alerts: Alert[];
  /** Outbox rows added (0 when the same alerts were already there). */
  enqueued: number;
  warnings: RoutingWarning[];
}

export class Alerting {
  constructor(private readonly deps: AlertingDeps) {}

  async onReport(input: ReportInput): Promise<ReportOutcome> {
    const { settings, outbox, logger } = this.deps;
    const { routes, warnings } = resolveRoutes(settings, { id: input.report.id, ...(input.tags ? { tags: input.tags } : {}) });
    for (const w of warnings) logger.warn('alert route refused', { event: 'alert.route-refused', instanceId: w.instanceId, entry: w.entry, reason: w.reason });
    const { alerts, next } = decideAlerts({
      report: input.report,
      previous: input.previous,
      channels: routes,
      ...(input.changes ? { changes: input.changes } : {}),
      now: input.now,
      options: {
        unknownAfterMinutes: settings.unknownAfterMinutes,
        subjectPrefix: settings.subjectPrefix,
        ...(settings.reminderIntervalMinutes !== undefined ? { reminderIntervalMinutes: settings.reminderIntervalMinutes } : {}),
      },
    });
    let enqueued = 0;
    for (const alert of alerts) {
      const route = routes.find((r) => r.name === alert.channel);
      if (!route) continue;
      const { added } = await outbox.enqueue(alert, route.targets, input.now);
      enqueued += added;
      if (added > 0) {
        logger.info('alert queued', { event: 'alert.queued', instanceId: alert.instance.id, alertId: alert.id, kind: alert.kind, channel: alert.channel, targets: added });
      }
    }
    return { next, alerts, enqueued, warnings };
  }

  deliverDue(now: Date): Promise<DeliverySummary> {
    return this.deps.delivery.deliverDue(now);
  }

  listUndelivered(instanceId: string): Promise<UndeliveredAlert[]> {
    return this.deps.outbox.listUndelivered(instanceId);
  }
}
