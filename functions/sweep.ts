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
    return runSweep((await runtime()).watcher(log), log);
  };
}

app.timer('sweep', { schedule: triggerSettings().sweepSchedule, handler: sweepHandler() });
