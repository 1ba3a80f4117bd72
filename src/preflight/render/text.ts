/** The text answer of a pre-flight, for a terminal: the headline, each instance's diff, the change items. */
import { nameOf, tryParseResourceId } from '../../arm/resource-id.js';
import { singleLine } from '../../output/safe-text.js';
import { counts } from '../diff.js';
import type { PreflightFinding, PreflightInstance, PreflightResult } from '../preflight.js';
import { changesLine, headline, VERDICT_LOOK } from './words.js';

const safe = (value: string): string => singleLine(value);

export function renderPreflightText(result: PreflightResult): string {
  const lines = [`Pre-flight of ${result.format} ${safe(result.file)}: ${headline(result)}`];
  for (const i of result.instances) lines.push('', ...instanceLines(i));
  lines.push('', `${changesLine(result)}`);
  for (const c of result.changes) {
    const what = c.applied ? 'applied' : 'skipped';
    lines.push(`  ${what.padEnd(7)}  ${c.action.padEnd(9)}  ${safe(shortName(c.resourceId))}  ${safe(c.source)}${c.reason ? `: ${safe(c.reason)}` : ''}`);
  }
  for (const note of result.notes) lines.push(`Note: ${safe(note)}`);
  return `${lines.join('\n')}\n`;
}

function instanceLines(i: PreflightInstance): string[] {
  const look = VERDICT_LOOK[i.verdict];
  const lines = [`${look.mark} ${look.label.toUpperCase()}  ${safe(i.name)}  ${i.before.status} → ${i.after.status}`, `  ${safe(i.id)}`];
  for (const f of i.introduced) lines.push(...findingLines('introduced', f));
  for (const f of i.resolved) lines.push(...findingLines('resolved', f));
  for (const u of i.unknownValues) lines.push(`  unknown     ${safe(u)}`);
  if (i.introduced.length === 0 && i.resolved.length === 0 && i.unknownValues.length === 0) lines.push('  no finding changes');
  return lines;
}

function findingLines(kind: 'introduced' | 'resolved', f: PreflightFinding): string[] {
  const when = f.moment === 'while-replacing' ? ' (while the replace is between its delete and its create)' : '';
  const lines = [`  ${kind.padEnd(10)}  ${f.severity}  ${f.ruleId} at ${safe(f.location)}${when}`, `      ${safe(f.message)}`];
  if (f.change !== undefined) lines.push(`      by ${safe(f.change)} on ${safe(f.changedResource ?? '')}`);
  if (kind === 'introduced' && counts(f) && f.remediation) lines.push(`      Fix: ${safe(f.remediation)}`);
  return lines;
}

function shortName(id: string): string {
  return tryParseResourceId(id) ? nameOf(id) : id || '(no id)';
}
