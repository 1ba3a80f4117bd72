/**
 * The state store on Azure Table storage (@azure/data-tables): three tables named from a prefix.
 *   {prefix}instances  per instance: last evaluation, transitions, changes, debounce marker
 *   {prefix}index      the dependency index (by resource and by instance)
 *   {prefix}events     processed event ids
 */
import type { TableClient } from '@azure/data-tables';
import type { StateStore } from '../watcher/ports.js';
import { IndexTable } from './index-table.js';
import { InstanceTable } from './instance-table.js';
import { ProcessedEventsTable } from './processed-events-table.js';
import { Windows } from './windows.js';

export interface StateTables {
  instances: TableClient;
  index: TableClient;
  events: TableClient;
}

export function stateTableNames(prefix: string): { instances: string; index: string; events: string } {
  return { instances: `${prefix}instances`, index: `${prefix}index`, events: `${prefix}events` };
}

/** Creates the tables when missing (idempotent); run once per process before the first use. */
export async function ensureStateTables(tables: StateTables): Promise<void> {
  await Promise.all([tables.instances.createTable(), tables.index.createTable(), tables.events.createTable()]);
}

export function tableStateStore(tables: StateTables): StateStore {
  const instances = new InstanceTable(tables.instances);
  const windows = new Windows(instances);
  const index = new IndexTable(tables.index);
  const events = new ProcessedEventsTable(tables.events);
  return {
    getInstance: (id) => instances.get(id),
    listInstances: () => instances.list(),
    saveEvaluation: (result) => instances.save(result),
    removeInstance: (id) => instances.remove(id),
    listTransitions: (id, limit) => instances.transitions(id, limit),
    recordAlertState: (id, alertState) => instances.recordAlertState(id, alertState),
    recordChange: (id, change) => instances.recordChange(id, change),
    recentChanges: (id, retainedSince) => instances.recentChanges(id, retainedSince),
    isEventProcessed: (eventId) => events.has(eventId),
    markEventProcessed: (eventId, at) => events.mark(eventId, at),
    pruneProcessedEvents: (olderThan) => events.prune(olderThan),
    openWindow: (request) => windows.open(request),
    beginWindow: (id, windowId, staleAt, retry) => windows.begin(id, windowId, staleAt, retry),
    releaseWindow: (id, windowId, now, dueAt, staleAt) => windows.release(id, windowId, now, dueAt, staleAt),
    endWindow: (id, windowId, dueAt, staleAt) => windows.end(id, windowId, dueAt, staleAt),
    dependentsOf: (resourceId) => index.dependentsOf(resourceId),
    replaceDependencies: (id, entries) => index.replace(id, entries),
    removeDependencies: (id) => index.replace(id, []),
    indexedInstances: () => index.instances(),
  };
}
