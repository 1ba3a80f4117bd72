/**
 * The text output format: a report to read in a terminal. One block per instance (status, sku,
 * platform, mode, locations), its findings grouped by location (instance-wide first, then the
 * primary, then additional locations) and worst first inside a group, then one summary line.
 */
import { INSTANCE_LOCATION } from '../engine/evaluate.js';
import type { Finding, InstanceReport, InstanceStatus, Report } from '../model/finding.js';
import { modeInWords } from '../model/mode.js';
import { compareSeverity, SEVERITIES, type Severity } from '../model/severity.js';
import { multiLine, singleLine } from '../output/safe-text.js';

export interface TextOptions {
  /** ANSI colours; the CLI turns them on only for a TTY without NO_COLOR. */
  color: boolean;
}

type Style = 'red' | 'yellow' | 'green' | 'magenta' | 'cyan' | 'dim' | 'bold';
const ANSI: Record<Style, [number, number]> = {
  red: [31, 39],
  yellow: [33, 39],
  green: [32, 39],
  magenta: [35, 39],
  cyan: [36, 39],
  dim: [2, 22],
  bold: [1, 22],
};

const STATUS_LOOK: Record<InstanceStatus, { mark: string; label: string; style: Style }> = {
  fail: { mark: '✖', label: 'FAIL', style: 'red' },
  unknown: { mark: '?', label: 'UNKNOWN', style: 'magenta' },
  warn: { mark: '!', label: 'WARN', style: 'yellow' },
  pass: { mark: '✔', label: 'PASS', style: 'green' },
  'not-injected': { mark: '-', label: 'NOT INJECTED', style: 'dim' },
};

const SEVERITY_STYLE: Record<Severity, Style> = {
  'breaks-now': 'red',
  'breaks-on-apply': 'red',
  degraded: 'yellow',
  recommendation: 'cyan',
  info: 'dim',
};

const SEVERITY_WIDTH = Math.max(...SEVERITIES.map((s) => s.length));
const INDENT = '    ';

/** Failures first: what needs action is at the top of a long report (the JSON keeps the id order). */
const STATUS_ORDER: InstanceStatus[] = ['fail', 'unknown', 'warn', 'pass', 'not-injected'];

export function renderText(report: Report, options: TextOptions): string {
  const paint = painter(options.color);
  const ordered = [...report.instances].sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));
  const blocks = ordered.map((i) => renderInstance(i, paint));
  const lines = [...blocks.flatMap((b) => [...b, '']), summaryLine(report, paint), ...namedLines(ordered, paint)];
  return `${lines.join('\n')}\n`;
}

/** `Failing: apim-a, apim-b` and `Cannot evaluate: …` under the summary, at most 10 names each. */
function namedLines(instances: readonly InstanceReport[], paint: Painter): string[] {
  const line = (status: InstanceStatus, label: string): string[] => {
    const names = instances.filter((i) => i.status === status).map((i) => singleLine(i.name));
    if (names.length === 0) return [];
    const shown = names.slice(0, 10).join(', ') + (names.length > 10 ? `, and ${names.length - 10} more` : '');
    return [`${paint(STATUS_LOOK[status].style, label)} ${shown}`];
  };
  return [...line('fail', 'Failing:'), ...line('unknown', 'Cannot evaluate:')];
}

function renderInstance(instance: InstanceReport, paint: Painter): string[] {
  const look = STATUS_LOOK[instance.status];
  const safe = singleLine;
  const lines = [
    `${paint(look.style, `${look.mark} ${look.label}`)}  ${paint('bold', safe(instance.name))}`,
    `  ${paint('dim', safe(instance.id))}`,
    `  ${[
      `${safe(instance.sku)} × ${instance.capacity}`,
      `platform ${safe(instance.platform || 'unknown')}`,
      safe(modeInWords(instance.sku, instance.networkMode)),
      instance.locations.map((l) => safe(l)).join(', ') || 'no location',
    ].join(' · ')}`,
  ];
  if (instance.findings.length === 0) {
    lines.push(`  ${paint('dim', instance.status === 'not-injected' ? 'Not injected into a virtual network: nothing to check.' : 'No findings.')}`);
    return lines;
  }
  for (const [location, findings] of groupByLocation(instance)) {
    lines.push('', `  ${paint('bold', locationHeading(location, instance))}`);
    for (const f of findings) lines.push(...renderFinding(f, paint));
  }
  return lines;
}

function renderFinding(f: Finding, paint: Painter): string[] {
  const lines = [`${INDENT}${paint(SEVERITY_STYLE[f.severity], f.severity.padEnd(SEVERITY_WIDTH))}  ${paint('bold', f.ruleId)}  ${singleLine(f.title)}`];
  const body = `${INDENT}  `;
  lines.push(...block(body, '', f.message));
  if (f.remediation) lines.push(...block(body, 'Fix:  ', f.remediation));
  if (f.docs) lines.push(`${body}${paint('dim', `Docs: ${singleLine(f.docs)}`)}`);
  if (f.resourceId) lines.push(`${body}${paint('dim', `Resource: ${singleLine(f.resourceId)}`)}`);
  return lines;
}

/** Multi-line values keep their indentation under the label. */
function block(indent: string, label: string, value: string): string[] {
  const [first = '', ...rest] = multiLine(value).split('\n');
  const pad = ' '.repeat(label.length);
  return [`${indent}${label}${first}`, ...rest.map((line) => `${indent}${pad}${line}`)];
}

function groupByLocation(instance: InstanceReport): Array<[string, Finding[]]> {
  const rank = (loc: string) => (loc === INSTANCE_LOCATION ? -1 : indexOrEnd(instance.locations, loc));
  const groups = new Map<string, Finding[]>();
  for (const f of instance.findings) {
    const list = groups.get(f.location) ?? [];
    list.push(f);
    groups.set(f.location, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([loc, list]) => [loc, [...list].sort((a, b) => compareSeverity(a.severity, b.severity))]);
}

function indexOrEnd(list: readonly string[], value: string): number {
  const i = list.indexOf(value);
  return i === -1 ? list.length : i;
}

function locationHeading(location: string, instance: InstanceReport): string {
  if (location === INSTANCE_LOCATION) return 'Instance-wide';
  const i = instance.locations.indexOf(location);
  const role = i === 0 ? 'primary' : i > 0 ? `additional location ${i}` : 'location';
  return `${singleLine(location)} (${role})`;
}

function summaryLine(report: Report, paint: Painter): string {
  const { summary } = report;
  const statuses = (Object.keys(STATUS_LOOK) as InstanceStatus[])
    .filter((s) => summary.byStatus[s] > 0)
    .map((s) => paint(STATUS_LOOK[s].style, `${summary.byStatus[s]} ${s}`));
  const total = SEVERITIES.reduce((n, s) => n + summary.findingsBySeverity[s], 0);
  const severities = SEVERITIES.filter((s) => summary.findingsBySeverity[s] > 0).map((s) =>
    paint(SEVERITY_STYLE[s], `${summary.findingsBySeverity[s]} ${s}`),
  );
  const instances = `${summary.instances} ${summary.instances === 1 ? 'instance' : 'instances'}`;
  const findings = `${total} ${total === 1 ? 'finding' : 'findings'}`;
  return [
    `Summary: ${instances}${statuses.length ? ` (${statuses.join(', ')})` : ''}`,
    `${findings}${severities.length ? ` (${severities.join(', ')})` : ''}`,
  ].join(' · ');
}

type Painter = (style: Style, text: string) => string;

function painter(color: boolean): Painter {
  if (!color) return (_style, text) => text;
  return (style, text) => {
    const [open, close] = ANSI[style];
    return `\u001b[${open}m${text}\u001b[${close}m`;
  };
}
