/**
 * The one output-safety module. Every value that comes from Azure (names, ids, tags, rule
 * descriptions, delegation names, caller names, error texts, messages that quote them) passes
 * through one of these functions on its way into a terminal, a file, an e-mail, a Teams card or
 * a SARIF/JSON document. Our own fixed words need none of them.
 *
 * What "safe" means here:
 * - no raw control character (C0, DEL, C1) and no bidi override/isolate or line/paragraph
 *   separator from input reaches the output: each is shown visibly as an escape
 *   (`\n`, `\r`, `\t`, `\x1b`, `\u202e`), so a reader sees that it was there;
 * - a single-line field never starts a new line, so a value cannot forge a `Fix:` line;
 * - the medium's own syntax is escaped (HTML markup, Teams `{{DATE()}}` functions, shell words).
 *
 * API (pick by where the value goes):
 *   singleLine(v, max?)   one line of plain text (terminal, e-mail subject and text, stderr)
 *   multiLine(v)          plain text whose own line breaks are kept (each line made safe)
 *   html(v)               HTML text or attribute value, one line
 *   htmlLines(v)          HTML text whose line breaks become <br>
 *   cardText(v)           a Teams/Adaptive Card TextRun (literal text, line breaks kept)
 *   markdownText(v, max?) Markdown paragraph or table cell (a pull-request comment), one line
 *   markdownCode(v, max?) an id or name in Markdown, monospaced
 *   shellWord(v)          one POSIX shell word that reads back as exactly v
 *   safeJson(v, indent?)  JSON.stringify whose output holds no raw bidi or C1 character
 *   isSafeText(s)         true when s holds none of the characters above except \n (for tests)
 */

// C0 controls except \n, DEL, C1 controls (which include CSI, 0x9b), the Unicode line and
// paragraph separators, and the bidi embeddings, overrides, isolates and marks that can reorder
// what a reader sees (Trojan Source, CVE-2021-42574).
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_OR_NEWLINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const HAS_UNSAFE_OR_NEWLINE = new RegExp(UNSAFE_OR_NEWLINE.source);
const HAS_UNSAFE = new RegExp(UNSAFE.source);
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function visible(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

function cut(text: string, max: number | undefined): string {
  if (max === undefined || text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** One line: every line break and control character is shown as an escape; cut to `max` characters. */
export function singleLine(value: unknown, max?: number): string {
  return cut(String(value ?? '').replace(UNSAFE_OR_NEWLINE, visible), max);
}

/** Text whose line breaks are its own (CRLF and CR become LF); everything else as in singleLine. */
export function multiLine(value: unknown): string {
  return String(value ?? '')
    .replace(/\r\n?/g, '\n')
    .replace(UNSAFE, visible);
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML[c]!);
}

/** For HTML text and attribute values: one line, markup escaped. */
export function html(value: unknown, max?: number): string {
  return escapeMarkup(singleLine(value, max));
}

/** For HTML text that keeps its line breaks as `<br>`. */
export function htmlLines(value: unknown): string {
  return escapeMarkup(multiLine(value)).replace(/\n/g, '<br>');
}

/**
 * Text for an Adaptive Card TextRun. Teams applies markdown to TextBlock and FactSet, and its
 * clients disagree on backslash escapes (MicrosoftDocs/msteams-docs#5793); RichTextBlock TextRuns
 * are never markdown ("Text features"), so Azure values go only into TextRuns, where `{{DATE(…)}}`
 * and `{{TIME(…)}}` still expand: a zero-width space defuses them.
 */
export function cardText(value: unknown): string {
  return multiLine(value).replace(/\{(?=\{)/g, '{\u200b');
}

/** A single-line card value (titles, action titles). */
export function cardLine(value: unknown, max?: number): string {
  return singleLine(value, max).replace(/\{(?=\{)/g, '{\u200b');
}

/**
 * Markdown (GitHub pull-request comments): one line, no markup, no HTML, no @-mentions (a tag value
 * "@org/team" would notify a team), no table breaks.
 */
export function markdownText(value: unknown, max = 300): string {
  return html(value, max)
    .replace(/[\\`*_[\]#~]/g, (c) => `\\${c}`)
    .replace(/\|/g, '&#124;')
    .replace(/@/g, '&#64;');
}

/** An id or name, monospaced (an HTML code element, so that no backtick in the value can end it). */
export function markdownCode(value: unknown, max = 300): string {
  return `<code>${html(value, max).replace(/\|/g, '&#124;').replace(/@/g, '&#64;')}</code>`;
}

const PLAIN_WORD = /^[A-Za-z0-9._\-/:,]+$/;
const ANSI_C: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', "'": "\\'", '\\': '\\\\' };

/**
 * One POSIX shell word that the shell reads back as exactly `value`. Plain words stay bare;
 * others are single-quoted; a value with control or bidi characters uses `$'…'` (POSIX.1-2024,
 * bash, zsh, ksh) so the command stays on one line and shows them as escapes.
 */
export function shellWord(value: string | number): string {
  const text = String(value);
  if (PLAIN_WORD.test(text)) return text;
  if (!HAS_UNSAFE_OR_NEWLINE.test(text)) return `'${text.replace(/'/g, `'\\''`)}'`;
  const body = text.replace(/[\\']/g, (c) => ANSI_C[c]!).replace(UNSAFE_OR_NEWLINE, (c) => {
    const named = ANSI_C[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    // \x takes at most two hex digits in bash; characters above 0xff are spelled as UTF-8 bytes.
    if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
    return [...Buffer.from(c, 'utf8')].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
  });
  return `$'${body}'`;
}

// JSON.stringify escapes C0 controls itself; these it leaves raw.
const JSON_RAW = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON.stringify, with the characters it leaves raw written as `\uXXXX` (same data, inert text). */
export function safeJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(JSON_RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** No unsafe character other than `\n` (a test helper, also usable as an assertion at boundaries). */
export function isSafeText(text: string): boolean {
  return !HAS_UNSAFE.test(text);
}
