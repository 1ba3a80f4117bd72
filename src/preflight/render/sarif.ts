/**
 * SARIF for a pre-flight: only what the change introduces, as results of the project's SARIF
 * renderer (same rules, levels and fingerprints as `check`), each located in the change document
 * and naming the change item that introduces it.
 */
import { normalizeResourceId } from '../../arm/resource-id.js';
import { buildReport } from '../../engine/report.js';
import type { InstanceReport, InstanceStatus } from '../../model/finding.js';
import { renderSarif, type SarifOptions } from '../../report/sarif.js';
import type { PreflightResult } from '../preflight.js';

export interface PreflightSarifOptions extends SarifOptions {
  /** Where the change document is, as a URI relative to the working directory. */
  changeArtifact?: string;
}

export function renderPreflightSarif(result: PreflightResult, options: PreflightSarifOptions): string {
  const changed = new Set(result.instances.flatMap((i) => i.changedResources.map(normalizeResourceId)));
  const instances: InstanceReport[] = result.instances
    .filter((i) => i.introduced.length > 0)
    .map((i) => ({
      id: i.id,
      name: i.name,
      sku: '',
      capacity: 0,
      platform: '',
      networkMode: '',
      locations: [],
      status: (i.after.status === 'absent' ? 'unknown' : i.after.status) as InstanceStatus,
      findings: i.introduced.map((f) => ({
        ...f,
        message: f.change !== undefined ? `${f.message} (introduced by ${f.change})` : f.message,
        evidence: { ...f.evidence, change: f.change ?? null, changedResource: f.changedResource ?? null, moment: f.moment },
      })),
    }));
  const artifactOf = (id: string) =>
    options.changeArtifact !== undefined && changed.has(normalizeResourceId(id)) ? options.changeArtifact : (options.artifactOf?.(id) ?? options.changeArtifact);
  return renderSarif(buildReport(instances), { ...options, artifactOf });
}
