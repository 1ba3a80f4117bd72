/** The output formats of a report, by name. Renderers are pure: a report in, a string out. */
import type { Report } from '../model/finding.js';
import type { InstanceView } from '../model/view.js';
import type { RuleMeta } from '../rules/rule.js';
import { renderHtmlReport } from './html/report.js';
import { renderJson } from './json.js';
import { renderSarif, type SarifOptions } from './sarif.js';
import { renderText } from './text.js';

import type { Format } from './formats.js';

export { FORMATS, isFormat, type Format } from './formats.js';

export interface RenderOptions {
  color: boolean;
  toolVersion: string;
  rules: readonly RuleMeta[];
  artifactOf?: SarifOptions['artifactOf'];
  notifications?: SarifOptions['notifications'];
  /** html: the views the report was evaluated on (the NSG rules beside each verdict). */
  views?: readonly InstanceView[];
  /** html: when the report was made (the real clock when absent). */
  now?: Date;
  /** html: what was checked, for the page's subtitle. */
  source?: string;
}

export function renderReport(report: Report, format: Format, options: RenderOptions): string {
  switch (format) {
    case 'text':
      return renderText(report, { color: options.color });
    case 'json':
      return renderJson(report, { toolVersion: options.toolVersion, ...(options.notifications ? { notifications: options.notifications } : {}) });
    case 'sarif':
      return renderSarif(report, options);
    case 'html':
      return renderHtmlReport(report, {
        toolVersion: options.toolVersion,
        generatedAt: options.now ?? new Date(),
        ...(options.views ? { views: options.views } : {}),
        ...(options.source ? { source: options.source } : {}),
      });
  }
}
