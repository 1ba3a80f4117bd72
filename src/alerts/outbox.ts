/**
 * The outbox: one Table storage row per alert and target, written before anything is sent.
 * The row key is derived from the alert id and the target, so enqueuing the same alert again
 * (a redelivered queue message, a second evaluation on the same state) adds nothing. Attempts,
 * the next attempt time and the last error live on the row: a restarted function resumes.
 *
 * Rows hold no secret: a Teams target is the channel name (its URL is looked up at send time),
 * errors are redacted before they are stored.
 */
import { odata, RestError, TableClient, type TableEntityResult } from '@azure/data-tables';
import { randomUUID } from 'node:crypto';
import { WRITE_TOKEN } from '../state/table-errors.js';
import { instanceKey, outboxKey } from './fingerprint.js';
import { maskAddress } from './redact.js';
import type { Alert, AlertKind, Target } from './types.js';

export type OutboxStatus = 'pending' | 'sent' | 'failed';

export interface OutboxEntry {
  key: string;
  partition: string;
  instanceId: string;
  alertId: string;
  kind: AlertKind;
  channel: string;
  target: Target;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  createdAt: Date;
  nextAttemptAt: Date;
  lastAttemptAt?: Date;
  sentAt?: Date;
  /** Redacted. */
  lastError?: string;
  /** HTTP status or SMTP code of the last failure. */
  lastStatus?: number;
  alert: Alert;
  etag: string;
}

/** What GET /api/instances/… and telemetry show of an alert not delivered (yet). No secrets, addresses masked. */
export interface UndeliveredAlert {
  alertId: string;
  kind: AlertKind;
  channel: string;
  /** `teams` or `email:t…@contoso.com`. */
  target: string;
  subject: string;
  status: Exclude<OutboxStatus, 'sent'>;
  attempts: number;
  createdAt: string;
  nextAttemptAt?: string;
  lastAttemptAt?: string;
  lastError?: string;
  lastStatus?: number;
}

// A string property holds at most 64 KiB (32 K UTF-16 code units); alerts are split below that.
const CHUNK = 30_000;
const MAX_CHUNKS = 30;

interface Row {
  partitionKey: string;
  rowKey: string;
  instanceId: string;
  alertId: string;
  kind: string;
  channel: string;
  targetKind: string;
  address?: string;
  subject: string;
  status: string;
  attempts: number;
  createdAt: Date;
  nextAttemptAt: Date;
  lastAttemptAt?: Date;
  sentAt?: Date;
  lastError?: string;
  lastStatus?: number;
  alertChunks: number;
  writeToken?: string;
  [chunk: `alert${number}`]: string;
}

export function describeTarget(target: Target): string {
  return target.kind === 'teams' ? 'teams' : `email:${maskAddress(target.address)}`;
}

function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === 'string' || typeof value === 'number') {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

function isStatus(error: unknown, status: number): boolean {
  return error instanceof RestError && error.statusCode === status;
}

export class Outbox {
  constructor(private readonly client: TableClient) {}

  /** http is allowed only for a loopback table endpoint (Azurite). */
  static fromConnectionString(connectionString: string, tableName: string): Outbox {
    const local = /TableEndpoint=http:\/\/(127\.0\.0\.1|localhost)[:/]/i.test(connectionString) || /UseDevelopmentStorage=true/i.test(connectionString);
    return new Outbox(TableClient.fromConnectionString(connectionString, tableName, { allowInsecureConnection: local }));
  }

  async ensureTable(): Promise<void> {
    await this.client.createTable();
  }

  /** Adds one row per target; rows already there are left alone. */
  async enqueue(alert: Alert, targets: readonly Target[], now: Date): Promise<{ added: number; existing: number }> {
    const json = JSON.stringify(alert);
    const chunks: string[] = [];
    for (let i = 0; i < json.length; i += CHUNK) chunks.push(json.slice(i, i + CHUNK));
    if (chunks.length > MAX_CHUNKS) throw new Error(`alert ${alert.id} is too large for the outbox (${json.length} characters)`);
    let added = 0;
    let existing = 0;
    for (const target of targets) {
      const row: Row = {
        partitionKey: instanceKey(alert.instance.id),
        rowKey: outboxKey(alert.id, target),
        instanceId: alert.instance.id,
        alertId: alert.id,
        kind: alert.kind,
        channel: target.channel,
        targetKind: target.kind,
        ...(target.kind === 'email' ? { address: target.address } : {}),
        subject: alert.subject,
        status: 'pending',
        attempts: 0,
        createdAt: now,
        nextAttemptAt: now,
        alertChunks: chunks.length,
      };
      chunks.forEach((c, i) => (row[`alert${i}`] = c));
      try {
        await this.client.createEntity(row);
        added++;
      } catch (error) {
        if (!isStatus(error, 409)) throw error;
        existing++;
      }
    }
    return { added, existing };
  }

  /** Pending rows whose next attempt is due, oldest first, at most `limit`. */
  async due(now: Date, limit = 50): Promise<OutboxEntry[]> {
    const out: OutboxEntry[] = [];
    const rows = this.client.listEntities<Row>({ queryOptions: { filter: odata`status eq 'pending' and nextAttemptAt le ${now}` } });
    for await (const row of rows) {
      out.push(this.entryOf(row));
      if (out.length >= limit * 4) break;
    }
    return out.sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime()).slice(0, limit);
  }

  async get(instanceId: string, key: string): Promise<OutboxEntry | undefined> {
    const row = await this.row(instanceKey(instanceId), key);
    return row ? this.entryOf(row) : undefined;
  }

  private async row(partitionKey: string, rowKey: string): Promise<TableEntityResult<Row> | undefined> {
    try {
      return await this.client.getEntity<Row>(partitionKey, rowKey);
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  /** Every row of an instance (newest first). */
  async list(instanceId: string): Promise<OutboxEntry[]> {
    const out: OutboxEntry[] = [];
    const rows = this.client.listEntities<Row>({ queryOptions: { filter: odata`PartitionKey eq ${instanceKey(instanceId)}` } });
    for await (const row of rows) out.push(this.entryOf(row));
    return out.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  /** Alerts of an instance not delivered: still pending (possibly retrying) or given up. */
  async listUndelivered(instanceId: string): Promise<UndeliveredAlert[]> {
    return (await this.list(instanceId))
      .filter((e): e is OutboxEntry & { status: 'pending' | 'failed' } => e.status !== 'sent')
      .map((e) => ({
        alertId: e.alertId,
        kind: e.kind,
        channel: e.channel,
        target: describeTarget(e.target),
        subject: e.subject,
        status: e.status,
        attempts: e.attempts,
        createdAt: e.createdAt.toISOString(),
        ...(e.status === 'pending' ? { nextAttemptAt: e.nextAttemptAt.toISOString() } : {}),
        ...(e.lastAttemptAt ? { lastAttemptAt: e.lastAttemptAt.toISOString() } : {}),
        ...(e.lastError ? { lastError: e.lastError } : {}),
        ...(e.lastStatus !== undefined ? { lastStatus: e.lastStatus } : {}),
      }));
  }

  /**
   * Takes a row for one attempt: counts the attempt and pushes the next attempt past the lease,
   * so that a crash mid-send makes the row due again once the lease is over. Returns the claimed
   * entry, or undefined when another worker changed the row first.
   *
   * A 412 can also be this claim's own write sent twice by the SDK after its reply was lost; the
   * claim's token in the row tells the two apart (see conditionalWrite in src/state/table-errors.ts).
   */
  async claim(entry: OutboxEntry, now: Date, leaseMs: number): Promise<OutboxEntry | undefined> {
    const token = randomUUID();
    const patch = {
      partitionKey: entry.partition,
      rowKey: entry.key,
      attempts: entry.attempts + 1,
      lastAttemptAt: now,
      nextAttemptAt: new Date(now.getTime() + leaseMs),
      [WRITE_TOKEN]: token,
    };
    const claimed = (etag: string): OutboxEntry => ({ ...entry, attempts: patch.attempts, lastAttemptAt: now, nextAttemptAt: patch.nextAttemptAt, etag });
    try {
      const { etag } = await this.client.updateEntity(patch, 'Merge', { etag: entry.etag });
      return claimed(etag ?? entry.etag);
    } catch (error) {
      if (!isStatus(error, 412) && !isStatus(error, 404)) throw error;
      const row = await this.row(entry.partition, entry.key);
      return row?.[WRITE_TOKEN] === token && row.status === 'pending' ? claimed(row.etag) : undefined;
    }
  }

  async markSent(entry: OutboxEntry, now: Date): Promise<void> {
    await this.client.updateEntity({ partitionKey: entry.partition, rowKey: entry.key, status: 'sent', sentAt: now }, 'Merge');
  }

  async reschedule(entry: OutboxEntry, next: Date, error: string, status?: number): Promise<void> {
    await this.client.updateEntity(
      { partitionKey: entry.partition, rowKey: entry.key, status: 'pending', nextAttemptAt: next, lastError: error, ...(status !== undefined ? { lastStatus: status } : {}) },
      'Merge',
    );
  }

  async markFailed(entry: OutboxEntry, error: string, status?: number): Promise<void> {
    await this.client.updateEntity(
      { partitionKey: entry.partition, rowKey: entry.key, status: 'failed', lastError: error, ...(status !== undefined ? { lastStatus: status } : {}) },
      'Merge',
    );
  }

  /**
   * Deletes sent and given-up rows created before `before` (the sweep calls it with the retention
   * setting). Until then their keys keep a repeated alert from being sent twice; keep them longer
   * than any event or message can be redelivered (Event Grid retries for 24 hours). Pending rows
   * stay whatever their age: they are still to be delivered.
   */
  async prune(before: Date): Promise<number> {
    let n = 0;
    const rows = this.client.listEntities<Row>({
      queryOptions: { filter: odata`(status eq 'sent' or status eq 'failed') and createdAt lt ${before}`, select: ['PartitionKey', 'RowKey'] },
    });
    for await (const row of rows) {
      try {
        await this.client.deleteEntity(row.partitionKey, row.rowKey);
        n++;
      } catch (error) {
        if (!isStatus(error, 404)) throw error;
      }
    }
    return n;
  }

  private entryOf(row: TableEntityResult<Row>): OutboxEntry {
    const chunks: string[] = [];
    for (let i = 0; i < row.alertChunks; i++) chunks.push(String(row[`alert${i}`] ?? ''));
    let alert: Alert;
    try {
      alert = JSON.parse(chunks.join('')) as Alert;
    } catch {
      throw new Error(`outbox row ${row.rowKey} of ${row.instanceId}: the stored alert is not valid JSON`);
    }
    const target: Target =
      row.targetKind === 'email' ? { kind: 'email', channel: row.channel, address: String(row.address ?? '') } : { kind: 'teams', channel: row.channel };
    const entry: OutboxEntry = {
      key: row.rowKey,
      partition: row.partitionKey,
      instanceId: row.instanceId,
      alertId: row.alertId,
      kind: row.kind as AlertKind,
      channel: row.channel,
      target,
      subject: row.subject,
      status: row.status as OutboxStatus,
      attempts: Number(row.attempts ?? 0),
      createdAt: toDate(row.createdAt) ?? new Date(0),
      nextAttemptAt: toDate(row.nextAttemptAt) ?? new Date(0),
      alert,
      etag: row.etag,
    };
    const lastAttemptAt = toDate(row.lastAttemptAt);
    if (lastAttemptAt) entry.lastAttemptAt = lastAttemptAt;
    const sentAt = toDate(row.sentAt);
    if (sentAt) entry.sentAt = sentAt;
    if (row.lastError) entry.lastError = row.lastError;
    if (typeof row.lastStatus === 'number') entry.lastStatus = row.lastStatus;
    return entry;
  }
}
