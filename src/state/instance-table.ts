/**
 * Everything about one instance lives in one partition of the instances table, so that the state and
 * the transition it makes are written in one transaction (same partition), guarded by the state's ETag:
 *   RowKey `state`                       the last evaluation
 *   RowKey `window`                      the debounce marker (see windows.ts)
 *   RowKey `transition!{inverted ms}!…`  one per change of status or failing set, newest first
 *   RowKey `change!{time}!{event id}`    the changes events reported (attribution)
 */
import { odata, type TableClient, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import { randomUUID } from 'node:crypto';
import type { PreviousAlertState } from '../alerts/types.js';
import { normalizeResourceId } from '../arm/resource-id.js';
import { encodeTableKey } from '../index/table-keys.js';
import type { ChangeRecord, EvaluationResult, InstanceState, SaveOutcome, Transition } from '../watcher/ports.js';
import { nextState } from '../watcher/transition.js';
import { jsonColumns, readJsonColumns } from './json-columns.js';
import { conditionalWrite, isNotFound, WRITE_TOKEN } from './table-errors.js';

export const STATE_ROW = 'state';
const TRANSITION_PREFIX = 'transition!';
const CHANGE_PREFIX = 'change!';
/** The character after `!`: an exclusive upper bound for a `prefix!` range query. */
const after = (prefix: string) => `${prefix.slice(0, -1)}"`;

type Row = TableEntityResult<Record<string, unknown>>;

export function instancePartition(instanceId: string): string {
  return encodeTableKey(normalizeResourceId(instanceId));
}

export class InstanceTable {
  constructor(readonly client: TableClient) {}

  async get(instanceId: string): Promise<InstanceState | undefined> {
    const row = await this.getRow(instancePartition(instanceId), STATE_ROW);
    return row ? toState(row) : undefined;
  }

  async list(): Promise<InstanceState[]> {
    const out: InstanceState[] = [];
    const rows = this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`RowKey eq ${STATE_ROW}` } });
    for await (const row of rows) out.push(toState(row));
    return out;
  }

  async save(result: EvaluationResult): Promise<SaveOutcome> {
    const partitionKey = instancePartition(result.report.id);
    return conditionalWrite<SaveOutcome>(`saving the evaluation of ${result.report.id}`, async (w) => {
      const row = await this.getRow(partitionKey, STATE_ROW);
      // Our own write, its reply lost: what we stored is the outcome, transition and all.
      const earlier = w.earlier(row);
      if (earlier) return earlier;
      const previous = row ? toState(row) : undefined;
      const next = nextState(previous, result);
      if (next.kind === 'superseded') return { kind: 'superseded', current: previous! };
      const entity = { partitionKey, rowKey: STATE_ROW, ...stateColumns(next.state), [WRITE_TOKEN]: w.token };
      const actions: TransactionAction[] = [row ? ['update', entity, 'Replace', { etag: row.etag }] : ['create', entity]];
      if (next.transition) actions.push(['create', { partitionKey, rowKey: transitionRowKey(next.transition.at), ...jsonColumns('transition', next.transition) }]);
      const outcome: SaveOutcome = {
        kind: 'saved',
        state: next.state,
        ...(previous ? { previous } : {}),
        ...(next.transition ? { transition: next.transition } : {}),
      };
      w.intend(outcome);
      await this.client.submitTransaction(actions);
      return outcome;
    });
  }

  async recordAlertState(instanceId: string, alertState: PreviousAlertState): Promise<void> {
    const partitionKey = instancePartition(instanceId);
    await conditionalWrite(`storing the alert state of ${instanceId}`, async (w) => {
      const row = await this.getRow(partitionKey, STATE_ROW);
      // The instance vanished meanwhile (removed by a sweep): nothing to attach the alert state to.
      if (!row || w.earlier(row)) return true;
      w.intend(true);
      await this.client.updateEntity({ partitionKey, rowKey: STATE_ROW, ...jsonColumns('alertState', alertState), [WRITE_TOKEN]: w.token }, 'Merge', { etag: row.etag });
      return true;
    });
  }

  /** Deletes the state, the marker and the changes of an instance; transitions stay as history. */
  async remove(instanceId: string): Promise<void> {
    const partitionKey = instancePartition(instanceId);
    const keys = [STATE_ROW, 'window', ...(await this.rowKeysInRange(partitionKey, CHANGE_PREFIX, after(CHANGE_PREFIX)))];
    await this.deleteRows(partitionKey, keys);
  }

  async transitions(instanceId: string, limit = 50): Promise<Transition[]> {
    const partitionKey = instancePartition(instanceId);
    const rows = this.client.listEntities<Record<string, unknown>>({
      queryOptions: { filter: odata`PartitionKey eq ${partitionKey} and RowKey ge ${TRANSITION_PREFIX} and RowKey lt ${after(TRANSITION_PREFIX)}` },
    });
    const out: Transition[] = [];
    for await (const row of rows) {
      out.push(readJsonColumns<Transition>(row, 'transition')!);
      if (out.length >= limit) break;
    }
    return out;
  }

  /** Idempotent: a redelivered event writes the same row again. */
  async recordChange(instanceId: string, change: ChangeRecord): Promise<void> {
    const partitionKey = instancePartition(instanceId);
    await this.client.upsertEntity(changeEntity(partitionKey, change), 'Replace');
  }

  async recentChanges(instanceId: string, retainedSince: string): Promise<ChangeRecord[]> {
    const partitionKey = instancePartition(instanceId);
    const rows = this.client.listEntities<Record<string, unknown>>({
      queryOptions: { filter: odata`PartitionKey eq ${partitionKey} and RowKey ge ${CHANGE_PREFIX} and RowKey lt ${after(CHANGE_PREFIX)}` },
    });
    const recent: ChangeRecord[] = [];
    const expired: string[] = [];
    const since = Date.parse(retainedSince);
    for await (const row of rows) {
      const change = toChange(row);
      if (Date.parse(change.time) > since) recent.push(change);
      else if (row.rowKey) expired.push(row.rowKey);
    }
    await this.deleteRows(partitionKey, expired);
    return recent;
  }

  async getRow(partitionKey: string, rowKey: string): Promise<Row | undefined> {
    try {
      return await this.client.getEntity<Record<string, unknown>>(partitionKey, rowKey);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  private async rowKeysInRange(partitionKey: string, from: string, to: string): Promise<string[]> {
    const rows = this.client.listEntities({
      queryOptions: { filter: odata`PartitionKey eq ${partitionKey} and RowKey ge ${from} and RowKey lt ${to}`, select: ['RowKey'] },
    });
    const keys: string[] = [];
    for await (const row of rows) if (row.rowKey) keys.push(row.rowKey);
    return keys;
  }

  private async deleteRows(partitionKey: string, rowKeys: string[]): Promise<void> {
    // One by one: a transaction fails as a whole when one row is already gone, and these deletes are idempotent.
    for (const rowKey of rowKeys) {
      try {
        await this.client.deleteEntity(partitionKey, rowKey);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
  }
}

function stateColumns(state: InstanceState): Record<string, string | number> {
  return {
    instanceId: state.instanceId,
    name: state.name,
    status: state.status,
    fingerprint: state.fingerprint,
    observedAt: state.observedAt,
    evaluatedAt: state.evaluatedAt,
    trigger: state.trigger,
    changedAt: state.changedAt,
    ...(state.attributionSince ? { attributionSince: state.attributionSince } : {}),
    ...(state.unknownSince ? { unknownSince: state.unknownSince } : {}),
    ...jsonColumns('report', state.report),
    ...(state.alertState ? jsonColumns('alertState', state.alertState) : {}),
  };
}

function toState(row: Record<string, unknown>): InstanceState {
  const report = readJsonColumns<InstanceState['report']>(row, 'report');
  if (!report) throw new Error(`stored state ${String(row.partitionKey)} has no report`);
  const alertState = readJsonColumns<PreviousAlertState>(row, 'alertState');
  return {
    instanceId: String(row.instanceId),
    name: String(row.name),
    status: report.status,
    fingerprint: String(row.fingerprint),
    findings: report.findings,
    report,
    observedAt: String(row.observedAt),
    evaluatedAt: String(row.evaluatedAt),
    trigger: row.trigger as InstanceState['trigger'],
    changedAt: String(row.changedAt),
    ...(typeof row.attributionSince === 'string' ? { attributionSince: row.attributionSince } : {}),
    ...(typeof row.unknownSince === 'string' ? { unknownSince: row.unknownSince } : {}),
    ...(alertState ? { alertState } : {}),
  };
}

function transitionRowKey(at: string): string {
  // Inverted milliseconds sort the newest first; the random suffix keeps two transitions in one ms apart.
  const inverted = String(9_999_999_999_999 - Date.parse(at)).padStart(13, '0');
  return `${TRANSITION_PREFIX}${inverted}!${randomUUID()}`;
}

/** The row of one change in an instance's partition (one per event and resource: redelivery rewrites it). */
export function changeEntity(partitionKey: string, change: ChangeRecord): { partitionKey: string; rowKey: string } & Record<string, string> {
  return { partitionKey, rowKey: changeRowKey(change), ...changeColumns(change) };
}

function changeRowKey(change: ChangeRecord): string {
  return `${CHANGE_PREFIX}${isoMillis(change.time)}!${encodeTableKey(change.eventId, change.resourceId)}`;
}

function changeColumns(change: ChangeRecord): Record<string, string> {
  return {
    eventId: change.eventId,
    resourceId: change.resourceId,
    operation: change.operation,
    time: change.time,
    caller: JSON.stringify(change.caller),
    ...(change.correlationId ? { correlationId: change.correlationId } : {}),
  };
}

function toChange(row: Record<string, unknown>): ChangeRecord {
  return {
    eventId: String(row.eventId),
    resourceId: String(row.resourceId),
    operation: String(row.operation),
    time: String(row.time),
    caller: typeof row.caller === 'string' ? (JSON.parse(row.caller) as ChangeRecord['caller']) : {},
    ...(typeof row.correlationId === 'string' ? { correlationId: row.correlationId } : {}),
  };
}

/** Fixed-width UTC time, so that row keys sort by time. */
function isoMillis(time: string): string {
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) throw new Error(`not a time: "${time}"`);
  return new Date(ms).toISOString();
}
