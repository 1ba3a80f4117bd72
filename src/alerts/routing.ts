/**
 * Where an instance's alerts go: the channels of the settings, plus what the instance's routing
 * tag asks for, within limits. Whoever can tag a resource must not be able to send mail or
 * posts anywhere: a tag may only name configured channels and addresses in allowed domains.
 * Pure: settings and tags in, routes and warnings out.
 */
import type { AlertSettings, ChannelSettings, Route, RoutingWarning, Target } from './types.js';
import { redactUrl } from './redact.js';
import { SEVERITIES } from '../model/severity.js';

/** The channel that holds the e-mail addresses an instance's tag asks for. Not a valid configured name. */
export const TAG_CHANNEL = 'instance-tag';

/** At most this many entries of a routing tag are honoured. */
export const MAX_TAG_ENTRIES = 10;

const CHANNEL_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;

/**
 * Hosts of Teams webhooks: legacy incoming webhooks (`*.webhook.office.com`) and Workflows
 * (`*.logic.azure.com`, `*.powerautomate.com`, `*.powerplatform.com`, `flow.microsoft.com`),
 * peers.md §5.
 */
export const TEAMS_WEBHOOK_HOSTS: readonly string[] = [
  '*.webhook.office.com',
  '*.logic.azure.com',
  'api.powerautomate.com',
  '*.powerautomate.com',
  'api.powerplatform.com',
  '*.powerplatform.com',
  'flow.microsoft.com',
  '*.flow.microsoft.com',
];

function hostMatches(host: string, pattern: string): boolean {
  const h = host.toLowerCase();
  const p = pattern.toLowerCase();
  return p.startsWith('*.') ? h.endsWith(p.slice(1)) && h.length > p.length - 1 : h === p;
}

/** An origin of the extra allow-list: `https://host`, `http://127.0.0.1:7071`, `https://*.example.com`. */
export function parseOrigin(entry: string): { protocol: string; host: string; port: string } | undefined {
  const m = /^(https?):\/\/(\*\.)?([a-z0-9.-]+|\[[0-9a-f:]+\])(?::(\d{1,5}))?\/?$/i.exec(entry.trim());
  if (!m) return undefined;
  return { protocol: `${m[1]!.toLowerCase()}:`, host: `${m[2] ?? ''}${m[3]!.toLowerCase()}`, port: m[4] ?? '' };
}

const DEFAULT_PORTS: Record<string, string> = { 'https:': '443', 'http:': '80' };

/**
 * Why a webhook URL may not be used, or undefined when it may. https on a Teams / Power Automate
 * host, or an origin listed exactly in `extraWebhookOrigins` (the only way to allow http).
 * The reason names the host only: the rest of the URL is the credential.
 */
export function webhookUrlProblem(url: string, extraOrigins: readonly string[]): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'is not a valid URL';
  }
  if (u.username || u.password) return `${redactUrl(url)}: credentials in the URL are not allowed`;
  const port = u.port || DEFAULT_PORTS[u.protocol] || '';
  for (const entry of extraOrigins) {
    const o = parseOrigin(entry);
    if (!o) continue;
    if (o.protocol === u.protocol && hostMatches(u.hostname, o.host) && (o.port || DEFAULT_PORTS[o.protocol]) === port) return undefined;
  }
  if (u.protocol !== 'https:') return `${redactUrl(url)}: must be https (or an origin listed in the extra webhook origins)`;
  if (port !== '443') return `${redactUrl(url)}: must use the default https port`;
  if (!TEAMS_WEBHOOK_HOSTS.some((p) => hostMatches(u.hostname, p))) {
    return `host ${u.hostname} is not a Teams or Power Automate webhook host (allow its origin in the extra webhook origins to use it)`;
  }
  return undefined;
}

// Deliberately narrow: no display names, quotes, comments or lists, so that nothing but one
// mailbox can be named.
const ADDRESS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})$/;

/** The address in lower-case domain form, or undefined when it is not one plain address. */
export function parseEmailAddress(value: string): string | undefined {
  const v = value.trim();
  if (v.length > 254) return undefined;
  const m = ADDRESS.exec(v);
  if (!m) return undefined;
  const at = v.lastIndexOf('@');
  return `${v.slice(0, at)}@${v.slice(at + 1).toLowerCase()}`;
}

/** `contoso.com` allows that domain; `*.contoso.com` allows its subdomains. */
export function emailDomainAllowed(address: string, allowedDomains: readonly string[]): boolean {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  return allowedDomains.some((d) => hostMatches(domain, d.trim()));
}

export function minSeverityOf(channel: ChannelSettings, settings: AlertSettings) {
  return channel.minSeverity ?? settings.minSeverity;
}

function channelRoute(channel: ChannelSettings, settings: AlertSettings, instanceId: string, warnings: RoutingWarning[]): Route {
  const targets: Target[] = [];
  if (channel.teamsWebhookUrl !== undefined) {
    const problem = webhookUrlProblem(channel.teamsWebhookUrl, settings.extraWebhookOrigins);
    if (problem) warnings.push({ instanceId, entry: channel.name, reason: `Teams webhook ${problem}` });
    else targets.push({ kind: 'teams', channel: channel.name });
  }
  for (const raw of channel.emailTo) {
    const address = parseEmailAddress(raw);
    if (address) targets.push({ kind: 'email', channel: channel.name, address });
    else warnings.push({ instanceId, entry: channel.name, reason: 'a recipient is not a valid e-mail address' });
  }
  return { name: channel.name, minSeverity: minSeverityOf(channel, settings), targets };
}

/** The value of a tag, tag names compared case-insensitively as Azure does. */
export function tagValue(tags: Readonly<Record<string, string>> | undefined, name: string): string | undefined {
  if (!tags) return undefined;
  const key = Object.keys(tags).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : tags[key];
}

/**
 * The routes of one instance. Channels with `receivesAll`, then channels the tag names, then the
 * tag's e-mail addresses (in allowed domains) as the `instance-tag` channel. Refused entries come
 * back as warnings to log.
 */
export function resolveRoutes(
  settings: AlertSettings,
  instance: { id: string; tags?: Readonly<Record<string, string>> },
): { routes: Route[]; warnings: RoutingWarning[] } {
  const warnings: RoutingWarning[] = [];
  const routes: Route[] = [];
  const byName = new Map(settings.channels.map((c) => [c.name.toLowerCase(), c]));
  const chosen = new Set<string>();
  for (const c of settings.channels) {
    if (c.receivesAll) {
      routes.push(channelRoute(c, settings, instance.id, warnings));
      chosen.add(c.name.toLowerCase());
    }
  }

  const value = tagValue(instance.tags, settings.routingTag);
  const tagTargets: Target[] = [];
  if (value !== undefined) {
    const entries = value.split(/[,;\s]+/).filter((e) => e.length > 0);
    for (const entry of entries.slice(MAX_TAG_ENTRIES)) {
      warnings.push({ instanceId: instance.id, entry, reason: `more than ${MAX_TAG_ENTRIES} entries in the tag ${settings.routingTag}; ignored` });
    }
    for (const entry of entries.slice(0, MAX_TAG_ENTRIES)) {
      const channel = byName.get(entry.toLowerCase());
      if (channel) {
        if (!chosen.has(entry.toLowerCase())) {
          routes.push(channelRoute(channel, settings, instance.id, warnings));
          chosen.add(entry.toLowerCase());
        }
        continue;
      }
      if (entry.includes('@')) {
        const address = parseEmailAddress(entry);
        if (!address) {
          warnings.push({ instanceId: instance.id, entry, reason: 'not a valid e-mail address; refused' });
        } else if (!emailDomainAllowed(address, settings.allowedEmailDomains)) {
          warnings.push({ instanceId: instance.id, entry, reason: 'e-mail domain is not in the allowed domains; refused' });
        } else if (!tagTargets.some((t) => t.kind === 'email' && t.address.toLowerCase() === address.toLowerCase())) {
          tagTargets.push({ kind: 'email', channel: TAG_CHANNEL, address });
        }
        continue;
      }
      warnings.push({ instanceId: instance.id, entry, reason: 'not a configured channel name or an e-mail address; refused' });
    }
  }
  // An address already reached through a channel does not get a second copy.
  const reached = new Set(routes.flatMap((r) => r.targets.flatMap((t) => (t.kind === 'email' ? [t.address.toLowerCase()] : []))));
  const extra = tagTargets.filter((t) => t.kind === 'email' && !reached.has(t.address.toLowerCase()));
  if (extra.length > 0) routes.push({ name: TAG_CHANNEL, minSeverity: settings.minSeverity, targets: extra });
  return { routes: routes.filter((r) => r.targets.length > 0), warnings };
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]' || host === '::1';
}

/**
 * Problems of the settings, one sentence each, naming the setting and never its secret value.
 * An empty list means the settings can be used.
 */
export function checkAlertSettings(settings: AlertSettings): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const c of settings.channels) {
    if (!CHANNEL_NAME.test(c.name)) problems.push(`channel "${c.name}": names are lower-case letters, digits and dashes (at most 40)`);
    if (c.name === TAG_CHANNEL) problems.push(`channel "${c.name}": the name is reserved`);
    if (names.has(c.name)) problems.push(`channel "${c.name}" is defined twice`);
    names.add(c.name);
    if (c.teamsWebhookUrl !== undefined) {
      const problem = webhookUrlProblem(c.teamsWebhookUrl, settings.extraWebhookOrigins);
      if (problem) problems.push(`channel "${c.name}": Teams webhook ${problem}`);
    }
    c.emailTo.forEach((a, i) => {
      if (!parseEmailAddress(a)) problems.push(`channel "${c.name}": e-mail recipient #${i + 1} is not a valid address`);
    });
    if (c.teamsWebhookUrl === undefined && c.emailTo.length === 0) problems.push(`channel "${c.name}" has neither a Teams webhook nor e-mail recipients`);
    if (c.minSeverity !== undefined && !SEVERITIES.includes(c.minSeverity)) problems.push(`channel "${c.name}": unknown minimum severity`);
  }
  if (!SEVERITIES.includes(settings.minSeverity)) problems.push(`minimum severity "${settings.minSeverity}" is not one of ${SEVERITIES.join(', ')}`);
  if (!settings.routingTag.trim()) problems.push('the routing tag name is empty');
  for (const d of settings.allowedEmailDomains) {
    if (!/^(\*\.)?([a-z0-9-]+\.)+[a-z]{2,63}$/i.test(d.trim())) problems.push(`allowed e-mail domain "${d}" is not a domain`);
  }
  for (const o of settings.extraWebhookOrigins) {
    if (!parseOrigin(o)) problems.push(`extra webhook origin "${redactUrl(o)}" is not an origin like https://host[:port]`);
  }
  const needsEmail = settings.channels.some((c) => c.emailTo.length > 0) || settings.allowedEmailDomains.length > 0;
  const email = settings.email;
  if (needsEmail && !email) problems.push('e-mail recipients are configured but no e-mail transport (smtp or acs) is');
  if (email) {
    if (!parseEmailAddress(email.from)) problems.push('the e-mail sender (from) is not a valid address');
    if (email.transport === 'smtp') {
      if (!email.host) problems.push('smtp: the host is empty');
      if (!Number.isInteger(email.port) || email.port < 1 || email.port > 65535) problems.push('smtp: the port is not a port number');
      if (email.tls === 'none' && email.password && !isLoopback(email.host)) {
        problems.push('smtp: refusing to send a password without TLS to a host other than 127.0.0.1');
      }
    } else {
      if (!email.connectionString && !email.endpoint) problems.push('acs: set a connection string or an endpoint (with a managed identity)');
      if (email.endpoint) {
        try {
          const u = new URL(email.endpoint);
          if (u.protocol !== 'https:' && !isLoopback(u.hostname)) problems.push('acs: the endpoint must be https');
        } catch {
          problems.push('acs: the endpoint is not a URL');
        }
      }
    }
  }
  const d = settings.delivery;
  if (!(d.maxAttempts >= 1)) problems.push('delivery: maxAttempts must be at least 1');
  if (!(d.baseDelaySeconds > 0) || !(d.maxDelaySeconds >= d.baseDelaySeconds)) problems.push('delivery: delays must be positive, max ≥ base');
  if (!(d.timeoutSeconds > 0)) problems.push('delivery: timeoutSeconds must be positive');
  if (!(settings.unknownAfterMinutes >= 0)) problems.push('unknownAfterMinutes must be 0 or more');
  if (settings.reminderIntervalMinutes !== undefined && !(settings.reminderIntervalMinutes >= 0)) problems.push('reminderIntervalMinutes must be 0 (off) or more');
  if (!/^https:\/\/[^/]+\/?$/.test(settings.portalUrl)) problems.push('portalUrl must be an https origin like https://portal.azure.com');
  if (!/^[a-z][a-z0-9]{2,62}$/i.test(settings.outboxTable)) problems.push('outboxTable is not a valid table name');
  return problems;
}

/** Defaults for everything that has one; the configuration reader fills channels and transports. */
export function defaultAlertSettings(overrides: Partial<AlertSettings> = {}): AlertSettings {
  return {
    channels: [],
    minSeverity: 'breaks-on-apply',
    routingTag: 'apim-vnet-guard-notify',
    allowedEmailDomains: [],
    extraWebhookOrigins: [],
    unknownAfterMinutes: 60,
    subjectPrefix: '[apim-vnet-guard]',
    portalUrl: 'https://portal.azure.com',
    outboxTable: 'alertoutbox',
    ...overrides,
    delivery: { maxAttempts: 12, baseDelaySeconds: 30, maxDelaySeconds: 3600, timeoutSeconds: 15, retentionDays: 30, ...overrides.delivery },
  };
}
