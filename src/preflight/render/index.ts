/** The output formats of a pre-flight, by name. Renderers are pure: a result in, a string out. */
import type { PreflightResult } from '../preflight.js';
import { renderPreflightJson } from './json.js';
import { renderPreflightMarkdown } from './markdown.js';
import { renderPreflightSarif, type PreflightSarifOptions } from './sarif.js';
import { renderPreflightText } from './text.js';

import type { PreflightFormat } from './formats.js';

export { PREFLIGHT_FORMATS, type PreflightFormat } from './formats.js';

export function renderPreflight(result: PreflightResult, format: PreflightFormat, options: PreflightSarifOptions): string {
  switch (format) {
    case 'text':
      return renderPreflightText(result);
    case 'json':
      return renderPreflightJson(result, options.toolVersion);
    case 'sarif':
      return renderPreflightSarif(result, options);
    case 'markdown':
      return renderPreflightMarkdown(result);
  }
}
