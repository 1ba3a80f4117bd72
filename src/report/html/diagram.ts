/**
 * The path of one location as a small SVG: instance → subnet → NSG → deciding rule on one row, the
 * public IP under the instance and the route table and delegation under the subnet. A step that is
 * broken is drawn red and the edge into it dashed and crossed. Colours come from the page's classes
 * (no style attributes: the page's Content-Security-Policy allows only its own stylesheet).
 */
import { html, raw, type Markup } from './safe.js';
import type { PathModel, PathStep } from './model.js';

const W = 210;
const H = 62;
const GAP = 36;
const PAD = 8;
const ROW2 = PAD + H + 28;
const MAX_CHARS = 24;

const STATE_WORD: Record<PathStep['state'], string> = {
  ok: 'ok',
  fail: 'broken',
  warn: 'needs attention',
  missing: 'missing',
  none: 'unknown',
};

const broken = (s: PathStep) => s.state === 'fail' || s.state === 'missing';

function stepText(s: PathStep): string {
  return `${s.label} ${s.detail}${s.extra ? ` (${s.extra})` : ''}: ${STATE_WORD[s.state]}`;
}

function cut(value: string): string {
  return value.length > MAX_CHARS ? `${value.slice(0, MAX_CHARS - 1)}…` : value;
}

function node(step: PathStep, x: number, y: number): Markup {
  return html`<g class="step step-${step.state}"><title>${stepText(step)}</title><rect x="${x}" y="${y}" width="${W}" height="${H}" rx="6"></rect><text x="${x + 10}" y="${y + 17}" class="step-label">${cut(step.label)}${broken(step) ? ' ✖' : ''}</text><text x="${x + 10}" y="${y + 36}" class="step-detail">${cut(step.detail)}</text>${step.extra ? html`<text x="${x + 10}" y="${y + 53}" class="step-extra">${cut(step.extra)}</text>` : ''}</g>`;
}

function edge(marker: string, x1: number, y1: number, x2: number, y2: number, broken: boolean): Markup {
  const cls = broken ? 'edge edge-broken' : 'edge';
  const mark = broken ? raw(`<text x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2 - 6}" class="edge-mark" text-anchor="middle">✖</text>`) : raw('');
  return html`<line class="${cls}" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" marker-end="url(#${marker})"></line>${mark}`;
}


export function pathText(path: PathModel): string {
  const main = path.main.map(stepText).join(' → ');
  const side = path.side.map(({ from, step }) => `${stepText(step)}, beside the ${from}`);
  return [main, ...side].join('; ');
}

export function pathDiagram(path: PathModel, titleId: string): Markup {
  const parts: Markup[] = [];
  const marker = `${titleId}-arrow`;
  const colX = (i: number) => PAD + i * (W + GAP);
  // The broken edge is the one into the deepest broken step: a flow decided by a rule breaks at
  // the rule, not at the NSG that holds it; a missing or unattached NSG breaks at the NSG.
  const deepest = path.main.reduce((at, step, i) => (broken(step) ? i : at), -1);
  path.main.forEach((step, i) => {
    if (i > 0) parts.push(edge(marker, colX(i - 1) + W, PAD + H / 2, colX(i) - 4, PAD + H / 2, i === deepest || step.state === 'missing'));
    parts.push(node(step, colX(i), PAD));
  });
  const used = new Set<number>();
  for (const { from, step } of path.side) {
    const origin = from === 'instance' ? 0 : 1;
    let col = origin;
    while (used.has(col)) col++;
    used.add(col);
    const ox = colX(origin) + W / 2;
    parts.push(edge(marker, ox, PAD + H, col === origin ? ox : colX(col) + 12, ROW2 - 4, broken(step)));
    parts.push(node(step, colX(col), ROW2));
  }
  const columns = Math.max(path.main.length, used.size ? Math.max(...used) + 1 : 0);
  const width = PAD * 2 + columns * W + (columns - 1) * GAP;
  const height = path.side.length ? ROW2 + H + PAD : PAD * 2 + H;
  return html`<svg class="path" role="img" aria-labelledby="${titleId}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title id="${titleId}">${pathText(path)}</title><defs><marker id="${marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" class="arrow"></path></marker></defs>${parts}</svg>`;
}
