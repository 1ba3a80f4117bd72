/**
 * A remediation text mixes our prose with `az …` commands. HTML e-mail and cards show the commands
 * in a monospace font, wrapping only between shell words (a proportional font and a break after a
 * hyphen make `--network-security-group` unreadable and uncopyable).
 */
export interface Segment {
  kind: 'prose' | 'command';
  text: string;
}

/** Splits at `az ` commands; a command ends at an unquoted `)`, `;`, `, ` or `. `, or at the end. */
export function splitCommands(text: string): Segment[] {
  const out: Segment[] = [];
  let prose = 0;
  for (let at = findCommand(text, 0); at !== -1; at = findCommand(text, prose)) {
    const end = commandEnd(text, at);
    if (at > prose) out.push({ kind: 'prose', text: text.slice(prose, at) });
    out.push({ kind: 'command', text: text.slice(at, end) });
    prose = end;
  }
  if (prose < text.length) out.push({ kind: 'prose', text: text.slice(prose) });
  return out;
}

/** The shell words of a command, for `white-space: nowrap` spans (quoted words keep their spaces). */
export function shellWordsOf(command: string): string[] {
  const words: string[] = [];
  let start = 0;
  for (let i = 0; i <= command.length; i++) {
    if (i === command.length || command[i] === ' ') {
      if (i > start) words.push(command.slice(start, i));
      start = i + 1;
    } else i = skipQuoted(command, i);
  }
  return words;
}

function findCommand(text: string, from: number): number {
  for (let at = text.indexOf('az ', from); at !== -1; at = text.indexOf('az ', at + 1)) {
    if (at === 0 || !/[\w-]/.test(text[at - 1]!)) return at;
  }
  return -1;
}

function commandEnd(text: string, at: number): number {
  for (let i = at; i < text.length; i++) {
    const c = text[i]!;
    if (c === ')' || c === ';' || ((c === ',' || c === '.') && (i + 1 === text.length || text[i + 1] === ' '))) return i;
    i = skipQuoted(text, i);
  }
  return text.length;
}

/** Past a quoted part that starts at i ('…', $'…', \x); i itself otherwise. */
function skipQuoted(text: string, i: number): number {
  const c = text[i];
  if (c === '\\') return i + 1;
  if (c === "'") {
    const close = text.indexOf("'", i + 1);
    return close === -1 ? text.length : close;
  }
  if (c === '$' && text[i + 1] === "'") {
    for (let j = i + 2; j < text.length; j++) {
      if (text[j] === '\\') j++;
      else if (text[j] === "'") return j;
    }
    return text.length;
  }
  return i;
}
