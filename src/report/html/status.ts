/**
 * The watcher's status page: the same instance sections as the check report, rendered from stored
 * state, each with when and why it was last evaluated, its transitions with the change and caller that
 * caused each, and the alerts not delivered yet. Large estates come one page at a time (links below the
 * counts); the counts are over the whole scope.
 */
import type { UndeliveredAlert } from '../../alerts/outbox.js';
import { describeCaller, describeResource, formatTime } from '../../alerts/render/content.js';
import { tryParseResourceId } from '../../arm/resource-id.js';
import type { InstanceStatus } from '../../model/finding.js';
import type { InstanceState, Transition } from '../../watcher/ports.js';
import { instanceSection, STATUS_LABEL, statusCounts } from './instance.js';
import { instanceModel } from './model.js';
import { renderHtmlDocument } from './page.js';
import { html, type Markup } from './safe.js';

export interface StatusPageEntry {
  state: InstanceState;
  transitions: Transition[];
  undelivered: UndeliveredAlert[];
}

export interface StatusPageModel {
  entries: StatusPageEntry[];
  byStatus: Record<InstanceStatus, number>;
  total: number;
  matching: number;
  page: number;
  pages: number;
  pageSize: number;
  status?: InstanceStatus;
  generatedAt: Date;
  /** Builds the link to another page (keeps the function key out of the page: the caller decides). */
  pageLink: (page: number, status?: InstanceStatus) => string;
  /** The link to one instance's page, from `{subscriptionId}/{resourceGroup}/{name}`. */
  detailLink?: (ref: string) => string;
  /** One instance only (the `/api/status/{…}` route). */
  single?: boolean;
}

const TRIGGER_TEXT: Record<InstanceState['trigger'], string> = {
  event: 'a resource event',
  sweep: 'the periodic sweep',
  http: 'a re-check over HTTP',
};

/** `NSG_IN_MGMT_3443 at westeurope on network security group nsg-x` from a failing-finding key. */
function keyText(key: string): string {
  const [ruleId = key, location = '', resourceId = ''] = key.split('|');
  const r = resourceId ? describeResource(resourceId) : undefined;
  return `${ruleId}${location ? ` at ${location}` : ''}${r ? ` on ${r.label} ${r.name}` : ''}`;
}

function statusText(s: { status: InstanceStatus } | undefined): string {
  return s ? STATUS_LABEL[s.status] : 'first evaluation';
}

function transitionsTable(transitions: readonly Transition[], captionId: string): Markup {
  if (transitions.length === 0) return html`<p class="note">No transition stored.</p>`;
  const rows = transitions.map((t) => {
    const changes = t.changes.length
      ? t.changes.map((c) => {
          const r = describeResource(c.resourceId);
          const verb = c.operation.split('/').pop() ?? c.operation;
          return html`<div class="change"><strong>${describeCaller(c.caller)}</strong> · ${verb} ${r.label} <code>${r.name}</code> · ${formatTime(c.time)}${c.correlationId ? html` · correlation <code>${c.correlationId}</code>` : ''}</div>`;
        })
      : html`<span class="note">no change recorded (${TRIGGER_TEXT[t.trigger]})</span>`;
    const diff = [...t.added.map((k) => html`<div>+ ${keyText(k)}</div>`), ...t.removed.map((k) => html`<div>− ${keyText(k)}</div>`)];
    return html`<tr data-transition-to="${t.to.status}"><td>${formatTime(t.at)}</td><td>${statusText(t.from)} → <strong>${STATUS_LABEL[t.to.status]}</strong></td><td>${diff.length ? diff : '—'}</td><td>${changes}</td></tr>`;
  });
  return html`<table class="transitions" id="${captionId}"><caption>Transitions, newest first</caption>
<thead><tr><th scope="col">When</th><th scope="col">Status</th><th scope="col">Failing findings</th><th scope="col">Caused by</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function undeliveredTable(alerts: readonly UndeliveredAlert[]): Markup {
  if (alerts.length === 0) return html``;
  const rows = alerts.map(
    (a) =>
      html`<tr data-alert-status="${a.status}"><td>${a.kind}</td><td>${a.channel}</td><td>${a.target}</td><td>${a.subject}</td><td>${a.status}</td><td>${a.attempts}</td><td>${a.nextAttemptAt ? formatTime(a.nextAttemptAt) : '—'}</td><td>${a.lastError ?? ''}${a.lastStatus ? ` (${a.lastStatus})` : ''}</td></tr>`,
  );
  return html`<table class="undelivered"><caption>Alerts not delivered yet</caption>
<thead><tr><th scope="col">Alert</th><th scope="col">Channel</th><th scope="col">Target</th><th scope="col">Subject</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Next attempt</th><th scope="col">Last error</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function detailRef(instanceId: string): string | undefined {
  const id = tryParseResourceId(instanceId);
  return id?.resourceGroup && id.name ? [id.subscriptionId, id.resourceGroup, id.name].map(encodeURIComponent).join('/') : undefined;
}

function entrySection(entry: StatusPageEntry, i: number, detailLink?: (ref: string) => string): Markup {
  const s = entry.state;
  const ref = detailLink ? detailRef(s.instanceId) : undefined;
  const extra = html`${ref ? html`<p class="why"><a href="${detailLink!(ref)}">This instance only</a></p>` : ''}<p class="why">Evaluated ${formatTime(s.evaluatedAt)} after ${TRIGGER_TEXT[s.trigger]} (resources read ${formatTime(s.observedAt)}) · status since ${formatTime(s.changedAt)}${s.unknownSince ? html` · unknown since ${formatTime(s.unknownSince)}` : ''}</p>
${transitionsTable(entry.transitions, `t${i}`)}
${undeliveredTable(entry.undelivered)}`;
  return instanceSection(instanceModel(s.report), extra);
}

function navigation(m: StatusPageModel): Markup | undefined {
  if (m.single) return html`<nav class="pages" aria-label="Pages"><a href="${m.pageLink(1)}">All instances</a></nav>`;
  const links: Markup[] = [];
  if (m.page > 1) links.push(html`<a href="${m.pageLink(m.page - 1, m.status)}" rel="prev">Previous page</a>`);
  if (m.page < m.pages) links.push(html`<a href="${m.pageLink(m.page + 1, m.status)}" rel="next">Next page</a>`);
  const only = m.status
    ? html`<a href="${m.pageLink(1)}">Every status</a>`
    : m.byStatus.fail > 0
      ? html`<a href="${m.pageLink(1, 'fail')}">Only failing (all pages)</a>`
      : '';
  const from = m.matching === 0 ? 0 : (m.page - 1) * m.pageSize + 1;
  const to = Math.min(m.page * m.pageSize, m.matching);
  return html`<nav class="pages" aria-label="Pages">Page ${m.page} of ${m.pages} (instances ${from}–${to} of ${m.matching}${m.status ? ` ${STATUS_LABEL[m.status]}` : ''}) ${links} ${only}</nav>`;
}

export function renderStatusPage(m: StatusPageModel): string {
  const nav = navigation(m);
  return renderHtmlDocument({
    title: m.single ? `Watcher status: ${m.entries[0]?.state.name ?? 'instance'}` : 'API Management VNet watcher: status',
    subtitle: `${m.total} ${m.total === 1 ? 'instance' : 'instances'} in scope · from stored state at ${formatTime(m.generatedAt.toISOString())} · the filter and search act on this page`,
    counts: statusCounts(m.byStatus),
    sections: m.entries.map((e, i) => entrySection(e, i, m.single ? undefined : m.detailLink)),
    ...(nav ? { navigation: nav } : {}),
    empty: m.total === 0 ? 'No instance has been evaluated yet: the first sweep stores them.' : 'No instance on this page.',
  });
}
