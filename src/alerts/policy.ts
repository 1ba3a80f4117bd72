/**
 * The alert policy: from an instance report and what was alerted before, the alerts to send now
 * and the state to remember. Pure: the time is an argument, nothing is read or written.
 *
 * Only transitions alert (architecture: "transition: a change of an instance's status or failing
 * set, the only thing that alerts"). Each channel sees the failing set filtered by its minimum
 * severity, so each channel has its own open alert. `unknown` never opens or resolves anything:
 * it is reported once, as "cannot evaluate", when it lasts past the configured time. A deleted
 * instance closes its open alerts with one last `resolved` notice (decideRemoval).
 */
import { UNKNOWN_RULE_IDS } from '../engine/evaluate.js';
import type { Finding, InstanceReport } from '../model/finding.js';
import { isAtLeast } from '../model/severity.js';
import { alertId, failingSetFingerprint, ruleKeys } from './fingerprint.js';
import { alertSubject } from './render/subject.js';
import type {
  Alert,
  AlertInstance,
  AlertKind,
  Attribution,
  OpenAlert,
  PolicyChannel,
  PolicyOptions,
  PreviousAlertState,
} from './types.js';

export interface PolicyInput {
  report: InstanceReport;
  /** The state the previous decision returned; undefined for an instance never evaluated. */
  previous: PreviousAlertState | undefined;
  /** The channels this instance's alerts go to (see routing.ts). */
  channels: readonly PolicyChannel[];
  /** Changes that may have caused this evaluation, most recent first. */
  changes?: readonly Attribution[];
  now: Date;
  options: PolicyOptions;
}

export interface PolicyDecision {
  alerts: Alert[];
  /** Store this after the alerts are in the outbox (the outbox drops a repeat of the same alerts). */
  next: PreviousAlertState;
}

const MAX_CHANGES = 5;
const MINUTE = 60_000;

/** The failing set of one channel: the findings at or above its minimum severity. */
export function failingSet(report: InstanceReport, minSeverity: PolicyChannel['minSeverity']): Finding[] {
  if (report.status === 'not-injected') return [];
  return report.findings.filter((f) => !UNKNOWN_RULE_IDS.has(f.ruleId) && isAtLeast(f.severity, minSeverity));
}

export function decideAlerts(input: PolicyInput): PolicyDecision {
  const { report, previous, channels, options } = input;
  const now = input.now;
  const at = validTime(now, 'decideAlerts');
  const sequence = (previous?.sequence ?? 0) + 1;
  const instance = alertInstanceOf(report);
  const changes = copyChanges(input.changes);
  const known = new Set(channels.map((c) => c.name));
  // Open alerts of channels that no longer route this instance cannot be resolved anywhere: dropped.
  const open: Record<string, OpenAlert> = {};
  for (const [name, o] of Object.entries(previous?.open ?? {})) if (known.has(name)) open[name] = o;

  const alerts: Alert[] = [];
  const episode: Episode = { report, instance, sequence, changes, at, subjectPrefix: options.subjectPrefix };
  const make = (channel: string, kind: AlertKind, findings: Finding[], fingerprint: string, extra: Partial<Alert> = {}): Alert => {
    const alert = newAlert(episode, channel, kind, findings, fingerprint, extra);
    alerts.push(alert);
    return alert;
  };

  let unknownSince: string | undefined;
  let unknownReported: boolean | undefined;

  if (report.status === 'unknown') {
    const stillUnknown = previous?.status === 'unknown' && previous.unknownSince !== undefined;
    unknownSince = stillUnknown ? previous.unknownSince! : at;
    unknownReported = stillUnknown ? previous.unknownReported === true : false;
    const lasted = now.getTime() - Date.parse(unknownSince);
    if (!unknownReported && lasted >= options.unknownAfterMinutes * MINUTE) {
      const reasons = report.findings.filter((f) => UNKNOWN_RULE_IDS.has(f.ruleId));
      const fingerprint = failingSetFingerprint(report.id, reasons);
      for (const channel of channels) make(channel.name, 'cannot-evaluate', reasons, fingerprint, { unknownSince });
      unknownReported = true;
    }
  } else {
    for (const channel of channels) {
      const set = failingSet(report, channel.minSeverity);
      const keys = ruleKeys(set);
      const fingerprint = failingSetFingerprint(report.id, set);
      const o = open[channel.name];
      if (set.length > 0 && o === undefined) {
        const alert = make(channel.name, 'failing', set, fingerprint);
        open[channel.name] = {
          alertId: alert.id,
          subject: alert.subject,
          fingerprint,
          ruleKeys: keys,
          openedAt: at,
          lastSentAt: at,
          reminders: 0,
        };
      } else if (set.length > 0 && o !== undefined && o.fingerprint !== fingerprint) {
        const before = new Set(o.ruleKeys);
        const after = new Set(keys);
        make(channel.name, 'changed', set, fingerprint, {
          thread: threadOf(o),
          added: keys.filter((k) => !before.has(k)),
          removed: o.ruleKeys.filter((k) => !after.has(k)),
        });
        open[channel.name] = { ...o, fingerprint, ruleKeys: keys, lastSentAt: at, reminders: 0 };
      } else if (set.length > 0 && o !== undefined && reminderDue(o, now, options.reminderIntervalMinutes)) {
        make(channel.name, 'reminder', set, fingerprint, { thread: threadOf(o) });
        open[channel.name] = { ...o, lastSentAt: at, reminders: o.reminders + 1 };
      } else if (set.length === 0 && o !== undefined) {
        make(channel.name, 'resolved', [], o.fingerprint, {
          thread: threadOf(o),
          resolution: report.status === 'not-injected' ? 'not-injected' : report.status === 'fail' ? 'below-threshold' : 'recovered',
        });
        delete open[channel.name];
      }
    }
  }

  const next: PreviousAlertState = {
    status: report.status,
    evaluatedAt: at,
    sequence: alerts.length > 0 ? sequence : (previous?.sequence ?? 0),
    open,
  };
  if (unknownSince !== undefined) next.unknownSince = unknownSince;
  if (unknownReported !== undefined) next.unknownReported = unknownReported;
  return { alerts, next };
}

/** The same input as a decision: `report` is the last stored one, since the instance can no longer be read. */
export type RemovalPolicyInput = PolicyInput;

/**
 * The instance was deleted: each channel with an open alert gets one `resolved` notice (resolution
 * `instance-deleted`), and nothing stays open. Decided again from the same stored state (a retry
 * after the state could not be forgotten) it gives the same ids, which the outbox drops; and those
 * are the ids a recovery from that state would get, so a channel hears of the episode's end once.
 */
export function decideRemoval(input: RemovalPolicyInput): PolicyDecision {
  const { report, previous, channels, options } = input;
  const at = validTime(input.now, 'decideRemoval');
  const sequence = (previous?.sequence ?? 0) + 1;
  const episode: Episode = { report, instance: alertInstanceOf(report), sequence, changes: copyChanges(input.changes), at, subjectPrefix: options.subjectPrefix };
  const alerts: Alert[] = [];
  for (const channel of channels) {
    const o = previous?.open[channel.name];
    if (o === undefined) continue;
    alerts.push(newAlert(episode, channel.name, 'resolved', [], o.fingerprint, { thread: threadOf(o), resolution: 'instance-deleted' }));
  }
  const next: PreviousAlertState = {
    status: previous?.status ?? report.status,
    evaluatedAt: at,
    sequence: alerts.length > 0 ? sequence : (previous?.sequence ?? 0),
    open: {},
  };
  return { alerts, next };
}

/** What every alert of one decision shares. */
interface Episode {
  report: InstanceReport;
  instance: AlertInstance;
  sequence: number;
  changes: Attribution[];
  at: string;
  subjectPrefix: string;
}

function newAlert(e: Episode, channel: string, kind: AlertKind, findings: Finding[], fingerprint: string, extra: Partial<Alert> = {}): Alert {
  return {
    id: alertId({ instanceId: e.report.id, channel, sequence: e.sequence, kind, fingerprint }),
    kind,
    channel,
    instance: e.instance,
    fingerprint,
    findings,
    changes: e.changes,
    subject: alertSubject({
      prefix: e.subjectPrefix,
      kind,
      instanceName: e.report.name,
      findings,
      ...(extra.resolution ? { resolution: extra.resolution } : {}),
    }),
    at: e.at,
    ...extra,
  };
}

function validTime(now: Date, caller: string): string {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new Error(`${caller}: \`now\` must be a valid Date`);
  return now.toISOString();
}

function copyChanges(changes: readonly Attribution[] | undefined): Attribution[] {
  return (changes ?? []).slice(0, MAX_CHANGES).map((c) => ({ ...c, caller: { ...c.caller } }));
}

function reminderDue(o: OpenAlert, now: Date, intervalMinutes: number | undefined): boolean {
  if (intervalMinutes === undefined || !(intervalMinutes > 0)) return false;
  return now.getTime() - Date.parse(o.lastSentAt) >= intervalMinutes * MINUTE;
}

function threadOf(o: OpenAlert): Alert['thread'] {
  return { alertId: o.alertId, subject: o.subject, fingerprint: o.fingerprint, openedAt: o.openedAt };
}

export function alertInstanceOf(report: InstanceReport): AlertInstance {
  return {
    id: report.id,
    name: report.name,
    sku: report.sku,
    capacity: report.capacity,
    platform: report.platform,
    networkMode: report.networkMode,
    locations: [...report.locations],
    status: report.status,
  };
}
