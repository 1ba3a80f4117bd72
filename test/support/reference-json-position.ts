/**
 * src/sources/json-position.ts's scanners as they were before they used indexOf and char codes, kept as
 * the reference the property tests compare the faster ones with.
 */
/**
 * Offsets of the resources of a valid estate document: the elements of a top-level array, of its
 * `value` (ARM list) or `data` (Resource Graph) array, or the one object. SARIF points at them.
 */
export function referenceResourceOffsets(text: string): number[] {
  let i = skipSpace(text, 0);
  if (text[i] === '[') return arrayElements(text, i);
  if (text[i] !== '{') return [];
  const start = i;
  const arrays = new Map<string, number>();
  i = skipSpace(text, i + 1);
  while (i < text.length && text[i] !== '}') {
    const keyEnd = skipValue(text, i);
    const key = text.slice(i + 1, keyEnd - 1);
    i = skipSpace(text, skipSpace(text, keyEnd) + 1); // past the colon
    if ((key === 'value' || key === 'data') && text[i] === '[') arrays.set(key, i);
    i = skipSpace(text, skipValue(text, i));
    if (text[i] === ',') i = skipSpace(text, i + 1);
  }
  const list = arrays.get('value') ?? arrays.get('data');
  return list === undefined ? [start] : arrayElements(text, list);
}

/** 1-based line and column of each offset, in one pass (offsets in any order). */
export function referenceLinesAndColumns(text: string, offsets: readonly number[]): Array<{ line: number; column: number }> {
  const order = offsets.map((o, k) => [o, k] as const).sort((a, b) => a[0] - b[0]);
  const out: Array<{ line: number; column: number }> = new Array(offsets.length);
  let line = 1;
  let lineStart = 0;
  let at = 0;
  for (const [offset, k] of order) {
    for (; at < offset && at < text.length; at++) {
      if (text.charCodeAt(at) === 10) {
        line++;
        lineStart = at + 1;
      }
    }
    out[k] = { line, column: offset - lineStart + 1 };
  }
  return out;
}

function arrayElements(text: string, open: number): number[] {
  const offsets: number[] = [];
  let i = skipSpace(text, open + 1);
  while (i < text.length && text[i] !== ']') {
    offsets.push(i);
    i = skipSpace(text, skipValue(text, i));
    if (text[i] === ',') i = skipSpace(text, i + 1);
  }
  return offsets;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  return i;
}

/** The offset after the value that starts at `i` (the text is valid JSON). */
function skipValue(text: string, i: number): number {
  const c = text[i];
  if (c === '"') {
    for (i++; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '"') return i + 1;
    }
    return i;
  }
  if (c === '{' || c === '[') {
    let depth = 0;
    for (; i < text.length; i++) {
      const d = text[i];
      if (d === '"') i = skipValue(text, i) - 1;
      else if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    return i;
  }
  while (i < text.length && !',]} \n\r\t'.includes(text[i]!)) i++;
  return i;
}
