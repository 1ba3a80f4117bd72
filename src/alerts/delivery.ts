/**
 * Sends what is due in the outbox, one attempt per row and call. A failure that may pass
 * (5xx, 429, timeouts, network) is retried later with exponential backoff, or after the
 * receiver's Retry-After; the schedule is on the row, so the timer that calls deliverDue()
 * after a restart picks up where the last run stopped. A row that keeps failing is kept as
 * `failed` with its redacted last error.
 *
 * Exactly once as far as the channel allows: a claim (a lease, written with a token that knows its
 * own lost reply) keeps two workers from sending one row, and a send that succeeded is recorded
 * before anything else happens to the row. When that record fails (storage down after the send:
 * the SDK has already retried it), the run goes on and the process remembers the send; its next
 * run records it first and never sends that row again. What is left at least once: the process
 * ends between a successful send and its record (a crash, a restart during a storage outage); the
 * row comes back when its lease ends and is sent again. E-mail carries the row's idempotency key
 * (ACS repeatability) and a stable Message-ID so that the duplicate can be recognised; a Teams
 * webhook has no such key.
 */
import { createHash } from 'node:crypto';
import type { TokenCredential } from '@azure/identity';
import { createAcsSender } from './channels/acs-email.js';
import type { EmailSender } from './channels/email.js';
import { asSendError, SendError } from './channels/errors.js';
import { createSmtpSender } from './channels/smtp.js';
import { postToTeams } from './channels/teams.js';
import { describeTarget, type Outbox, type OutboxEntry } from './outbox.js';
import { describeError, secretFragments } from './redact.js';
import { buildTeamsMessage } from './render/card.js';
import { buildEmail } from './render/email.js';
import { webhookUrlProblem } from './routing.js';
import type { AlertLogger, AlertSettings, DeliverySettings } from './types.js';

export interface DeliveryDeps {
  outbox: Outbox;
  settings: AlertSettings;
  logger: AlertLogger;
  /** E-mail transport; built from settings.email when absent. */
  email?: EmailSender;
  /** For ACS with a managed identity. */
  credential?: TokenCredential;
  /** For tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  /** Sends whose record failed, kept across runs of one process (the runtime shares one). */
  unrecorded?: UnrecordedSends;
}

/** Rows sent whose `sent` record failed: recorded at the next run, never sent again by this process. */
export class UnrecordedSends {
  private readonly sent = new Map<string, { entry: OutboxEntry; at: Date }>();
  add(entry: OutboxEntry, at: Date): void {
    this.sent.set(`${entry.partition}\n${entry.key}`, { entry, at });
  }
  has(entry: OutboxEntry): boolean {
    return this.sent.has(`${entry.partition}\n${entry.key}`);
  }
  delete(entry: OutboxEntry): void {
    this.sent.delete(`${entry.partition}\n${entry.key}`);
  }
  get size(): number {
    return this.sent.size;
  }
  list(): { entry: OutboxEntry; at: Date }[] {
    return [...this.sent.values()];
  }
}

export interface DeliverySummary {
  attempted: number;
  sent: number;
  retrying: number;
  failed: number;
  /** Rows another worker took first. */
  skipped: number;
}

/**
 * Delay before attempt `attempt + 1`: base × 2^(attempt−1), at most max, spread ±20% by a hash of
 * the row key so that rows failing together do not retry together (deterministic, no random).
 */
export function retryDelayMs(attempt: number, delivery: DeliverySettings, key: string): number {
  const raw = Math.min(delivery.maxDelaySeconds, delivery.baseDelaySeconds * 2 ** Math.max(0, attempt - 1)) * 1000;
  const spread = parseInt(createHash('sha256').update(`${key}:${attempt}`).digest('hex').slice(0, 8), 16) / 0xffffffff;
  return Math.round(raw * (0.8 + 0.4 * spread));
}

const MAX_RETRY_AFTER_MS = 24 * 3600_000;

export class Delivery {
  private emailSender: EmailSender | undefined;
  private secrets: string[];
  private readonly unrecorded: UnrecordedSends;

  constructor(private readonly deps: DeliveryDeps) {
    this.emailSender = deps.email;
    this.unrecorded = deps.unrecorded ?? new UnrecordedSends();
    const s = deps.settings;
    this.secrets = secretFragments([
      ...s.channels.map((c) => c.teamsWebhookUrl),
      s.email?.transport === 'smtp' ? s.email.password : undefined,
      s.email?.transport === 'acs' ? s.email.connectionString : undefined,
      ...(deps.email?.secrets ?? []),
    ]);
  }

  /** Attempts every due row once. `now` is the caller's clock; sends themselves run in real time. */
  async deliverDue(now: Date, options: { limit?: number } = {}): Promise<DeliverySummary> {
    const summary: DeliverySummary = { attempted: 0, sent: 0, retrying: 0, failed: 0, skipped: 0 };
    await this.recordUnrecorded();
    const due = await this.deps.outbox.due(now, options.limit ?? 50);
    for (const entry of due) {
      if (this.unrecorded.has(entry)) continue; // sent already; its record failed again just now
      const outcome = await this.deliverOne(entry, now);
      summary[outcome]++;
      if (outcome !== 'skipped') summary.attempted++;
    }
    return summary;
  }

  /** Sends of earlier runs whose record failed: recorded now, before anything is sent. */
  private async recordUnrecorded(): Promise<void> {
    for (const { entry, at } of this.unrecorded.list()) {
      try {
        await this.deps.outbox.markSent(entry, at);
        this.unrecorded.delete(entry);
        this.deps.logger.info('alert delivery recorded late', { event: 'alert.delivery', instanceId: entry.instanceId, alertId: entry.alertId, outcome: 'sent' });
      } catch {
        // Storage still down: keep it for the next run.
      }
    }
  }

  async close(): Promise<void> {
    await this.emailSender?.close();
  }

  private get delivery(): DeliverySettings {
    return this.deps.settings.delivery;
  }

  private async deliverOne(pending: OutboxEntry, now: Date): Promise<'sent' | 'retrying' | 'failed' | 'skipped'> {
    const { outbox, logger } = this.deps;
    const timeoutMs = this.delivery.timeoutSeconds * 1000;
    // Longer than a send can take, so that only a crashed worker's row comes back early.
    const entry = await outbox.claim(pending, now, 3 * timeoutMs + 60_000);
    if (!entry) return 'skipped';
    const props = {
      event: 'alert.delivery',
      instanceId: entry.instanceId,
      alertId: entry.alertId,
      kind: entry.kind,
      channel: entry.channel,
      target: describeTarget(entry.target),
      attempt: entry.attempts,
    };
    try {
      await this.send(entry, timeoutMs);
    } catch (thrown) {
      const error = asSendError(thrown);
      const message = describeError(error, this.secrets);
      if (error.retryable && entry.attempts < this.delivery.maxAttempts) {
        const delay =
          error.retryAfterMs !== undefined ? Math.min(error.retryAfterMs, MAX_RETRY_AFTER_MS) : retryDelayMs(entry.attempts, this.delivery, entry.key);
        const next = new Date(now.getTime() + delay);
        // Should this record fail, the claim's lease brings the row back: the retry happens anyway.
        await this.record(() => outbox.reschedule(entry, next, message, error.status), props);
        logger.warn('alert not delivered yet; will retry', { ...props, outcome: 'retrying', error: message, status: error.status, nextAttemptAt: next.toISOString() });
        return 'retrying';
      }
      await this.record(() => outbox.markFailed(entry, message, error.status), props);
      logger.error('alert not delivered; giving up', { ...props, outcome: 'failed', error: message, status: error.status });
      return 'failed';
    }
    if (!(await this.record(() => outbox.markSent(entry, now), props))) this.unrecorded.add(entry, now);
    logger.info('alert delivered', { ...props, outcome: 'sent' });
    return 'sent';
  }

  /** An outcome written to the outbox; a failure is logged and never ends the run. */
  private async record(write: () => Promise<void>, props: Record<string, unknown>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (e) {
      this.deps.logger.warn('alert outcome not recorded; storage failed', { ...props, error: describeError(asSendError(e), this.secrets) });
      return false;
    }
  }

  private async send(entry: OutboxEntry, timeoutMs: number): Promise<void> {
    const { settings } = this.deps;
    const render = { portalUrl: settings.portalUrl };
    const target = entry.target;
    if (target.kind === 'teams') {
      const url = settings.channels.find((c) => c.name === target.channel)?.teamsWebhookUrl;
      if (url === undefined) throw new SendError(`channel ${target.channel} has no Teams webhook in the settings any more`, false);
      const problem = webhookUrlProblem(url, settings.extraWebhookOrigins);
      if (problem) throw new SendError(`channel ${target.channel}: Teams webhook ${problem}`, false);
      await postToTeams(url, buildTeamsMessage(entry.alert, render), { timeoutMs, ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}) });
      return;
    }
    const sender = this.emailTransport(timeoutMs);
    const from = settings.email?.from;
    if (!sender || !from) throw new SendError('no e-mail transport is configured', false);
    const mail = buildEmail(entry.alert, render);
    await sender.send({
      from,
      to: target.address,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
      idempotencyKey: entry.key,
    });
  }

  private emailTransport(timeoutMs: number): EmailSender | undefined {
    if (this.emailSender) return this.emailSender;
    const email = this.deps.settings.email;
    if (!email) return undefined;
    this.emailSender =
      email.transport === 'smtp'
        ? createSmtpSender(email, { timeoutMs })
        : createAcsSender(email, { timeoutMs, ...(this.deps.credential ? { credential: this.deps.credential } : {}) });
    this.secrets = secretFragments([...this.secrets, ...this.emailSender.secrets]);
    return this.emailSender;
  }
}
