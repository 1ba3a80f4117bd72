/** The output formats of a report, by name. Renderers are pure: a report in, a string out. */
import type { Report } from '../model/finding.js';
import type { RuleMeta } from '../rules/rule.js';
import { renderJson } from './json.js';
import { renderSarif, type SarifOptions } from './sarif.js';
import { renderText } from './text.js';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

export interface RenderOptions {
  color: boolean;
  toolVersion: string;
  rules: readonly RuleMeta[];
  artifactOf?: SarifOptions['artifactOf'];
  notifications?: SarifOptions['notifications'];
}

export function renderReport(report: Report, format: Format, options: RenderOptions): string {
  switch (format) {
    case 'text':
      return renderText(report, { color: options.color });
    case 'json':
      return renderJson(report, { toolVersion: options.toolVersion, ...(options.notifications ? { notifications: options.notifications } : {}) });
    case 'sarif':
      return renderSarif(report, options);
  }
}
