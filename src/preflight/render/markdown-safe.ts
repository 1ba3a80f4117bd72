/**
 * Values from Azure and from change documents in a Markdown pull-request comment: one line, no
 * markup, no HTML, no @-mentions (a tag value "@org/team" would notify a team), no table breaks.
 * Builds on the project's escaping of controls and bidi characters (src/alerts/render/escape.ts).
 */
import { escapeHtml, singleLine } from '../../alerts/render/escape.js';

/** Text in a paragraph or table cell. */
export function mdText(value: string, max = 300): string {
  return escapeHtml(singleLine(value, max))
    .replace(/[\\`*_[\]#~]/g, (c) => `\\${c}`)
    .replace(/\|/g, '&#124;')
    .replace(/@/g, '&#64;');
}

/** An id or name, monospaced (an HTML code element, so that no backtick in the value can end it). */
export function mdCode(value: string, max = 300): string {
  return `<code>${escapeHtml(singleLine(value, max)).replace(/\|/g, '&#124;').replace(/@/g, '&#64;')}</code>`;
}
