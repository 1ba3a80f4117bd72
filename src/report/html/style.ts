/** The one stylesheet of the HTML pages (inline, allowed by its hash). Colours meet WCAG AA contrast on white. */
export const PAGE_CSS = `
:root { --fail: #b3261e; --warn: #8a5300; --pass: #1e6b3a; --unknown: #6a3d9a; --none: #595959; --ink: #1f1f1f; --muted: #575757; --line: #d0d0d0; --bg: #f6f6f6; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
header.top { padding: 16px 24px 12px; border-bottom: 1px solid var(--line); background: var(--bg); }
h1 { font-size: 20px; margin: 0 0 2px; }
.subtitle { margin: 0 0 10px; color: var(--muted); }
.controls { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; }
.chip { font: inherit; border: 1px solid var(--line); background: #fff; border-radius: 999px; padding: 3px 12px; cursor: pointer; color: var(--ink); }
.chip .n { font-weight: 700; }
.chip[aria-pressed="true"] { background: var(--ink); color: #fff; border-color: var(--ink); }
.chip-fail .n { color: var(--fail); } .chip-warn .n { color: var(--warn); } .chip-pass .n { color: var(--pass); } .chip-unknown .n { color: var(--unknown); } .chip-not-injected .n { color: var(--none); }
.chip[aria-pressed="true"] .n { color: #fff; }
.search input { font: inherit; padding: 4px 8px; border: 1px solid #8a8a8a; border-radius: 4px; min-width: 260px; }
.shown { margin: 0; color: var(--muted); }
nav.pages { margin-top: 8px; } nav.pages a { color: var(--accent); margin-right: 10px; }
main { padding: 8px 24px 40px; }
section.instance { border: 1px solid var(--line); border-left: 6px solid var(--none); border-radius: 6px; margin: 16px 0; padding: 12px 16px; }
section.status-fail { border-left-color: var(--fail); } section.status-warn { border-left-color: var(--warn); }
section.status-pass { border-left-color: var(--pass); } section.status-unknown { border-left-color: var(--unknown); }
h2 { font-size: 17px; margin: 0; display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
h3 { font-size: 15px; margin: 16px 0 6px; }
h4 { font-size: 14px; margin: 0 0 4px; }
h5 { font-size: 13px; margin: 8px 0 2px; }
.badge { font-size: 12px; font-weight: 700; letter-spacing: .04em; color: #fff; border-radius: 4px; padding: 1px 8px; background: var(--none); }
.badge-fail { background: var(--fail); } .badge-warn { background: var(--warn); } .badge-pass { background: var(--pass); } .badge-unknown { background: var(--unknown); }
.rid { color: var(--muted); font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; margin: 2px 0 6px; }
.facts { margin: 0; color: var(--muted); }
.why { margin: 4px 0; }
svg.path { display: block; max-width: 100%; height: auto; margin: 6px 0 10px; }
.step rect { fill: #fff; stroke: #8a8a8a; stroke-width: 1.5; }
.step-fail rect, .step-missing rect { fill: #fdecea; stroke: var(--fail); stroke-width: 2.5; }
.step-warn rect { fill: #fff4e0; stroke: var(--warn); stroke-width: 2; }
.step-ok rect { stroke: var(--pass); }
.step-label { font-size: 11px; fill: var(--muted); }
.step-detail { font-size: 13px; font-weight: 600; fill: var(--ink); }
.step-extra { font-size: 11px; fill: var(--muted); }
.step-fail .step-label, .step-missing .step-label { fill: var(--fail); font-weight: 700; }
.edge { stroke: #6b6b6b; stroke-width: 1.6; }
.edge-broken { stroke: var(--fail); stroke-width: 2.5; stroke-dasharray: 6 4; }
.edge-mark { fill: var(--fail); font-size: 14px; font-weight: 700; }
.arrow { fill: #6b6b6b; }
article.finding { border-top: 1px solid var(--line); padding: 10px 0 6px; }
.sev { font-size: 12px; font-weight: 700; border-radius: 4px; padding: 1px 6px; border: 1px solid currentColor; }
.sev-breaks-now, .sev-breaks-on-apply { color: var(--fail); } .sev-degraded { color: var(--warn); } .sev-recommendation { color: var(--accent); } .sev-info { color: var(--muted); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.message, .remediation { margin: 4px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
pre.command { background: #f1f3f5; border: 1px solid var(--line); border-radius: 4px; padding: 8px 10px; white-space: pre-wrap; overflow-wrap: normal; word-break: normal; margin: 4px 0; }
button.copy { font: inherit; font-size: 12px; padding: 2px 10px; border: 1px solid var(--accent); color: var(--accent); background: #fff; border-radius: 4px; cursor: pointer; }
.links { margin: 6px 0 0; color: var(--muted); overflow-wrap: anywhere; }
.links a { color: var(--accent); }
table { border-collapse: collapse; margin: 6px 0; font-size: 12.5px; width: 100%; }
caption { text-align: left; font-weight: 600; padding: 2px 0 4px; }
th, td { border: 1px solid var(--line); padding: 3px 6px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { white-space: nowrap; }
thead th { background: var(--bg); }
tr.role-other td { color: var(--muted); }
tr.role-deciding td { background: #fdecea; font-weight: 700; }
tr.role-deciding.access-allow td { background: #e7f4ec; }
tr.role-shadowed td { background: #fff8e1; }
tr.role-shadowed td.role { color: var(--warn); font-weight: 700; }
tr.role-partial td.role { color: var(--unknown); font-weight: 600; }
.note { color: var(--muted); margin: 2px 0; }
.empty { color: var(--muted); }
.offscreen { position: absolute; left: -9999px; }
[hidden] { display: none !important; }
@media print { .controls, button.copy { display: none; } }
`;
