/**
 * Making values from Azure (names, tags, rule descriptions, caller names, messages that quote
 * them) safe where they are rendered.
 *
 * Teams cards: Teams applies markdown to TextBlock and to FactSet titles and values, and the
 * clients disagree on backslash escapes (MicrosoftDocs/msteams-docs#5793). RichTextBlock TextRuns
 * are never markdown (Adaptive Cards "Text features"), so the card puts every Azure value in a
 * TextRun (or an action title, which is plain text) and keeps TextBlocks and facts for our own
 * fixed words. TextRuns still expand `{{DATE(…)}}` / `{{TIME(…)}}`, which cardText() defuses.
 */

// C0/C1 controls, DEL, and the Unicode line/paragraph separators; \n is handled by the callers.
const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

/** One line of text: controls and line breaks become spaces, runs of spaces shrink, long values are cut. */
export function singleLine(value: string, max = 200): string {
  const flat = String(value).replace(CONTROLS, ' ').replace(/\n/g, ' ').replace(BIDI, '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Text for a TextRun (literal text, no markdown): keeps line breaks, defuses date/time functions. */
export function cardText(value: string): string {
  return String(value)
    .replace(/\r\n?/g, '\n')
    .replace(CONTROLS, ' ')
    .replace(BIDI, '')
    .replace(/\{(?=\{)/g, '{\u200b');
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** For HTML text and attribute values. */
export function escapeHtml(value: string): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML[c]!);
}
