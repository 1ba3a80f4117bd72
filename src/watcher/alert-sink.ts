/**
 * The AlertSink port on the alerts module's use case (src/alerts/alerting.ts): route, decide, put
 * the alerts in the outbox, and hand back the policy state the watcher stores with the instance;
 * for a deleted instance, close the alerts it left open.
 */
import type { RemovalInput, RemovalOutcome, ReportInput, ReportOutcome } from '../alerts/alerting.js';
import type { UndeliveredAlert } from '../alerts/outbox.js';
import type { Attribution } from '../alerts/types.js';
import type { AlertSink, ChangeRecord } from './ports.js';

export interface ReportsAlerts {
  onReport(input: ReportInput): Promise<ReportOutcome>;
  onRemoval(input: RemovalInput): Promise<RemovalOutcome>;
  listUndelivered(instanceId: string): Promise<UndeliveredAlert[]>;
}

export function alertSinkOf(alerting: ReportsAlerts): AlertSink {
  return {
    async onEvaluation(notice) {
      const outcome = await alerting.onReport({
        report: notice.report,
        previous: notice.alertState,
        tags: notice.tags,
        // The policy wants the most recent first.
        changes: [...notice.changes].reverse().map(attributionOf),
        // The evaluation's own time, so that a repeated call makes the same decision.
        now: new Date(notice.evaluatedAt),
      });
      return outcome.next;
    },
    async onRemoval(notice) {
      const outcome = await alerting.onRemoval({
        report: notice.state.report,
        previous: notice.state.alertState,
        changes: [...notice.changes].reverse().map(attributionOf),
        now: new Date(notice.removedAt),
      });
      return outcome.alerts.length;
    },
    listUndelivered: (instanceId) => alerting.listUndelivered(instanceId),
  };
}

export function attributionOf(change: ChangeRecord): Attribution {
  const { upn, name, appId } = change.caller;
  return {
    caller: { ...(upn ? { upn } : {}), ...(name ? { name } : {}), ...(appId ? { appId } : {}) },
    operation: change.operation,
    resourceId: change.resourceId,
    time: change.time,
    ...(change.correlationId ? { correlationId: change.correlationId } : {}),
  };
}
