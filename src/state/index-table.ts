/**
 * The dependency index in Table storage, in the keys src/index/table-keys.ts defines: each edge is
 * stored twice in one table, once under the resource (what an event looks up: one partition query)
 * and once under the instance (what replacing an instance's edges needs, without a scan).
 */
import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { normalizeResourceId } from '../arm/resource-id.js';
import { dependencyKeyOf, type DependencyEntry, type InstanceLocation } from '../index/dependencies.js';
import { diffEntries } from '../index/dependency-index.js';
import {
  encodeTableKey,
  instanceKeys,
  instancePartitionKey,
  parseDependencyEntry,
  resourceKeys,
  resourcePartitionKey,
} from '../index/table-keys.js';
import { isNotFound } from './table-errors.js';

/** Azure's limit of actions per transaction. */
const BATCH = 100;
const INSTANCE_PARTITIONS_FROM = encodeTableKey('instance', '');
const INSTANCE_PARTITIONS_TO = `${INSTANCE_PARTITIONS_FROM.slice(0, -1)}"`;

export class IndexTable {
  constructor(readonly client: TableClient) {}

  /** The instance locations that depend on a resource (child ids map to their parent). */
  async dependentsOf(resourceId: string): Promise<InstanceLocation[]> {
    const key = dependencyKeyOf(resourceId);
    if (!key) return [];
    const out: InstanceLocation[] = [];
    for (const entry of await this.partition(resourcePartitionKey(key))) out.push({ instanceId: entry.instanceId, region: entry.region });
    return out;
  }

  /** The current edges of one instance (one partition query). */
  entriesOf(instanceId: string): Promise<DependencyEntry[]> {
    return this.partition(instancePartitionKey(instanceId));
  }

  async replace(instanceId: string, entries: readonly DependencyEntry[]): Promise<void> {
    const id = normalizeResourceId(instanceId);
    const wanted = entries.filter((e) => normalizeResourceId(e.instanceId) === id);
    const existing = await this.partition(instancePartitionKey(instanceId));
    const { added, removed } = diffEntries(existing, wanted);
    // The order keeps every by-resource row reachable from its by-instance twin, so a crash halfway
    // leaves at worst stale edges (one extra evaluation), which the next replace or sweep removes.
    for (const e of added) await this.client.upsertEntity({ ...resourceKeys(e), ...e }, 'Replace');
    await this.batch(added.map((e): TransactionAction => ['upsert', { ...instanceKeys(e), ...e }, 'Replace']));
    for (const e of removed) await this.deleteRow(resourceKeys(e).partitionKey, resourceKeys(e).rowKey);
    for (const e of removed) await this.deleteRow(instanceKeys(e).partitionKey, instanceKeys(e).rowKey);
  }

  /** Every instance id that has edges, as the latest view spelled it. */
  async instances(): Promise<string[]> {
    const rows = this.client.listEntities<{ instanceId?: string }>({
      queryOptions: {
        filter: odata`PartitionKey ge ${INSTANCE_PARTITIONS_FROM} and PartitionKey lt ${INSTANCE_PARTITIONS_TO}`,
        select: ['instanceId'],
      },
    });
    const ids = new Map<string, string>();
    for await (const row of rows) if (typeof row.instanceId === 'string') ids.set(normalizeResourceId(row.instanceId), row.instanceId);
    return [...ids.values()];
  }

  private async partition(partitionKey: string): Promise<DependencyEntry[]> {
    const rows = this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${partitionKey}` } });
    const out: DependencyEntry[] = [];
    for await (const row of rows) {
      const parsed = parseDependencyEntry(row);
      // A damaged row is skipped: the next sweep rewrites the index.
      if ('entry' in parsed) out.push(parsed.entry);
    }
    return out;
  }

  private async batch(actions: TransactionAction[]): Promise<void> {
    for (let i = 0; i < actions.length; i += BATCH) await this.client.submitTransaction(actions.slice(i, i + BATCH));
  }

  private async deleteRow(partitionKey: string, rowKey: string): Promise<void> {
    try {
      await this.client.deleteEntity(partitionKey, rowKey);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}
