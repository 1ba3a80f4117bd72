/** `sweep`: the periodic reconciliation (schedule: SWEEP_SCHEDULE, every 30 minutes by default). */
import { app, type InvocationContext, type Timer } from '@azure/functions';
import { triggerSettings } from '../src/config/config.js';
import { runSweep, type SweepSummary } from '../src/watcher/sweep.js';
import { logOf } from './invocation.js';
import { defaultRuntime, type RuntimeProvider } from './runtime.js';

export function sweepHandler(runtime: RuntimeProvider = defaultRuntime) {
  return async (timer: Timer, context: InvocationContext): Promise<SweepSummary> => {
    const log = logOf(context);
    if (timer.isPastDue) log.warn('sweep is running late (past due)');
    const rt = await runtime();
    const watcher = rt.watcher(log);
    const summary = await runSweep(watcher, log);
    // The outbox keeps sent and given-up rows for their keys only so long (ALERT_OUTBOX_RETENTION_DAYS).
    const pruned = await rt.alerting(log)?.pruneOutbox(watcher.clock.now());
    if (pruned) log.info(`pruned ${pruned} sent or given-up alert(s) from the outbox`);
    return summary;
  };
}

app.timer('sweep', { schedule: triggerSettings().sweepSchedule, handler: sweepHandler() });
