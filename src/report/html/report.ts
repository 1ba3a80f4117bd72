/**
 * The `html` output format of `check`: the report as one self-contained page, failures first. With
 * the views the instances were evaluated on, each failing flow lists every rule of its NSG's
 * direction; without them (a stored report), only the rules the verdict names.
 */
import { normalizeResourceId } from '../../arm/resource-id.js';
import type { Report } from '../../model/finding.js';
import type { InstanceView } from '../../model/view.js';
import { byStatusThenName, instanceSection, statusCounts } from './instance.js';
import { instanceModel } from './model.js';
import { renderHtmlDocument } from './page.js';
import { html } from './safe.js';

export interface HtmlReportOptions {
  toolVersion: string;
  /** When the report was made; shown in the subtitle. */
  generatedAt: Date;
  /** The views of the report's instances, when the caller still has them. */
  views?: readonly InstanceView[];
  /** What was checked, e.g. `examples/estate` or `subscription 3f2b…`. */
  source?: string;
  title?: string;
}

export function renderHtmlReport(report: Report, options: HtmlReportOptions): string {
  const views = new Map((options.views ?? []).map((v) => [normalizeResourceId(v.instance.id), v]));
  const viewOf = (id: string) => views.get(normalizeResourceId(id));
  const sections = [...report.instances].sort(byStatusThenName).map((i) => instanceSection(instanceModel(i, viewOf(i.id))));
  const n = report.summary.instances;
  const findings = Object.values(report.summary.findingsBySeverity).reduce((a, b) => a + b, 0);
  return renderHtmlDocument({
    title: options.title ?? 'API Management VNet check',
    subtitle: html`${n} ${n === 1 ? 'instance' : 'instances'}, ${findings} ${findings === 1 ? 'finding' : 'findings'}${options.source ? html` · ${options.source}` : ''} · ${options.generatedAt.toISOString().replace(/\.\d{3}Z$/, 'Z')} · apim-vnet-guard ${options.toolVersion}`,
    counts: statusCounts(report.summary.byStatus),
    sections,
    empty: 'The report holds no instance.',
  });
}
