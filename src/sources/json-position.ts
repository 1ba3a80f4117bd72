/**
 * Where a JSON text stops being valid. Node 20's JSON.parse names the position for some errors only
 * ("Unexpected token '}', ... is not valid JSON" has none), so the position is found by a small scanner.
 */

export interface JsonPosition {
  /** 0-based offset in the text (UTF-16 code units). */
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/**
 * A JSON document as Windows tools write it too (PowerShell's Out-File, az on some hosts add a
 * byte-order mark): the text without the mark, and the parsed document or where the text stops being valid.
 */
export function parseJsonText(text: string): { body: string; document: unknown } | { body: string; error: JsonPosition } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { body, document: JSON.parse(body) as unknown };
  } catch (e) {
    return { body, error: jsonErrorPosition(body, e instanceof Error ? e.message : '') };
  }
}

export function jsonErrorPosition(text: string, parseMessage = ''): JsonPosition {
  let offset: number | undefined;
  try {
    offset = firstErrorOffset(text);
  } catch {
    // Nesting deep enough to exhaust the stack: fall back on what JSON.parse said.
    offset = undefined;
  }
  if (offset === undefined) {
    const m = /position (\d+)/.exec(parseMessage);
    offset = m ? Number(m[1]) : text.length;
  }
  return { offset, ...lineAndColumn(text, offset) };
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

class Stop {
  constructor(readonly offset: number) {}
}

/** Offset of the first character that makes `text` invalid JSON, or undefined when it is valid. */
export function firstErrorOffset(text: string): number | undefined {
  let i = 0;
  const fail = (at = i): never => {
    throw new Stop(at);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const digits = () => {
    const start = i;
    while (i < text.length && text[i]! >= '0' && text[i]! <= '9') i++;
    if (i === start) fail();
  };
  const number = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail();
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 0x20) fail();
      if (c === 92) {
        i++;
        const e = text[i];
        if (e === 'u') {
          for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) fail(i + k);
          i += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
        else fail();
      } else i++;
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else fail();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return undefined;
  } catch (e) {
    if (e instanceof Stop) return e.offset;
    throw e;
  }
}

/**
 * Offsets of the resources of a valid estate document: the elements of a top-level array, of its
 * `value` (ARM list) or `data` (Resource Graph) array, or the one object. SARIF points at them.
 */
export function resourceOffsets(text: string): number[] {
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
export function linesAndColumns(text: string, offsets: readonly number[]): Array<{ line: number; column: number }> {
  const order = offsets.map((o, k) => [o, k] as const).sort((a, b) => a[0] - b[0]);
  const out: Array<{ line: number; column: number }> = new Array(offsets.length);
  let line = 1;
  let lineStart = 0;
  // The next newline at or after the offsets done so far; indexOf finds it without a loop per character.
  let next = text.indexOf('\n');
  for (const [offset, k] of order) {
    const end = Math.min(offset, text.length);
    while (next !== -1 && next < end) {
      line++;
      lineStart = next + 1;
      next = text.indexOf('\n', lineStart);
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
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return i;
  }
  return i;
}

/** The offset after the string that starts (with its quote) at `i`; indexOf finds each candidate end. */
function skipString(text: string, i: number): number {
  for (let from = i + 1; ; ) {
    const quote = text.indexOf('"', from);
    if (quote === -1) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** The offset after the value that starts at `i` (the text is valid JSON). */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 34) return skipString(text, i);
  if (c === 123 || c === 91) {
    let depth = 0;
    for (; i < text.length; i++) {
      const d = text.charCodeAt(i);
      if (d === 34) i = skipString(text, i) - 1;
      else if (d === 123 || d === 91) depth++;
      else if (d === 125 || d === 93) {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    return i;
  }
  for (; i < text.length; i++) {
    const d = text.charCodeAt(i);
    if (d === 44 || d === 93 || d === 125 || d === 32 || d === 10 || d === 13 || d === 9) return i;
  }
  return i;
}
