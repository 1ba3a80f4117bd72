/**
 * The e-mail of an alert: an HTML and a plain-text body drawn from the same content, every value
 * HTML-escaped in the HTML body. Message-ID and In-Reply-To thread the alerts of one episode
 * (failing → changed → reminder → resolved) in mail clients.
 */
import type { Alert } from '../types.js';
import { shellWordsOf, splitCommands } from './commands.js';
import { alertContent, type AlertContent, type ContentOptions, type Tone } from './content.js';
import { html, htmlLines, multiLine, singleLine } from '../../output/safe-text.js';
import { EMAIL_BODY_BUDGET_BYTES, fitContent, omittedLine } from './bounds.js';

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
  /** `<id@apim-vnet-guard>` */
  messageId: string;
  /** The alert that opened the episode, for changed / reminder / resolved. */
  inReplyTo?: string;
}

const MESSAGE_DOMAIN = 'apim-vnet-guard';
const TONE_COLOR: Record<Tone, string> = { attention: '#b3261e', warning: '#8a5a00', good: '#1e7b34' };
const TONE_BACKGROUND: Record<Tone, string> = { attention: '#fde7e9', warning: '#fff4ce', good: '#dff6dd' };

export function messageIdOf(alertIdValue: string): string {
  return `<${alertIdValue}@${MESSAGE_DOMAIN}>`;
}

export function buildEmail(alert: Alert, options: ContentOptions = {}): EmailMessage {
  const subject = singleLine(alert.subject, 200);
  const id = alert.instance.id;
  // Both bodies under the e-mail bound (bounds.ts); the larger one decides.
  const bytes = (c: AlertContent) => Math.max(Buffer.byteLength(renderText(c, id)), Buffer.byteLength(renderHtml(c, subject, id)));
  const content = fitContent(alertContent(alert, { maxFindings: 50, ...options }), bytes, EMAIL_BODY_BUDGET_BYTES);
  const message: EmailMessage = {
    subject,
    text: renderText(content, id),
    html: renderHtml(content, subject, id),
    messageId: messageIdOf(alert.id),
  };
  if (alert.thread) message.inReplyTo = messageIdOf(alert.thread.alertId);
  return message;
}

function indent(text: string, prefix: string): string {
  return multiLine(text)
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

export function renderText(content: AlertContent, instanceId = ''): string {
  const lines: string[] = [content.headline, singleLine(content.instanceName, 200), '', singleLine(content.summary)];
  for (const c of content.context) lines.push(singleLine(c, 400));
  lines.push('');
  const width = Math.max(...content.facts.map((f) => f.label.length));
  for (const f of content.facts) lines.push(`${`${f.label}:`.padEnd(width + 2)}${singleLine(f.value, 300)}`);
  content.findings.forEach((f, i) => {
    lines.push('', `${i + 1}. ${f.severityLabel} · ${singleLine(f.title)} · ${singleLine(f.where)}   [${f.ruleId}]`);
    lines.push(indent(f.message, '   '));
    if (f.decidedBy) lines.push(`   Decided by: ${singleLine(f.decidedBy)}`);
    if (f.flow) lines.push(`   Flow: ${singleLine(f.flow)}`);
    if (f.remediation) lines.push('   Fix:', indent(f.remediation, '     '));
    for (const l of f.links) lines.push(`   ${singleLine(l.title)}: ${singleLine(l.url)}`);
  });
  if (content.omitted > 0) lines.push('', omittedLine(content.omitted, instanceId));
  if (content.changes.length > 0) {
    lines.push('', 'Recent changes');
    for (const c of content.changes) {
      lines.push(`- ${singleLine(c.who)} ${singleLine(c.what)} ${singleLine(c.resource)} · ${singleLine(c.when)}`);
      if (c.link) lines.push(`  ${singleLine(c.link.url)}`);
    }
  }
  if (content.links.length > 0) lines.push('');
  for (const l of content.links) lines.push(`${singleLine(l.title)}: ${singleLine(l.url)}`);
  lines.push('', '--', singleLine(content.footer), '');
  return lines.join('\n');
}

function h(text: string): string {
  return html(text);
}

function multiline(text: string): string {
  return htmlLines(text);
}

const CODE_STYLE = 'font-family:Consolas,Menlo,monospace;font-size:12px;background:#f5f5f5;padding:1px 3px';

/** Prose as text, each command in monospace, breaking only between its shell words. */
function fixHtml(remediation: string): string {
  return splitCommands(remediation)
    .map((s) =>
      s.kind === 'prose'
        ? multiline(s.text)
        : `<code style="${CODE_STYLE}">${shellWordsOf(s.text).map((w) => `<span style="white-space:nowrap">${h(w)}</span>`).join(' ')}</code>`,
    )
    .join('');
}

function a(link: { title: string; url: string }): string {
  return `<a href="${h(link.url)}" style="color:#0f6cbd">${h(link.title)}</a>`;
}

export function renderHtml(content: AlertContent, title: string, instanceId = ''): string {
  const tone = content.tone;
  const parts: string[] = [];
  parts.push(
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${h(title)}</title></head>`,
    '<body style="margin:0;padding:16px;font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;color:#242424">',
    `<div style="background:${TONE_BACKGROUND[tone]};border-left:6px solid ${TONE_COLOR[tone]};padding:12px 16px">`,
    `<div style="color:${TONE_COLOR[tone]};font-weight:600">${h(content.headline)}</div>`,
    `<div style="font-size:20px;font-weight:600">${h(content.instanceName)}</div>`,
    '</div>',
    `<p>${h(content.summary)}</p>`,
  );
  for (const c of content.context) parts.push(`<p style="color:#616161">${h(c)}</p>`);
  parts.push('<table style="border-collapse:collapse">');
  for (const f of content.facts) {
    parts.push(`<tr><th style="text-align:left;padding:2px 12px 2px 0">${h(f.label)}</th><td>${h(f.value)}</td></tr>`);
  }
  parts.push('</table>');
  content.findings.forEach((f) => {
    const color = f.severity === 'breaks-now' || f.severity === 'breaks-on-apply' ? TONE_COLOR.attention : f.severity === 'degraded' ? TONE_COLOR.warning : '#424242';
    parts.push(
      '<div style="border-top:1px solid #e0e0e0;margin-top:12px;padding-top:8px">',
      `<div><span style="color:${color};font-weight:600">${h(f.severityLabel)}</span> · <b>${h(f.title)}</b> · <span style="color:#616161">${h(f.where)}</span></div>`,
      `<p style="margin:4px 0">${multiline(f.message)}</p>`,
    );
    if (f.decidedBy) parts.push(`<p style="margin:4px 0"><b>Decided by:</b> ${h(f.decidedBy)}</p>`);
    if (f.flow) parts.push(`<p style="margin:4px 0"><b>Flow:</b> ${h(f.flow)}</p>`);
    if (f.remediation) parts.push(`<p style="margin:4px 0"><b>Fix:</b><br>${fixHtml(f.remediation)}</p>`);
    parts.push(`<p style="margin:4px 0;color:#616161;font-family:Consolas,monospace;font-size:12px">${h(f.ruleId)}</p>`);
    if (f.links.length > 0) parts.push(`<p style="margin:4px 0">${f.links.map(a).join(' · ')}</p>`);
    parts.push('</div>');
  });
  if (content.omitted > 0) parts.push(`<p style="color:#616161">${h(omittedLine(content.omitted, instanceId))}</p>`);
  if (content.changes.length > 0) {
    parts.push('<h3 style="font-size:14px;margin:16px 0 4px">Recent changes</h3><ul style="margin:0;padding-left:20px">');
    for (const c of content.changes) {
      const resource = c.link ? `<a href="${h(c.link.url)}" style="color:#0f6cbd">${h(c.resource)}</a>` : h(c.resource);
      parts.push(`<li><b>${h(c.who)}</b> ${h(c.what)} ${resource} · <span style="color:#616161">${h(c.when)}</span></li>`);
    }
    parts.push('</ul>');
  }
  if (content.links.length > 0) parts.push(`<p style="margin-top:16px">${content.links.map(a).join(' · ')}</p>`);
  parts.push(`<p style="color:#9e9e9e;font-size:12px;margin-top:16px">${h(content.footer)}</p>`, '</body></html>', '');
  return parts.join('\n');
}
