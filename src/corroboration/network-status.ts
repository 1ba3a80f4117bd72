/**
 * API Management's own connectivity probes (`networkstatus`), as evidence attached to a report after the
 * evaluation: the engine's verdict stays a pure function of the resources. Per finding: `confirmed` (the
 * mapped probe fails), `predicted` (the probe is fresh and succeeds: NSGs act on new connections, so the
 * break is not yet observed), `stale-probe` (`lastUpdated` older than twice the documented 15 minutes:
 * APIM lost connectivity to it) or `not-probed`. A failing required probe with no static finding at its
 * location becomes NETWORK_STATUS_FAILURE, naming the dependency and the error. Pure: `now` is given.
 */
import { statusOf, INSTANCE_LOCATION } from '../engine/evaluate.js';
import type { Finding, InstanceReport } from '../model/finding.js';
import type { ConnectivityProbe, Corroboration, LocationNetworkStatus } from '../model/network-status.js';

export type { ConnectivityProbe, Corroboration, CorroborationState, LocationNetworkStatus } from '../model/network-status.js';

/** The probe's `resourceType` → the static rules it corroborates (reference §3.5). */
export const PROBE_RULES: Readonly<Record<string, readonly string[]>> = {
  'apimanagement control plane - inbound': ['NSG_IN_MGMT_3443', 'RT_MGMT_RETURN_PATH'],
  blobstorage: ['NSG_OUT_STORAGE_443', 'RT_FT_SERVICE_ENDPOINTS', 'V2_NSG_OUT_STORAGE_443'],
  tablestorage: ['NSG_OUT_STORAGE_443', 'RT_FT_SERVICE_ENDPOINTS', 'V2_NSG_OUT_STORAGE_443'],
  queue: ['NSG_OUT_STORAGE_443', 'RT_FT_SERVICE_ENDPOINTS', 'V2_NSG_OUT_STORAGE_443'],
  filestorage: ['NSG_OUT_STORAGE_443', 'RT_FT_SERVICE_ENDPOINTS', 'V2_NSG_OUT_STORAGE_443'],
  smtpqueue: ['NSG_OUT_STORAGE_443'],
  sqldatabase: ['NSG_OUT_SQL_1433', 'RT_FT_SERVICE_ENDPOINTS'],
  azurekeyvault: ['NSG_OUT_KV_443', 'SUBNET_KV_SERVICE_ENDPOINT', 'V2_NSG_OUT_KV_443', 'V2_RT_KEY_VAULT'],
  monitoring: ['NSG_OUT_MONITOR'],
  metrics: ['NSG_OUT_MONITOR'],
  azureactivedirectory: ['NSG_OUT_OPTIONAL_AAD'],
  regionalazureactivedirectory: ['NSG_OUT_OPTIONAL_AAD'],
  internalcache: ['NSG_OUT_OPTIONAL_REDIS'],
};

/** Twice the documented 15-minute refresh. */
export const STALE_AFTER_MS = 30 * 60 * 1000;

export const NETWORK_STATUS_FAILURE = 'NETWORK_STATUS_FAILURE';
const DOCS = 'https://learn.microsoft.com/azure/api-management/virtual-network-reference';

export function corroborate(report: InstanceReport, statuses: readonly LocationNetworkStatus[], now: Date): InstanceReport {
  const byRegion = new Map(statuses.map((s) => [s.region, s]));
  const findings: Finding[] = report.findings.map((f) => ({ ...f, corroboration: corroborationOf(f, byRegion.get(f.location), now) }));
  for (const status of statuses) {
    for (const probe of status.probes) {
      if (probe.isOptional || probe.status.toLowerCase() !== 'failure') continue;
      const rules = PROBE_RULES[probe.resourceType.toLowerCase()] ?? [];
      const explained = findings.some((f) => f.location === status.region && rules.includes(f.ruleId) && f.ruleId !== NETWORK_STATUS_FAILURE);
      if (!explained) findings.push(failureFinding(report, status.region, probe));
    }
  }
  return { ...report, findings, status: statusOf(findings) };
}

function corroborationOf(f: Finding, status: LocationNetworkStatus | undefined, now: Date): Corroboration {
  if (f.location === INSTANCE_LOCATION || status === undefined) return { state: 'not-probed' };
  const probes = status.probes.filter((p) => (PROBE_RULES[p.resourceType.toLowerCase()] ?? []).includes(f.ruleId));
  if (probes.length === 0) return { state: 'not-probed' };
  const failing = probes.find((p) => p.status.toLowerCase() === 'failure');
  if (failing) return { state: 'confirmed', probe: probeOf(failing) };
  const stale = probes.find((p) => now.getTime() - Date.parse(p.lastUpdated) > STALE_AFTER_MS);
  if (stale) return { state: 'stale-probe', probe: probeOf(stale) };
  const fresh = probes.find((p) => p.status.toLowerCase() === 'success');
  return fresh ? { state: 'predicted', probe: probeOf(fresh) } : { state: 'not-probed' };
}

function probeOf(p: ConnectivityProbe): NonNullable<Corroboration['probe']> {
  const { name, resourceType, status, lastUpdated, lastStatusChange, isOptional } = p;
  return { name, resourceType, status, lastUpdated, lastStatusChange, isOptional, ...(p.error ? { error: p.error } : {}) };
}

function failureFinding(report: InstanceReport, region: string, probe: ConnectivityProbe): Finding {
  const error = probe.error ? `: ${probe.error}` : '';
  return {
    ruleId: NETWORK_STATUS_FAILURE,
    severity: 'breaks-now',
    location: region,
    resourceId: report.id,
    title: 'API Management reports a required dependency it cannot reach',
    message:
      `The instance's own connectivity probe to ${probe.resourceType} (${probe.name}) fails since ${probe.lastStatusChange}${error}. ` +
      'No static rule explains it: look at DNS, a firewall or appliance on the route, a private endpoint, an admin rule or the target side.',
    remediation: `Find what blocks ${probe.name} from the instance's subnet (DNS resolution, the next hop of its route, the target's firewall), then check the instance's network status again.`,
    docs: DOCS,
    evidence: { probe: probeOf(probe) },
    corroboration: { state: 'confirmed', probe: probeOf(probe) },
  };
}

/** One line for renderers, e.g. `confirmed: probe ApiManagement Control Plane - inbound fails (since …)`. */
export function corroborationText(c: Corroboration): string {
  const p = c.probe;
  switch (c.state) {
    case 'confirmed':
      return `confirmed by the instance's probe ${p!.resourceType} (${p!.status}, since ${p!.lastStatusChange}${p!.error ? `: ${p!.error}` : ''})`;
    case 'predicted':
      return `predicted, not yet observed: the instance's probe ${p!.resourceType} still succeeds (updated ${p!.lastUpdated}); NSGs act on new connections`;
    case 'stale-probe':
      return `confirmed (stale probe): ${p!.resourceType} was last updated ${p!.lastUpdated}, more than 30 minutes ago`;
    default:
      return 'not probed by the instance';
  }
}
