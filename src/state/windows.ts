/**
 * The debounce markers in Table storage: RowKey `window` of each instance's partition. The decisions
 * are src/watcher/debounce.ts; here they are applied with conditional writes (insert, or
 * update/delete with the ETag read) through conditionalWrite, which tells this call's own earlier
 * write (its reply lost) from another worker's.
 */
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { randomUUID } from 'node:crypto';
import { decideBegin, decideEnd, decideOpen, decideRelease, type WindowMarker } from '../watcher/debounce.js';
import type { WindowBegin, WindowEnd, WindowOpen, WindowRequest } from '../watcher/ports.js';
import { changeEntity, instancePartition, type InstanceTable } from './instance-table.js';
import { conditionalWrite, WRITE_TOKEN } from './table-errors.js';

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
    return conditionalWrite(`opening a window for ${request.instanceId}`, async (w) => {
      // Read first: in a burst most events join a window already open, which then costs one write.
      const row = await this.rows.getRow(partitionKey, WINDOW_ROW);
      const earlier = w.earlier(row);
      if (earlier) return earlier;
      const decision = decideOpen(row ? toMarker(row) : undefined, request, randomUUID());
      const actions: TransactionAction[] = [change];
      if (decision.write === 'put') {
        const entity = { partitionKey, rowKey: WINDOW_ROW, ...decision.marker, [WRITE_TOKEN]: w.token };
        actions.unshift(row ? ['update', entity, 'Replace', { etag: row.etag }] : ['create', entity]);
      } else if (decision.write === 'follow-up') {
        const entity = { partitionKey, rowKey: WINDOW_ROW, followUp: true, followUpEventTime: decision.followUpEventTime, [WRITE_TOKEN]: w.token };
        actions.unshift(['update', entity, 'Merge', { etag: row!.etag }]);
      }
      w.intend(decision.result);
      await this.client.submitTransaction(actions);
      return decision.result;
    });
  }

  async begin(instanceId: string, windowId: string, staleAt: string, retry: boolean): Promise<WindowBegin> {
    const partitionKey = instancePartition(instanceId);
    return conditionalWrite(`starting window ${windowId} of ${instanceId}`, async (w) => {
      const row = await this.rows.getRow(partitionKey, WINDOW_ROW);
      const earlier = w.earlier(row);
      if (earlier) return earlier;
      const decision = decideBegin(row ? toMarker(row) : undefined, windowId, staleAt, retry);
      if (decision.write === 'put') {
        w.intend(decision.result);
        await this.client.updateEntity({ partitionKey, rowKey: WINDOW_ROW, ...decision.marker, [WRITE_TOKEN]: w.token }, 'Replace', { etag: row!.etag });
      }
      return decision.result;
    });
  }

  async release(instanceId: string, windowId: string, now: string, dueAt: string, staleAt: string): Promise<WindowEnd> {
    const partitionKey = instancePartition(instanceId);
    return conditionalWrite(`releasing window ${windowId} of ${instanceId}`, async (w) => {
      const row = await this.rows.getRow(partitionKey, WINDOW_ROW);
      const earlier = w.earlier(row);
      if (earlier) return earlier;
      const decision = decideRelease(row ? toMarker(row) : undefined, windowId, now, dueAt, staleAt, randomUUID());
      if (decision.write === 'put') {
        w.intend(decision.result);
        await this.client.updateEntity({ partitionKey, rowKey: WINDOW_ROW, ...decision.marker, [WRITE_TOKEN]: w.token }, 'Replace', { etag: row!.etag });
      }
      return decision.result;
    });
  }

  async end(instanceId: string, windowId: string, dueAt: string, staleAt: string): Promise<WindowEnd> {
    const partitionKey = instancePartition(instanceId);
    return conditionalWrite(`closing window ${windowId} of ${instanceId}`, async (w) => {
      const row = await this.rows.getRow(partitionKey, WINDOW_ROW);
      const earlier = w.earlier(row);
      if (earlier) return earlier;
      const decision = decideEnd(row ? toMarker(row) : undefined, windowId, dueAt, staleAt, randomUUID());
      if (decision.write !== 'none') w.intend(decision.result);
      if (decision.write === 'delete') await this.client.deleteEntity(partitionKey, WINDOW_ROW, { etag: row!.etag });
      if (decision.write === 'put') {
        await this.client.updateEntity({ partitionKey, rowKey: WINDOW_ROW, ...decision.marker, [WRITE_TOKEN]: w.token }, 'Replace', { etag: row!.etag });
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
