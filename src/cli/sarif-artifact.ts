/**
 * A live check has no estate file for SARIF results to point at, and GitHub code scanning refuses a
 * result without a physical location (see src/report/sarif.ts). The resources read are written
 * beside the SARIF as one JSON file, and each result points at its resource's line in it.
 */
import { normalizeResourceId } from '../arm/resource-id.js';
import type { ArmResource } from '../arm/arm-resource.js';
import type { Report } from '../model/finding.js';
import { safeJson } from '../output/safe-text.js';
import type { SarifArtifact } from '../report/sarif.js';

export interface CompanionArtifact {
  /** The file's text: a JSON array of resources, one per element. */
  text: string;
  /** Resource id (normalized) → its line in the text. */
  lines: Map<string, number>;
}

/** The resources read, then a stub `{ "id" }` for each resource of a finding that was not read (a 404, a 403). */
export function companionArtifact(report: Report, resources: readonly ArmResource[]): CompanionArtifact {
  const elements: Array<{ id: string } & Record<string, unknown>> = [...resources];
  const known = new Set(resources.map((r) => normalizeResourceId(r.id)));
  for (const instance of report.instances) {
    for (const id of [instance.id, ...instance.findings.map((f) => f.resourceId)]) {
      const key = normalizeResourceId(id);
      if (!known.has(key)) {
        known.add(key);
        elements.push({ id, note: 'not read: see the SARIF result for why' });
      }
    }
  }
  const lines = new Map<string, number>();
  const parts: string[] = [];
  let line = 2; // line 1 is "["
  for (const element of elements) {
    const text = safeJson(element, 2).replace(/^/gm, '  ');
    if (!lines.has(normalizeResourceId(element.id))) lines.set(normalizeResourceId(element.id), line);
    parts.push(text);
    line += text.split('\n').length;
  }
  return { text: `[\n${parts.join(',\n')}\n]\n`, lines };
}

/** artifactOf over the companion file, `uri` as SARIF writes it. */
export function companionArtifactOf(artifact: CompanionArtifact, uri: string): (resourceId: string) => SarifArtifact | undefined {
  return (id) => {
    const line = artifact.lines.get(normalizeResourceId(id));
    return line === undefined ? undefined : { uri, line, column: 3 };
  };
}

/** `apim.sarif` → `apim.resources.json`; stdout → `apim-vnet-guard.resources.json`. */
export function companionPath(output: string | undefined): string {
  if (output === undefined || output === '-') return 'apim-vnet-guard.resources.json';
  return `${output.replace(/\.sarif(\.json)?$/i, '')}.resources.json`;
}
