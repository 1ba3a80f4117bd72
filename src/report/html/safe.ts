/**
 * The HTML renderers' one door for values: every interpolation of the `html` template is escaped
 * unless it is markup this module built. Values from Azure go through the project's output-safety
 * module (src/output/safe-text.ts) here and nowhere else: markup escaped, control and bidi
 * characters shown as visible escapes (a rule description holding U+202E must not reorder what an
 * operator reads), line breaks kept.
 */
import { htmlLines } from '../../output/safe-text.js';

/** Markup that is already safe: built by `html` or by `raw` from our own constants. */
export class Markup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Interpolation = Markup | string | number | boolean | undefined | null | readonly Interpolation[];

/** Text or an attribute value: escaped, with invisible characters made visible. */
export function escapeValue(value: string | number | boolean): string {
  return htmlLines(value);
}

function part(value: Interpolation): string {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof Markup) return value.value;
  if (Array.isArray(value)) return value.map(part).join('');
  return escapeValue(value as string | number | boolean);
}

/** `html\`<td>${name}</td>\`` escapes `name`; nested `html` results and arrays of them pass as markup. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Markup {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += part(values[i]!) + strings[i + 1]!;
  return new Markup(out);
}

/** Our own constant markup (CSS, the script, SVG paths computed from numbers). Never an Azure value. */
export function raw(value: string): Markup {
  return new Markup(value);
}
