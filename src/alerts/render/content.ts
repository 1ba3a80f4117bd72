/**
 * What an alert says, independent of the medium: the Teams card, the HTML and the plain-text
 * e-mail are all drawn from this, so they carry the same content. Strings here are raw (they
 * hold values from Azure); each renderer escapes them for its medium.
 */
import { RESOURCE_TYPES, sameResourceId, tryParseResourceId } from '../../arm/resource-id.js';
import { INSTANCE_LOCATION } from '../../engine/evaluate.js';
import type { Finding } from '../../model/finding.js';
import { modeInWords } from '../../model/mode.js';
import { compareSeverity, isBreaking, urgencyOf, type Severity } from '../../model/severity.js';
import type { Alert, Attribution } from '../types.js';

export type Tone = 'attention' | 'warning' | 'good';

export interface Link {
  title: string;
  url: string;
}

export interface Fact {
  label: string;
  value: string;
}

export interface FindingContent {
  severity: Severity;
  severityLabel: string;
  ruleId: string;
  title: string;
  /** `westeurope`, or `instance-wide`. */
  where: string;
  message: string;
  /** The NSG rule or route that decided it, from the finding's evidence. */
  decidedBy?: string;
  /** The flow the NSG was asked about, from the evidence. */
  flow?: string;
  remediation: string;
  links: Link[];
}

export interface ChangeContent {
  who: string;
  what: string;
  resource: string;
  when: string;
  link?: Link;
}

export interface AlertContent {
  tone: Tone;
  /** Our words only, e.g. `FAIL: injection prerequisites broken`. */
  headline: string;
  instanceName: string;
  summary: string;
  facts: Fact[];
  findings: FindingContent[];
  /** Findings left out to keep the message small. */
  omitted: number;
  changes: ChangeContent[];
  /** Lines about the episode: what this follows or resolves, what was added or removed. */
  context: string[];
  links: Link[];
  footer: string;
}

export interface ContentOptions {
  /** Azure portal base URL, `https://portal.azure.com` by default. */
  portalUrl?: string;
  /** Findings shown at most (the rest are counted). */
  maxFindings?: number;
}

const SEVERITY_LABELS: Record<Severity, string> = {
  'breaks-now': 'Breaks now',
  'breaks-on-apply': 'Breaks on next apply',
  degraded: 'Degraded',
  recommendation: 'Recommendation',
  info: 'Info',
};

export function severityLabel(severity: Severity): string {
  return SEVERITY_LABELS[severity];
}

/** `https://portal.azure.com/#@/resource/subscriptions/…`, or undefined for something that is not a resource id. */
export function portalLink(resourceId: string, portalUrl = 'https://portal.azure.com'): string | undefined {
  const parsed = tryParseResourceId(resourceId);
  if (!parsed) return undefined;
  const base = portalUrl.replace(/\/+$/, '');
  const path = parsed.id.split('/').map(encodeURIComponent).join('/');
  return `${base}/#@/resource${path}`;
}

const TYPE_LABELS: Array<[string, string]> = [
  [RESOURCE_TYPES.apim, 'API Management instance'],
  [RESOURCE_TYPES.securityRule, 'security rule'],
  [RESOURCE_TYPES.networkSecurityGroup, 'network security group'],
  [RESOURCE_TYPES.subnet, 'subnet'],
  [RESOURCE_TYPES.virtualNetwork, 'virtual network'],
  [RESOURCE_TYPES.route, 'route'],
  [RESOURCE_TYPES.routeTable, 'route table'],
  [RESOURCE_TYPES.publicIp, 'public IP address'],
];

/** `network security group nsg-apim`, `security rule nsg-apim/AllowMgmt`; falls back to the raw value. */
export function describeResource(resourceId: string): { label: string; name: string } {
  const parsed = tryParseResourceId(resourceId);
  if (!parsed?.type) return { label: 'resource', name: parsed?.resourceGroup ?? resourceId };
  const type = parsed.type.toLowerCase();
  const label = TYPE_LABELS.find(([t]) => t.toLowerCase() === type)?.[1] ?? parsed.type;
  return { label, name: parsed.segments.map((s) => s.name).join('/') };
}

/** `2025-05-01 14:03 UTC`; the raw value when it is not a date. */
export function formatTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function describeCaller(caller: Attribution['caller']): string {
  const name = caller.name?.trim();
  const upn = caller.upn?.trim();
  if (name && upn && name !== upn) return `${name} (${upn})`;
  if (name || upn) return (name || upn)!;
  if (caller.appId) return `application ${caller.appId}`;
  return 'an unknown caller';
}

const VERBS: Record<string, string> = { write: 'created or updated', delete: 'deleted', action: 'ran an action on' };

/** `gone`: a resource known deleted, which gets no portal link. */
function describeChange(change: Attribution, portalUrl: string | undefined, gone?: string): ChangeContent {
  const verb = VERBS[change.operation.split('/').pop()?.toLowerCase() ?? ''] ?? change.operation;
  const resource = describeResource(change.resourceId);
  const url = gone !== undefined && sameResourceId(change.resourceId, gone) ? undefined : portalLink(change.resourceId, portalUrl);
  return {
    who: describeCaller(change.caller),
    what: `${verb} ${resource.label}`,
    resource: resource.name,
    when: formatTime(change.time),
    ...(url ? { link: { title: `Open ${resource.name}`, url } } : {}),
  };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : typeof value === 'number' ? String(value) : undefined;
}

function obj(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * Reads the evidence keys the rules write: `decidingRule` {name, priority, access, isDefault} for
 * NSG verdicts, `decidingRoute` (or `route`) {name, addressPrefix, nextHopType, nextHopIpAddress}
 * for route verdicts. Anything else in the evidence is not shown.
 */
export function decidedBy(finding: Finding): string | undefined {
  const rule = obj(finding.evidence.decidingRule);
  if (rule) {
    const name = str(rule.name) ?? 'unnamed';
    const details = [str(rule.priority) && `priority ${str(rule.priority)}`, str(rule.access)].filter(Boolean).join(', ');
    return `${rule.isDefault === true ? 'default NSG rule' : 'NSG rule'} ${name}${details ? ` (${details})` : ''}`;
  }
  const route = obj(finding.evidence.decidingRoute) ?? obj(finding.evidence.route);
  if (route) {
    const name = str(route.name);
    const hop = [str(route.nextHopType), str(route.nextHopIpAddress)].filter(Boolean).join(' ');
    const prefix = str(route.addressPrefix);
    return `${name ? `route ${name}` : 'system route'}${prefix ? ` ${prefix}` : ''}${hop ? ` → ${hop}` : ''}`;
  }
  return undefined;
}

/** `Inbound TCP from ApiManagement to VirtualNetwork, port 3443`, from evidence.flow. */
export function describeFlow(finding: Finding): string | undefined {
  const flow = obj(finding.evidence.flow);
  if (!flow) return undefined;
  const port = str(flow.port) ?? str(flow.ports) ?? str(flow.destinationPort);
  const parts = [
    str(flow.direction),
    str(flow.protocol),
    str(flow.source) && `from ${str(flow.source)}`,
    str(flow.destination) && `to ${str(flow.destination)}`,
  ].filter(Boolean);
  if (parts.length === 0) return undefined;
  return `${parts.join(' ')}${port ? `, port ${port}` : ''}`;
}

function safeHttpUrl(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

function findingContent(finding: Finding, portalUrl: string | undefined): FindingContent {
  const links: Link[] = [];
  const resource = describeResource(finding.resourceId);
  const portal = portalLink(finding.resourceId, portalUrl);
  if (portal) links.push({ title: `Open ${resource.name}`, url: portal });
  const docs = safeHttpUrl(finding.docs);
  if (docs) links.push({ title: 'Microsoft Learn', url: docs });
  const decided = decidedBy(finding);
  const flow = describeFlow(finding);
  return {
    severity: finding.severity,
    severityLabel: severityLabel(finding.severity),
    ruleId: finding.ruleId,
    title: finding.title,
    where: finding.location === INSTANCE_LOCATION ? 'instance-wide' : finding.location,
    message: finding.message,
    ...(decided ? { decidedBy: decided } : {}),
    ...(flow ? { flow } : {}),
    remediation: finding.remediation,
    links,
  };
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function alertContent(alert: Alert, options: ContentOptions = {}): AlertContent {
  const portalUrl = options.portalUrl;
  const max = options.maxFindings ?? 10;
  const { instance } = alert;
  const breaking = alert.findings.some((f) => isBreaking(f.severity));
  const keys = new Set(alert.findings.map((f) => `${f.ruleId}@${f.location}`)).size;
  const where = tryParseResourceId(instance.id);
  const regions: Fact = { label: instance.locations.length > 1 ? 'Regions' : 'Region', value: instance.locations.join(', ') || 'unknown' };
  const facts: Fact[] = [
    regions,
    ...(where?.resourceGroup ? [{ label: 'Resource group', value: `${where.resourceGroup} (subscription ${where.subscriptionId})` }] : []),
    { label: 'Tier', value: `${instance.sku} (${count(instance.capacity, 'unit', 'units')})` },
    { label: 'Platform', value: instance.platform || 'unknown' },
    { label: 'Network mode', value: modeInWords(instance.sku, instance.networkMode) },
  ];
  // A deleted instance has no portal page: no link leads to it.
  const deleted = alert.resolution === 'instance-deleted' ? instance.id : undefined;
  const instanceLink = portalLink(instance.id, portalUrl);
  const links: Link[] = instanceLink && !deleted ? [{ title: 'Open the instance in the Azure portal', url: instanceLink }] : [];
  const context: string[] = [];
  let tone: Tone;
  let headline: string;
  let summary: string;

  switch (alert.kind) {
    case 'failing':
    case 'changed':
    case 'reminder': {
      tone = breaking ? 'attention' : 'warning';
      const state = breaking ? 'broken' : 'at risk';
      const urgency = urgencyOf(alert.findings.map((f) => f.severity));
      const lead = urgency ? `, ${urgency}` : '';
      headline =
        alert.kind === 'reminder'
          ? `STILL ${breaking ? 'FAILING' : 'AT RISK'}${lead}: VNet injection prerequisites ${state}`
          : `${breaking ? 'FAIL' : 'WARN'}${lead}: VNet injection prerequisites ${state}${alert.kind === 'changed' ? ' (changed)' : ''}`;
      summary = `${count(keys, 'prerequisite', 'prerequisites')} ${state}. ${
        urgency === 'BREAKS NOW'
          ? 'Breaks now: the gateway, its management endpoint or a dependency is failing at this moment.'
          : urgency === 'BREAKS ON NEXT CHANGE'
            ? 'Breaks on the next change: the instance runs today, but its next network update, scaling or region change fails until this is fixed.'
            : 'The instance is degraded or at risk.'
      }`;
      if (alert.thread) context.push(`Follows "${alert.thread.subject}", failing since ${formatTime(alert.thread.openedAt)}.`);
      if (alert.added?.length) context.push(`Now broken: ${alert.added.join(', ')}.`);
      if (alert.removed?.length) context.push(`No longer broken: ${alert.removed.join(', ')}.`);
      break;
    }
    case 'resolved': {
      tone = 'good';
      if (alert.resolution === 'instance-deleted') {
        headline = 'RESOLVED: instance deleted';
        summary = 'Instance deleted: the alert is closed. The instance no longer exists in Azure, so nothing is left to fix.';
        if (alert.thread) context.push(`Closes "${alert.thread.subject}", failing since ${formatTime(alert.thread.openedAt)}.`);
        break;
      }
      headline = 'RESOLVED: VNet injection prerequisites restored';
      summary =
        alert.resolution === 'not-injected'
          ? 'The instance is no longer injected into a virtual network; its prerequisites no longer apply.'
          : alert.resolution === 'below-threshold'
            ? 'What this channel was alerted about is fixed; findings below its minimum severity remain.'
            : 'All the prerequisites that were broken hold again.';
      if (alert.thread) context.push(`Resolves "${alert.thread.subject}", failing since ${formatTime(alert.thread.openedAt)}.`);
      break;
    }
    case 'cannot-evaluate': {
      tone = 'warning';
      headline = 'CANNOT EVALUATE: the instance could not be checked';
      summary = `apim-vnet-guard cannot evaluate this instance since ${formatTime(alert.unknownSince ?? alert.at)}; it is neither failing nor passing. Each finding below says why a resource could not be read and what to do.`;
      break;
    }
  }

  const shown = [...alert.findings].sort((a, b) => compareSeverity(a.severity, b.severity)).slice(0, max);
  return {
    tone,
    headline,
    instanceName: instance.name,
    summary,
    // A resolved notice is short: where, and the change that (likely) fixed it.
    facts: alert.kind === 'resolved' ? [regions] : facts,
    findings: shown.map((f) => findingContent(f, portalUrl)),
    omitted: alert.findings.length - shown.length,
    changes: (alert.kind === 'resolved' ? alert.changes.slice(0, 1) : alert.changes).map((c) => describeChange(c, portalUrl, deleted)),
    context,
    links,
    footer: `Evaluated ${formatTime(alert.at)} · alert ${alert.id.slice(0, 12)} · fingerprint ${alert.fingerprint.slice(0, 12)}`,
  };
}
