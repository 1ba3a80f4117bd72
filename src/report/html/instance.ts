/**
 * One instance as an HTML section: status and mode, per location the path diagram and the findings,
 * each failing flow with its NSG rules in evaluation order (deciding rule highlighted, shadowed rules
 * marked), the remediation with a copy button and the Learn link. Shared by every HTML page.
 */
import { createHash } from 'node:crypto';
import { STATUSES } from '../../engine/report.js';
import type { InstanceStatus } from '../../model/finding.js';
import { modeInWords } from '../../model/mode.js';
import { pathDiagram } from './diagram.js';
import type { FindingModel, FlowTable, InstanceModel, LocationModel, RuleRow } from './model.js';
import { filterable, type StatusCount } from './page.js';
import { html, type Markup } from './safe.js';

export const STATUS_LABEL: Record<InstanceStatus, string> = {
  fail: 'FAIL',
  unknown: 'UNKNOWN',
  warn: 'WARN',
  pass: 'PASS',
  'not-injected': 'NOT INJECTED',
};

/** Failures first, then unknown, warn, pass, not injected; by name inside a status. */
export function byStatusThenName<T extends { status: InstanceStatus; name: string; id: string }>(a: T, b: T): number {
  return STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

export function statusCounts(byStatus: Record<InstanceStatus, number>): StatusCount[] {
  return STATUSES.map((s) => ({ status: s, label: STATUS_LABEL[s], count: byStatus[s] ?? 0 }));
}

/** A stable, id-safe anchor for an instance (its ARM id may hold any character). */
export function anchorOf(instanceId: string): string {
  return `i-${createHash('sha256').update(instanceId.toLowerCase()).digest('hex').slice(0, 12)}`;
}

const ROLE_TEXT: Record<RuleRow['role'], string> = {
  deciding: 'decides the flow',
  shadowed: 'shadowed: matches too, but the deciding rule comes first',
  partial: 'matches part of the flow',
  other: '',
  invalid: 'cannot be evaluated',
};

function ruleTable(flow: FlowTable, captionId: string): Markup {
  const caption = `${flow.direction} rules of NSG ${flow.nsgName} in evaluation order: the flow is ${flow.verdict}, decided by ${flow.decidingRule.name} (priority ${flow.decidingRule.priority}, ${flow.decidingRule.access})`;
  const rows = flow.rows.map(
    (r) => html`<tr class="role-${r.role} access-${r.access.toLowerCase()}" data-role="${r.role}" data-rule-name="${r.name}" data-priority="${r.priority}"${r.role === 'deciding' ? html` aria-current="true"` : ''}>
<td>${r.priority}</td><td>${r.name}${r.isDefault ? ' (default)' : ''}</td><td>${r.access}</td><td>${r.protocol}</td><td>${r.source}</td><td>${r.sourcePorts}</td><td>${r.destination}</td><td>${r.destinationPorts}</td><td class="role">${ROLE_TEXT[r.role]}${r.note ? `: ${r.note}` : ''}</td></tr>`,
  );
  return html`<table class="rules" id="${captionId}"><caption>${caption}</caption>
<thead><tr><th scope="col">Priority</th><th scope="col">Name</th><th scope="col">Access</th><th scope="col">Protocol</th><th scope="col">Source</th><th scope="col">Source ports</th><th scope="col">Destination</th><th scope="col">Destination ports</th><th scope="col">In this flow</th></tr></thead>
<tbody>${rows}</tbody></table>${flow.complete ? '' : html`<p class="note">Only the stored verdict is known here: the deciding rule and the rules that matched part of the flow. <code>check</code> shows every rule of the NSG.</p>`}`;
}

function learnLink(url: string): Markup | string {
  // Rule docs are our own constants, but only https links are ever written.
  if (!/^https:\/\/[^\s"'<>]+$/.test(url)) return '';
  return html`<a href="${url}" rel="noopener noreferrer" target="_blank">Microsoft Learn: ${url.replace(/^https:\/\/learn\.microsoft\.com\//, '')}</a>`;
}

function findingBlock(m: FindingModel, key: string): Markup {
  const f = m.finding;
  const copyId = `${key}-fix`;
  const copyText = m.command ?? f.remediation;
  const label = m.command ? 'Copy command' : 'Copy fix';
  return html`<article class="finding" data-rule="${f.ruleId}" data-severity="${f.severity}">
<h4><span class="sev sev-${f.severity}">${f.severity}</span> <code>${f.ruleId}</code> ${f.title}</h4>
<p class="message">${f.message}</p>
${m.flow ? ruleTable(m.flow, `${key}-rules`) : ''}
${
  f.remediation
    ? html`<h5>Fix</h5>${m.command ? html`<p class="remediation">${f.remediation.slice(0, f.remediation.lastIndexOf(m.command)).replace(/[:\s]+$/, '')}:</p><pre class="command"><code id="${copyId}">${copyText}</code></pre>` : html`<p class="remediation" id="${copyId}">${copyText}</p>`}
<button type="button" class="copy" data-copy="${copyId}" data-label="${label}">${label}</button>`
    : ''
}
<p class="links">${learnLink(f.docs)}${f.resourceId ? html` · Resource: <code>${f.resourceId}</code>` : ''}</p>
</article>`;
}

function locationBlock(loc: LocationModel, key: string): Markup {
  return html`<h3>${loc.region} (${loc.role})</h3>
${loc.pathKnown ? pathDiagram(loc.path, `${key}-path`) : ''}
${loc.findings.length ? loc.findings.map((f, i) => findingBlock(f, `${key}-f${i}`)) : html`<p class="note">No findings at this location.</p>`}`;
}

export function searchTextOf(model: InstanceModel): string {
  const r = model.report;
  return [r.name, r.id, r.status, r.sku, r.networkMode, ...r.locations, ...r.findings.flatMap((f) => [f.ruleId, f.resourceId, f.title])].join(' ');
}

/** The section of one instance; `extra` is appended (the status page adds evaluation and history). */
export function instanceSection(model: InstanceModel, extra?: Markup): Markup {
  const r = model.report;
  const key = anchorOf(r.id);
  const mode = modeInWords(r.sku, r.networkMode);
  const body = html`<h2><span class="badge badge-${r.status}">${STATUS_LABEL[r.status]}</span> ${r.name}</h2>
<p class="rid">${r.id}</p>
<p class="facts">${r.sku} × ${r.capacity} · platform ${r.platform || 'unknown'} · ${mode} · ${r.locations.join(', ') || 'no location'}</p>
${extra}
${
  r.status === 'not-injected'
    ? html`<p class="note">Not injected into a virtual network: nothing to check.</p>`
    : html`${model.instanceFindings.length ? html`<h3>Instance-wide</h3>${model.instanceFindings.map((f, i) => findingBlock(f, `${key}-g${i}`))}` : ''}${model.locations.map((l, i) => locationBlock(l, `${key}-l${i}`))}`
}`;
  return filterable(r.status, searchTextOf(model), key, body);
}
