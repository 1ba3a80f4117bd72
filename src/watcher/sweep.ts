/**
 * Use case "sweep": the reconciliation that makes a lost event cost at most one period of blindness.
 * One read of the whole scope (Resource Graph), then every instance is evaluated from what was read,
 * its index edges rewritten, and instances that vanished are forgotten — only when the sweep read
 * everything, since an instance missing from a partial read may well still exist.
 */
import { normalizeResourceId } from '../arm/resource-id.js';
import { later, type WatcherDeps } from './deps.js';
import { forgetInstance, recordEvaluation } from './evaluate-instance.js';
import type { Log } from './ports.js';

export interface SweepSummary {
  instances: number;
  evaluated: number;
  transitions: number;
  failed: number;
  removed: number;
  /** What the sweep could not read; removals are skipped when not empty. */
  incomplete: string[];
  prunedEvents: number;
  armRequests?: number;
}

const CONCURRENCY = 8;

export async function runSweep(deps: WatcherDeps, log: Log): Promise<SweepSummary> {
  const started = deps.clock.now();
  const armBefore = deps.armRequests?.();
  const result = await deps.reader.sweep();
  const armRequests = armBefore === undefined ? undefined : deps.armRequests!() - armBefore;
  const summary: SweepSummary = {
    instances: result.views.length,
    evaluated: 0,
    transitions: 0,
    failed: 0,
    removed: 0,
    incomplete: result.incomplete,
    prunedEvents: 0,
    ...(armRequests !== undefined ? { armRequests } : {}),
  };
  for (const note of result.incomplete) log.warn(`sweep incomplete: ${note}`);

  let next = 0;
  const worker = async () => {
    while (next < result.views.length) {
      const view = result.views[next++]!;
      try {
        const outcome = await recordEvaluation(deps, view, started, { trigger: 'sweep', notify: true }, log);
        summary.evaluated++;
        if (outcome.kind === 'evaluated' && outcome.transition) summary.transitions++;
      } catch (e) {
        // One instance's failure must not cost the others their evaluation; the next sweep retries it.
        summary.failed++;
        log.error(`sweep: evaluation of ${view.instance.id} failed: ${(e as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, result.views.length) }, worker));

  if (result.incomplete.length === 0) {
    const seen = new Set(result.views.map((v) => normalizeResourceId(v.instance.id)));
    const known = new Map<string, string>();
    for (const id of await deps.store.indexedInstances()) known.set(normalizeResourceId(id), id);
    for (const s of await deps.store.listInstances()) known.set(normalizeResourceId(s.instanceId), s.instanceId);
    for (const [key, id] of known) {
      if (seen.has(key)) continue;
      await forgetInstance(deps, id, log);
      summary.removed++;
    }
  }
  summary.prunedEvents = await deps.store.pruneProcessedEvents(later(deps.clock.now(), -deps.timing.eventDedupeHours * 3600));
  deps.telemetry.event('SweepCompleted', { complete: String(result.incomplete.length === 0) }, {
    instances: summary.instances,
    evaluated: summary.evaluated,
    transitions: summary.transitions,
    failed: summary.failed,
    removed: summary.removed,
    durationMs: deps.clock.now().getTime() - started.getTime(),
    ...(armRequests !== undefined ? { armRequests } : {}),
  });
  if (armRequests !== undefined) deps.telemetry.metric('ArmCalls', armRequests, { trigger: 'sweep' });
  log.info(
    `sweep: ${summary.evaluated}/${summary.instances} instance(s) evaluated, ${summary.transitions} transition(s), ${summary.removed} removed, ${summary.failed} failed`,
  );
  return summary;
}
