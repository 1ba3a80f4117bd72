/** `deliverAlerts`: sends what is due in the alert outbox (schedule: ALERT_DELIVERY_SCHEDULE). */
import { app, type InvocationContext, type Timer } from '@azure/functions';
import type { DeliverySummary } from '../src/alerts/delivery.js';
import { triggerSettings } from '../src/config/config.js';
import { logOf } from './invocation.js';
import { defaultRuntime, type RuntimeProvider } from './runtime.js';

export function deliverAlertsHandler(runtime: RuntimeProvider = defaultRuntime) {
  return async (_timer: Timer, context: InvocationContext): Promise<DeliverySummary | undefined> => {
    const rt = await runtime();
    const log = logOf(context);
    const alerting = rt.alerting(log);
    if (!alerting) return undefined; // no channel configured: nothing is ever queued
    const summary = await alerting.deliverDue(new Date());
    // Sends that keep failing must be visible without reading logs: they are metrics too.
    const { telemetry } = rt.watcher(log);
    if (summary.sent > 0) telemetry.metric('AlertsSent', summary.sent);
    if (summary.retrying > 0) telemetry.metric('AlertsRetrying', summary.retrying);
    if (summary.failed > 0) {
      telemetry.metric('AlertsFailed', summary.failed);
      log.warn(`${summary.failed} alert(s) could not be delivered and were given up; see GET /api/instances/{subscriptionId}/{resourceGroup}/{name}`);
    }
    await telemetry.flush();
    return summary;
  };
}

const schedule = triggerSettings().alertDeliverySchedule;
// Without alert channels there is nothing to deliver, and no timer is registered.
if (schedule) app.timer('deliverAlerts', { schedule, handler: deliverAlertsHandler() });
