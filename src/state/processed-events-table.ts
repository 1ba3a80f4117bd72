/**
 * Ids of the events already handled, so that a redelivered event (Event Grid and queues deliver at
 * least once, and a management group can deliver one change through several subscriptions) is
 * dropped before it costs a lookup. Partitioned by a hash prefix to spread the load.
 */
import { odata, type TableClient } from '@azure/data-tables';
import { createHash } from 'node:crypto';
import { encodeTableKey } from '../index/table-keys.js';
import { isNotFound } from './table-errors.js';

function keys(eventId: string): { partitionKey: string; rowKey: string } {
  return { partitionKey: `e${createHash('sha256').update(eventId).digest('hex').slice(0, 2)}`, rowKey: encodeTableKey(eventId) };
}

export class ProcessedEventsTable {
  constructor(readonly client: TableClient) {}

  async has(eventId: string): Promise<boolean> {
    const { partitionKey, rowKey } = keys(eventId);
    try {
      await this.client.getEntity(partitionKey, rowKey, { queryOptions: { select: ['RowKey'] } });
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }

  async mark(eventId: string, at: string): Promise<void> {
    await this.client.upsertEntity({ ...keys(eventId), processedAt: at }, 'Replace');
  }

  async prune(olderThan: string): Promise<number> {
    const rows = this.client.listEntities({ queryOptions: { filter: odata`processedAt lt ${olderThan}`, select: ['PartitionKey', 'RowKey'] } });
    let n = 0;
    for await (const row of rows) {
      try {
        await this.client.deleteEntity(row.partitionKey!, row.rowKey!);
        n++;
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    return n;
  }
}
