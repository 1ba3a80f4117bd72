/**
 * The debounce markers in Table storage: RowKey `window` of each instance's partition. The decisions
 * are src/watcher/debounce.ts; here they are applied with conditional writes (insert, or
 * update/delete with the ETag read), retried when another worker won the race.
 */
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { randomUUID } from 'node:crypto';
import { decideBegin, decideEnd, decideOpen, type WindowMarker } from '../watcher/debounce.js';
import type { WindowBegin, WindowEnd, WindowOpen, WindowRequest } from '../watcher/ports.js';
import { changeEntity, instancePartition, type InstanceTable } from './instance-table.js';
import { retryOnLostRace } from './table-errors.js';

export const WINDOW_ROW = 'window';

export class Windows {
  private readonly client: TableClient;
  constructor(private readonly rows: InstanceTable) {
    this.client = rows.client;
  }

  /**
   * Records the change in the instance's partition and opens or joins its window, in one
   * transaction: a window never opens without the change that opened it being there for attribution.
   */
  async open(request: WindowRequest): Promise<WindowOpen> {
    const partitionKey = instancePartition(request.instanceId);
    const change: TransactionAction = ['upsert', changeEntity(partitionKey, request.change), 'Replace'];
    return retryOnLostRace(`opening a window for ${request.instanceId}`, async () => {
      // Read first: in a burst most events join a window already open, which then costs one write.
      const row = await this.rows.getRow(partitionKey, WINDOW_ROW);
      const decision = decideOpen(row ? toMarker(row) : undefined, request, randomUUID());
      const actions: TransactionAction[] = [change];
      if (decision.write === 'put') {
        const entity = { partitionKey, rowKey: WINDOW_ROW, ...decision.marker };
        actions.unshift(row ? ['update', entity, 'Replace', { etag: row.etag }] : ['create', entity]);
      } else if (decision.write === 'follow-up') {
        const entity = { partitionKey, rowKey: WINDOW_ROW, followUp: true, followUpEventTime: decision.followUpEventTime };
        actions.unshift(['update', entity, 'Merge', { etag: row!.etag }]);
      }
      await this.client.submitTransaction(actions);
      return decision.result;
    });
  }

  async begin(instanceId: string, windowId: string, staleAt: string, retry: boolean): Promise<WindowBegin> {
    const partitionKey = instancePartition(instanceId);
    return retryOnLostRace(`starting window ${windowId} of ${instanceId}`, async () => {
      const row = await this.rows.getRow(partitionKey, WINDOW_ROW);
      const decision = decideBegin(row ? toMarker(row) : undefined, windowId, staleAt, retry);
      if (decision.write === 'put') {
        await this.client.updateEntity({ partitionKey, rowKey: WINDOW_ROW, ...decision.marker }, 'Replace', { etag: row!.etag });
      }
      return decision.result;
    });
  }

  async end(instanceId: string, windowId: string, dueAt: string, staleAt: string): Promise<WindowEnd> {
    const partitionKey = instancePartition(instanceId);
    return retryOnLostRace(`closing window ${windowId} of ${instanceId}`, async () => {
      const row = await this.rows.getRow(partitionKey, WINDOW_ROW);
      const decision = decideEnd(row ? toMarker(row) : undefined, windowId, dueAt, staleAt, randomUUID());
      if (decision.write === 'delete') await this.client.deleteEntity(partitionKey, WINDOW_ROW, { etag: row!.etag });
      if (decision.write === 'put') {
        await this.client.updateEntity({ partitionKey, rowKey: WINDOW_ROW, ...decision.marker }, 'Replace', { etag: row!.etag });
      }
      return decision.result;
    });
  }
}

function toMarker(row: Record<string, unknown>): WindowMarker {
  return {
    windowId: String(row.windowId),
    state: row.state === 'running' ? 'running' : 'pending',
    dueAt: String(row.dueAt),
    staleAt: String(row.staleAt),
    firstEventTime: String(row.firstEventTime),
    openedBy: String(row.openedBy),
    followUp: row.followUp === true,
    ...(typeof row.followUpEventTime === 'string' ? { followUpEventTime: row.followUpEventTime } : {}),
  };
}
