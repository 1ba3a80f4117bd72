/**
 * JSON values in Table entities. A string property holds at most 64 KiB (32 K UTF-16 characters),
 * while an entity holds 1 MiB, so large values (a report with many findings) are split over numbered
 * properties `{name}0`, `{name}1`, … with `{name}Parts` saying how many.
 */
const PART_CHARS = 30_000;

export function jsonColumns(name: string, value: unknown): Record<string, string | number> {
  const text = JSON.stringify(value);
  const out: Record<string, string | number> = { [`${name}Parts`]: Math.max(1, Math.ceil(text.length / PART_CHARS)) };
  for (let i = 0, p = 0; i === 0 || i < text.length; i += PART_CHARS, p++) out[`${name}${p}`] = text.slice(i, i + PART_CHARS);
  return out;
}

/** The value back, or undefined when the entity has no such column. Throws when the JSON is damaged. */
export function readJsonColumns<T>(entity: Record<string, unknown>, name: string): T | undefined {
  const parts = entity[`${name}Parts`];
  if (typeof parts !== 'number') return undefined;
  let text = '';
  for (let p = 0; p < parts; p++) {
    const part = entity[`${name}${p}`];
    if (typeof part !== 'string') throw new Error(`stored column ${name}${p} is missing`);
    text += part;
  }
  return JSON.parse(text) as T;
}
