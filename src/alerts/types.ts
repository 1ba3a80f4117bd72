/**
 * The alert vocabulary, shared by the alert policy (pure), the renderers, the outbox and the
 * watcher that stores the state between evaluations. Types only: no logic, no I/O.
 *
 * Times are ISO 8601 strings (UTC) so that the state can be stored as JSON as it is.
 */
import type { Finding, InstanceReport, InstanceStatus } from '../model/finding.js';
import type { Severity } from '../model/severity.js';

/**
 * - `failing`: the instance (as seen by one channel) went from healthy or no state to failing;
 * - `changed`: the failing set of an instance that is still failing changed;
 * - `reminder`: still failing with the same set after the reminder interval (off by default);
 * - `resolved`: the failing set is empty again, or the instance was deleted (refers to the alert
 *   that opened the episode; `resolution` says which);
 * - `cannot-evaluate`: the instance stayed `unknown` longer than the configured time (sent once).
 */
export type AlertKind = 'failing' | 'changed' | 'reminder' | 'resolved' | 'cannot-evaluate';

export const ALERT_KINDS: readonly AlertKind[] = ['failing', 'changed', 'reminder', 'resolved', 'cannot-evaluate'];

/** Who made a change, as the event's claims tell it. Every field may be missing. */
export interface Caller {
  /** Display name (claim `name`). */
  name?: string;
  /** User principal name or e-mail (claim `upn` / `unique_name`). */
  upn?: string;
  /** Application id of a service principal or managed identity (claim `appid`). */
  appId?: string;
}

/** One change that may have caused the evaluation: shown in the alert as "who changed what and when". */
export interface Attribution {
  caller: Caller;
  /** ARM operation, e.g. `Microsoft.Network/networkSecurityGroups/securityRules/delete`. */
  operation: string;
  /** The resource the operation touched. */
  resourceId: string;
  /** When the operation happened (ISO 8601). */
  time: string;
  /** ARM correlation id, to find the operation in the activity log. */
  correlationId?: string;
}

/** The alert of one channel that is open for an instance: what was sent and when. */
export interface OpenAlert {
  /** Id of the alert that opened the episode: a resolved notice and e-mail threading refer to it. */
  alertId: string;
  /** Subject of that alert. */
  subject: string;
  /** Fingerprint of the failing set last alerted on this channel (changes with each `changed`). */
  fingerprint: string;
  /** Rule keys (`RULE_ID@location`) of that set, to say what was added or removed. */
  ruleKeys: string[];
  openedAt: string;
  /** Last alert of the episode (failing, changed or reminder): reminders count from it. */
  lastSentAt: string;
  reminders: number;
}

/**
 * What the policy needs to remember about one instance between evaluations. The watcher stores
 * the `next` state the policy returns, after the alerts are in the outbox, and passes it back.
 */
export interface PreviousAlertState {
  /** Status at the last evaluation. */
  status: InstanceStatus;
  evaluatedAt: string;
  /**
   * Count of evaluations that produced alerts. Part of every alert id: a second evaluation on the
   * same stored state yields the same ids (the outbox drops them), a later episode new ones.
   */
  sequence: number;
  /** Set while the instance is `unknown`: since when. */
  unknownSince?: string;
  /** True once "cannot evaluate" was sent for the current unknown stretch. */
  unknownReported?: boolean;
  /** Open alerts by channel name. */
  open: Record<string, OpenAlert>;
  /**
   * The instance's routing tag at the last evaluation (set by alerting.ts, not the policy): a notice
   * sent after the instance is deleted, when its tags can no longer be read, reaches the same audience.
   */
  routingTagValue?: string;
}

/** The part of an instance report an alert carries (locations: normalized regions, primary first). */
export type AlertInstance = Omit<InstanceReport, 'findings'>;

/** The alert that opened an episode, as later alerts of the episode refer to it. */
export interface AlertThread {
  alertId: string;
  subject: string;
  fingerprint: string;
  openedAt: string;
}

/** One alert for one channel. Rendered to a Teams card and an e-mail; stored in the outbox as JSON. */
export interface Alert {
  /** Stable id (hex): same instance, channel, sequence, kind and failing set → same id. */
  id: string;
  kind: AlertKind;
  channel: string;
  instance: AlertInstance;
  /** Fingerprint of the failing set of this channel (of the unknown findings for `cannot-evaluate`). */
  fingerprint: string;
  /** Failing findings for failing/changed/reminder; the findings that made it unknown for cannot-evaluate; [] for resolved. */
  findings: Finding[];
  /** `changed` only: rule keys (`RULE_ID@location`) that started or stopped failing. */
  added?: string[];
  removed?: string[];
  /** Changes that may have caused it, most recent first. */
  changes: Attribution[];
  subject: string;
  /** Evaluation time. */
  at: string;
  /** The alert that opened the episode (changed, reminder, resolved). */
  thread?: AlertThread;
  /** cannot-evaluate: since when the instance is unknown. */
  unknownSince?: string;
  /** resolved: why. */
  resolution?: Resolution;
}

/**
 * Why an episode closed: the failing set is empty (`recovered`), only findings below the channel's
 * minimum severity remain, the instance left its virtual network, or the instance was deleted.
 */
export type Resolution = 'recovered' | 'below-threshold' | 'not-injected' | 'instance-deleted';

/** A channel as the policy sees it. */
export interface PolicyChannel {
  name: string;
  /** Findings below this severity are not part of the channel's failing set. */
  minSeverity: Severity;
}

export interface PolicyOptions {
  /** Remind while still failing, every this many minutes; undefined or 0: never. */
  reminderIntervalMinutes?: number;
  /** Report `unknown` once it has lasted this long. */
  unknownAfterMinutes: number;
  /** Prefix of subjects, e.g. `[apim-vnet-guard]`. */
  subjectPrefix: string;
}

// ---------------------------------------------------------------------------------------------
// Settings: the typed object the configuration reader builds from app settings.

/** A named destination: a Teams webhook, e-mail recipients, or both. */
export interface ChannelSettings {
  /** Lower-case letters, digits and dashes; named by instance tags. */
  name: string;
  /** Teams Workflows (or legacy incoming) webhook URL. A secret: never logged or stored. */
  teamsWebhookUrl?: string;
  emailTo: string[];
  /** Defaults to AlertSettings.minSeverity. */
  minSeverity?: Severity;
  /** True: receives every instance's alerts. False: only instances whose tag names it. */
  receivesAll: boolean;
}

export type EmailTransportSettings =
  | {
      transport: 'smtp';
      from: string;
      host: string;
      port: number;
      /** `implicit`: TLS from the first byte (465); `starttls`: required upgrade (587); `none`: plain text, for local test servers only. */
      tls: 'implicit' | 'starttls' | 'none';
      user?: string;
      /** A secret: never logged or stored. */
      password?: string;
    }
  | {
      transport: 'acs';
      from: string;
      /** `endpoint=https://…;accesskey=…`. A secret. Either this or `endpoint` (with a managed identity). */
      connectionString?: string;
      endpoint?: string;
    };

export interface DeliverySettings {
  /** Attempts before a send is given up (kept, listed as undelivered). */
  maxAttempts: number;
  /** First retry delay; doubles each attempt up to maxDelaySeconds. */
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  /** Per send. */
  timeoutSeconds: number;
  /** Days a sent or given-up outbox row is kept (pruned by the sweep). */
  retentionDays: number;
}

export interface AlertSettings {
  channels: ChannelSettings[];
  /** Default minimum severity of channels and of tag routes. */
  minSeverity: Severity;
  /** Instance tag that routes an instance's alerts: channel names and/or e-mail addresses. */
  routingTag: string;
  /** Domains a tag may send mail to (`contoso.com`; `*.contoso.com` also allows subdomains). Empty: none. */
  allowedEmailDomains: string[];
  /**
   * Origins allowed for webhooks besides the Teams / Power Automate https hosts, e.g.
   * `https://hooks.example.com` or `http://127.0.0.1:7071` (http only when listed exactly).
   */
  extraWebhookOrigins: string[];
  reminderIntervalMinutes?: number;
  unknownAfterMinutes: number;
  subjectPrefix: string;
  /** Azure portal base URL (sovereign clouds differ). */
  portalUrl: string;
  email?: EmailTransportSettings;
  delivery: DeliverySettings;
  /** Table of the outbox. */
  outboxTable: string;
}

/** Where one alert goes: a channel's Teams webhook or one e-mail address. */
export type Target = { kind: 'teams'; channel: string } | { kind: 'email'; channel: string; address: string };

/** A channel resolved for one instance, with its targets. */
export interface Route extends PolicyChannel {
  targets: Target[];
}

/** Something routing refused or ignored, to log (holds no secret). */
export interface RoutingWarning {
  instanceId: string;
  /** The tag entry or channel concerned. */
  entry: string;
  reason: string;
}

/** The log port of the alert adapters. Messages and properties never hold a secret. */
export interface AlertLogger {
  info(message: string, properties?: Record<string, unknown>): void;
  warn(message: string, properties?: Record<string, unknown>): void;
  error(message: string, properties?: Record<string, unknown>): void;
}
