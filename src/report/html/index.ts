/**
 * The HTML pages, for every command that shows instances in a browser. `check --format html` uses
 * renderHtmlReport; the watcher's status page renderStatusPage. Another page (preflight's before/after,
 * say) builds its sections from the same parts:
 *
 *   const sections = reports.map((r) => instanceSection(instanceModel(r, view), html`<p>…</p>`));
 *   renderHtmlDocument({ title, subtitle, counts: statusCounts(byStatus), sections });
 *
 * Every value goes through `html` (safe.ts), the one door to the output-safety module.
 */
export { renderHtmlReport, type HtmlReportOptions } from './report.js';
export { renderStatusPage, type StatusPageModel, type StatusPageEntry } from './status.js';
export { renderHtmlDocument, filterable, contentSecurityPolicy, type HtmlPage, type StatusCount } from './page.js';
export { instanceSection, statusCounts, byStatusThenName, STATUS_LABEL } from './instance.js';
export { instanceModel, type InstanceModel } from './model.js';
export { html, raw, escapeValue, type Markup } from './safe.js';
