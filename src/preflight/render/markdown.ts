/**
 * The Markdown answer of a pre-flight, for a pull-request comment (GitHub, Azure DevOps): a short
 * verdict line first, a table of the affected instances, then collapsible details per instance and
 * the list of change items. The hidden marker at the end lets a pipeline update its own comment.
 */
import { nameOf, tryParseResourceId } from '../../arm/resource-id.js';
import { counts } from '../diff.js';
import type { PreflightFinding, PreflightInstance, PreflightResult } from '../preflight.js';
import { markdownCode as mdCode, markdownText as mdText } from '../../output/safe-text.js';
import { changesLine, headline, VERDICT_LOOK } from './words.js';

export const MARKDOWN_MARKER = '<!-- apim-vnet-guard:preflight -->';

export function renderPreflightMarkdown(result: PreflightResult): string {
  const mark = VERDICT_LOOK[result.summary.verdict].mark;
  const out = [`**${mark} apim-vnet-guard pre-flight: ${mdText(headline(result))}**`, ''];
  out.push(`Change: ${mdText(result.format)} ${mdCode(result.file)} · ${mdText(changesLine(result))}`, '');
  if (result.instances.length > 0) {
    out.push('| Instance | Before | After | Verdict | Introduced | Resolved |', '|---|---|---|---|---|---|');
    for (const i of result.instances) {
      const look = VERDICT_LOOK[i.verdict];
      out.push(`| ${mdCode(i.name)} | ${i.before.status} | ${i.after.status} | ${look.mark} ${look.label} | ${ruleList(i.introduced)} | ${ruleList(i.resolved)} |`);
    }
    out.push('');
    for (const i of result.instances) if (i.introduced.length + i.resolved.length + i.unknownValues.length > 0) out.push(...details(i), '');
  }
  out.push(`<details><summary>${mdText(changesLine(result))}</summary>`, '', '| Resource | Action | Change item | Applied | Reason |', '|---|---|---|---|---|');
  for (const c of result.changes) {
    out.push(`| ${mdCode(shortName(c.resourceId))} | ${c.action} | ${mdCode(c.source)} | ${c.applied ? 'yes' : 'skipped'} | ${c.reason ? mdText(c.reason, 500) : ''} |`);
  }
  out.push('', '</details>', '');
  for (const note of result.notes) out.push(`> ${mdText(note, 500)}`, '');
  out.push(MARKDOWN_MARKER);
  return `${out.join('\n')}\n`;
}

function ruleList(findings: readonly PreflightFinding[]): string {
  if (findings.length === 0) return '—';
  return findings.map((f) => `${mdCode(f.ruleId)} (${f.severity})`).join('<br>');
}

function details(i: PreflightInstance): string[] {
  const out = [`<details><summary>${mdText(i.name)}: ${i.before.status} → ${i.after.status}</summary>`, ''];
  for (const f of i.introduced) out.push(...findingItem('Introduced', f));
  for (const f of i.resolved) out.push(...findingItem('Resolved', f));
  for (const u of i.unknownValues) out.push(`- **Unknown before apply:** ${mdText(u, 500)}`);
  out.push('', `Instance ${mdCode(i.id)}`, '', '</details>');
  return out;
}

function findingItem(kind: string, f: PreflightFinding): string[] {
  const when = f.moment === 'while-replacing' ? ' (while the replace is between its delete and its create)' : '';
  const lines = [`- **${kind}** ${mdCode(f.ruleId)} ${f.severity} at ${mdText(f.location)}${when}: ${mdText(f.message, 600)}`];
  if (f.change !== undefined) lines.push(`  - by ${mdCode(f.change)} on ${mdCode(shortName(f.changedResource ?? ''))}`);
  if (kind === 'Introduced' && counts(f) && f.remediation) lines.push(`  - Fix: ${mdText(f.remediation, 800)}`);
  return lines;
}

function shortName(id: string): string {
  return tryParseResourceId(id) ? nameOf(id) : id || '(no id)';
}
