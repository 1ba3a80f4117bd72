/**
 * The rule catalogue as a document: what the tool checks, for `apim-vnet-guard rules` and the README.
 */
import { REGIME_WORDS } from '../model/mode.js';
import type { Rule, RuleMeta } from '../rules/rule.js';

const classic = (meta: RuleMeta) => meta.appliesTo.regimes.includes('classic');

export type CatalogueFormat = 'markdown' | 'json';

export interface CatalogueEntry {
  id: string;
  severity: string;
  title: string;
  appliesTo: string;
  docs: string;
}

export function catalogueEntries(rules: readonly Rule[]): CatalogueEntry[] {
  return rules.map(({ meta }) => ({
    id: meta.id,
    severity: meta.severity,
    title: meta.title,
    appliesTo: [
      meta.appliesTo.regimes.map((r) => REGIME_WORDS[r]).join('/'),
      // Platforms and modes are classic notions; a v2 regime names its tier and mode already.
      classic(meta) ? meta.appliesTo.platforms.filter((p) => p === 'stv1' || p === 'stv2').join('+') : '',
      classic(meta) ? (meta.appliesTo.modes.length === 2 ? 'External+Internal' : meta.appliesTo.modes.join('')) : '',
      meta.appliesTo.scope === 'location' ? 'each location' : 'instance',
    ]
      .filter(Boolean)
      .join(', '),
    docs: meta.docs,
  }));
}

export function renderCatalogue(rules: readonly Rule[], format: CatalogueFormat): string {
  const entries = catalogueEntries(rules);
  if (format === 'json') return `${JSON.stringify(entries, null, 2)}\n`;
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const rows = entries.map((e) => `| \`${e.id}\` | ${e.severity} | ${cell(e.title)} | ${cell(e.appliesTo)} | [Learn](${e.docs}) |`);
  return ['| Rule | Default severity | Checks that | Applies to | Source |', '|---|---|---|---|---|', ...rows, ''].join('\n');
}
