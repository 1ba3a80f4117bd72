/**
 * Template expressions that what-if leaves unresolved. Learn: `reference()` is not evaluated, so the
 * property holds the raw expression string (`[reference(...).outputs.id.value]`). Such a value is not
 * known before the deployment runs: it must make the verdict `unknown`, never a pass or a fail.
 */
import type { UnknownValue } from './change.js';

/** `[...]` is an expression; `[[...` is ARM's escape for a literal string that starts with `[`. */
export function isTemplateExpression(value: unknown): boolean {
  return typeof value === 'string' && value.length >= 2 && value.startsWith('[') && !value.startsWith('[[') && value.endsWith(']');
}

/** Keys of a resource body whose values the rules read; tags and envelope keys never decide a verdict. */
const DECIDING_KEYS = ['location', 'sku', 'zones', 'properties'];

/** Every unresolved expression in the parts of an ARM body that the rules read, with its path. */
export function unresolvedExpressions(body: Record<string, unknown>, reason = 'an unresolved template expression (what-if does not evaluate reference())'): UnknownValue[] {
  const found: UnknownValue[] = [];
  const walk = (value: unknown, path: string) => {
    if (isTemplateExpression(value)) {
      found.push({ path, reason });
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${path}[${i}]`));
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
    }
  };
  for (const key of DECIDING_KEYS) if (key in body) walk(body[key], key);
  return found;
}
