/** `deliverAlerts`: sends what is due in the alert outbox (schedule: ALERT_DELIVERY_SCHEDULE). */
import { app, type InvocationContext, type Timer } from '@azure/functions';
import type { DeliverySummary } from '../src/alerts/delivery.js';
import { triggerSettings } from '../src/config/config.js';
import { logOf } from './invocation.js';
import { defaultRuntime, type RuntimeProvider } from './runtime.js';

export function deliverAlertsHandler(runtime: RuntimeProvider = defaultRuntime) {
  return async (_timer: Timer, context: InvocationContext): Promise<DeliverySummary | undefined> => {
    const alerting = (await runtime()).alerting(logOf(context));
    if (!alerting) return undefined; // no channel configured: nothing is ever queued
    return alerting.deliverDue(new Date());
  };
}

const schedule = triggerSettings().alertDeliverySchedule;
// Without alert channels there is nothing to deliver, and no timer is registered.
if (schedule) app.timer('deliverAlerts', { schedule, handler: deliverAlertsHandler() });
