/**
 * The alert use case the watcher calls after each evaluation: route, decide, enqueue. It returns
 * the state to store; the watcher stores it only after this returns (the alerts are then in the
 * outbox, and repeating the call on the old state would enqueue the same keys, i.e. nothing).
 * When an instance is deleted, the watcher calls it once more with the last stored state, to close
 * the alerts left open.
 */
import type { InstanceReport } from '../model/finding.js';
import type { Delivery, DeliverySummary } from './delivery.js';
import type { Outbox, UndeliveredAlert } from './outbox.js';
import { decideAlerts, decideRemoval } from './policy.js';
import { resolveRoutes, tagValue } from './routing.js';
import type { Alert, AlertLogger, AlertSettings, Attribution, PolicyOptions, PreviousAlertState, Route, RoutingWarning } from './types.js';

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

export interface RemovalInput {
  /** The instance's last stored report. */
  report: InstanceReport;
  /** The alert state stored with it (its open alerts). */
  previous: PreviousAlertState | undefined;
  /** The changes that may have deleted it, most recent first. */
  changes?: readonly Attribution[];
  now: Date;
}

export interface RemovalOutcome {
  alerts: Alert[];
  enqueued: number;
  warnings: RoutingWarning[];
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
    const { settings } = this.deps;
    const { routes, warnings } = this.routes(input.report.id, input.tags);
    const decision = decideAlerts({
      report: input.report,
      previous: input.previous,
      channels: routes,
      ...(input.changes ? { changes: input.changes } : {}),
      now: input.now,
      options: this.policyOptions(),
    });
    const { alerts } = decision;
    const routingTagValue = tagValue(input.tags, settings.routingTag);
    const next: PreviousAlertState = routingTagValue === undefined ? decision.next : { ...decision.next, routingTagValue };
    const enqueued = await this.enqueue(alerts, routes, input.now);
    return { next, alerts, enqueued, warnings };
  }

  /**
   * The instance was deleted: a closing notice to each channel with an open alert, routed as its last
   * evaluation was (its routing tag is kept in the alert state). Nothing to store afterwards.
   */
  async onRemoval(input: RemovalInput): Promise<RemovalOutcome> {
    const { settings } = this.deps;
    const tagged = input.previous?.routingTagValue;
    const { routes, warnings } = this.routes(input.report.id, tagged === undefined ? undefined : { [settings.routingTag]: tagged });
    const { alerts } = decideRemoval({
      report: input.report,
      previous: input.previous,
      channels: routes,
      ...(input.changes ? { changes: input.changes } : {}),
      now: input.now,
      options: this.policyOptions(),
    });
    const enqueued = await this.enqueue(alerts, routes, input.now);
    return { alerts, enqueued, warnings };
  }

  private routes(instanceId: string, tags: Readonly<Record<string, string>> | undefined): { routes: Route[]; warnings: RoutingWarning[] } {
    const { settings, logger } = this.deps;
    const resolved = resolveRoutes(settings, { id: instanceId, ...(tags ? { tags } : {}) });
    for (const w of resolved.warnings) logger.warn('alert route refused', { event: 'alert.route-refused', instanceId: w.instanceId, entry: w.entry, reason: w.reason });
    return resolved;
  }

  private policyOptions(): PolicyOptions {
    const { settings } = this.deps;
    return {
      unknownAfterMinutes: settings.unknownAfterMinutes,
      subjectPrefix: settings.subjectPrefix,
      ...(settings.reminderIntervalMinutes !== undefined ? { reminderIntervalMinutes: settings.reminderIntervalMinutes } : {}),
    };
  }

  /** Puts the alerts in the outbox, one row per target; rows already there are not added again. */
  private async enqueue(alerts: readonly Alert[], routes: readonly Route[], now: Date): Promise<number> {
    const { outbox, logger } = this.deps;
    let enqueued = 0;
    for (const alert of alerts) {
      const route = routes.find((r) => r.name === alert.channel);
      if (!route) continue;
      const { added } = await outbox.enqueue(alert, route.targets, now);
      enqueued += added;
      if (added > 0) {
        logger.info('alert queued', { event: 'alert.queued', instanceId: alert.instance.id, alertId: alert.id, kind: alert.kind, channel: alert.channel, targets: added });
      }
    }
    return enqueued;
  }

  /** Deletes sent and given-up outbox rows older than the retention setting; returns how many. */
  pruneOutbox(now: Date): Promise<number> {
    return this.deps.outbox.prune(new Date(now.getTime() - this.deps.settings.delivery.retentionDays * 24 * 3600_000));
  }

  deliverDue(now: Date): Promise<DeliverySummary> {
    return this.deps.delivery.deliverDue(now);
  }

  listUndelivered(instanceId: string): Promise<UndeliveredAlert[]> {
    return this.deps.outbox.listUndelivered(instanceId);
  }
}
