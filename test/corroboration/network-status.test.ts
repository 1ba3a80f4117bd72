/**
 * Corroboration by API Management's own probes: attached after the evaluation, per finding; a failing
 * required probe with a static pass becomes NETWORK_STATUS_FAILURE. Shown in text, JSON, SARIF, cards, e-mails.
 */
import { describe, expect, it } from 'vitest';
import { decideAlerts } from '../../src/alerts/policy.js';
import { buildCard } from '../../src/alerts/render/card.js';
import { buildEmail } from '../../src/alerts/render/email.js';
import { corroborate, type LocationNetworkStatus } from '../../src/corroboration/network-status.js';
import { evaluateInstance } from '../../src/engine/evaluate.js';
import { buildReport } from '../../src/engine/report.js';
import { renderReport } from '../../src/report/index.js';
import { RULES } from '../../src/rules/catalogue.js';
import { parseNetworkStatus } from '../../src/sources/arm/network-status.js';
import { nsgRules, viewWith } from '../rules/nsg/nsg-views.js';
import { buildView } from '../support/view-builder.js';

const NOW = new Date('2023-06-08T16:45:00Z');
// The verbatim example of the REST spec (3 of its 17 entries), with a display-name location.
const example = (overrides: { status?: string; lastUpdated?: string; error?: string } = {}, blob: { status?: string; isOptional?: boolean } = {}) => [
  {
    location: 'West Europe',
    networkStatus: {
      dnsServers: ['168.63.129.16'],
      connectivityStatus: [
        { name: 'apimstm5lkXXXXX4kky0.blob.core.windows.net', status: blob.status ?? 'success', error: blob.status === 'failure' ? 'Connection timed out' : '', lastUpdated: '2023-06-08T16:39:33.9426753Z', lastStatusChange: '2023-05-25T03:53:44.1786214Z', resourceType: 'BlobStorage', isOptional: blob.isOptional ?? false },
        { name: 'https://apikv-XXXXXXurugl3.vault.azure.net', status: 'success', error: '', lastUpdated: '2023-06-08T16:40:17.3447288Z', lastStatusChange: '2023-06-02T06:54:45.7125288Z', resourceType: 'AzureKeyVault', isOptional: false },
        {
          name: 'https://samir-XXXXXXX.management.azure-api.net:3443/servicestatus?api-version=2018-01-01',
          status: overrides.status ?? 'success',
          error: overrides.error ?? '',
          lastUpdated: overrides.lastUpdated ?? '2023-06-08T16:42:10.3954682Z',
          lastStatusChange: '2023-06-08T16:42:10.3954682Z',
          resourceType: 'ApiManagement Control Plane - inbound',
          isOptional: false,
        },
      ],
    },
  },
];
const statuses = (...args: Parameters<typeof example>): LocationNetworkStatus[] => parseNetworkStatus(example(...args), 'apim-a');
const broken = () => evaluateInstance(viewWith(nsgRules({ without: ['AllowApimManagement'] })), RULES);
const mgmt = (r: ReturnType<typeof corroborate>) => r.findings.find((f) => f.ruleId === 'NSG_IN_MGMT_3443')!;

describe('parseNetworkStatus', () => {
  it('normalizes display-name locations with the region helper', () => {
    expect(statuses()[0]).toMatchObject({ region: 'westeurope', dnsServers: ['168.63.129.16'] });
    expect(statuses()[0]!.probes.map((p) => p.resourceType)).toEqual(['BlobStorage', 'AzureKeyVault', 'ApiManagement Control Plane - inbound']);
  });
  it('rejects a body that is not the documented shape, naming where', () => {
    expect(() => parseNetworkStatus({}, 'apim-a')).toThrow('networkstatus of apim-a: the body is not as documented');
    expect(() => parseNetworkStatus([{ location: 'x', networkStatus: { connectivityStatus: [{ name: 1 }] } }], 'apim-a')).toThrow('[0].networkStatus.connectivityStatus[0].name');
  });
});

describe('corroborate', () => {
  it('a static fail and a failing probe: confirmed', () => {
    const r = corroborate(broken(), statuses({ status: 'failure', error: 'Timeout' }), NOW);
    expect(mgmt(r).corroboration).toMatchObject({ state: 'confirmed', probe: { resourceType: 'ApiManagement Control Plane - inbound', error: 'Timeout' } });
  });
  it('a static fail and a fresh success: predicted (NSGs act on new connections)', () => {
    expect(mgmt(corroborate(broken(), statuses(), NOW)).corroboration?.state).toBe('predicted');
  });
  it('a static fail and a probe not updated for over 30 minutes: stale probe', () => {
    expect(mgmt(corroborate(broken(), statuses({ lastUpdated: '2023-06-08T16:00:00Z' }), NOW)).corroboration?.state).toBe('stale-probe');
  });
  it('findings no probe maps to, or no status for the location: not probed', () => {
    const r = corroborate(broken(), [], NOW);
    expect(mgmt(r).corroboration).toEqual({ state: 'not-probed' });
  });
  it('a static pass and a failing required probe: NETWORK_STATUS_FAILURE naming the dependency and the error', () => {
    const pass = evaluateInstance(buildView(), RULES);
    expect(pass.status).toBe('pass');
    const r = corroborate(pass, statuses({}, { status: 'failure' }), NOW);
    expect(r.status).toBe('fail');
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ ruleId: 'NETWORK_STATUS_FAILURE', severity: 'breaks-now', location: 'westeurope', corroboration: { state: 'confirmed' } });
    expect(r.findings[0]!.message).toContain('BlobStorage (apimstm5lkXXXXX4kky0.blob.core.windows.net)');
    expect(r.findings[0]!.message).toContain('Connection timed out');
  });
  it('a failing optional probe, or one a static finding already explains, adds nothing', () => {
    const pass = evaluateInstance(buildView(), RULES);
    expect(corroborate(pass, statuses({}, { status: 'failure', isOptional: true }), NOW).findings).toEqual([]);
    const r = corroborate(broken(), statuses({ status: 'failure' }), NOW);
    expect(r.findings.filter((f) => f.ruleId === 'NETWORK_STATUS_FAILURE')).toEqual([]);
  });
  it('leaves the engine verdict alone: without corroboration the report has no such field', () => {
    expect(broken().findings.every((f) => f.corroboration === undefined)).toBe(true);
  });
});

describe('corroboration in every output', () => {
  const report = buildReport([corroborate(broken(), statuses({ status: 'failure', error: 'Timeout' }), NOW)]);
  const options = { color: false, toolVersion: '0.0.0', rules: RULES.map((r) => r.meta) };

  it('text, JSON and SARIF', () => {
    expect(renderReport(report, 'text', options)).toContain("Probe: confirmed by the instance's probe ApiManagement Control Plane - inbound (failure, since 2023-06-08T16:42:10.3954682Z: Timeout)");
    const json = JSON.parse(renderReport(report, 'json', options)) as { instances: Array<{ findings: Array<{ ruleId: string; corroboration?: { state: string } }> }> };
    expect(json.instances[0]!.findings.find((f) => f.ruleId === 'NSG_IN_MGMT_3443')!.corroboration?.state).toBe('confirmed');
    const sarif = JSON.parse(renderReport(report, 'sarif', options)) as { runs: Array<{ results: Array<{ ruleId: string; properties: { corroboration?: { state: string } } }> }> };
    expect(sarif.runs[0]!.results.find((r) => r.ruleId === 'NSG_IN_MGMT_3443')!.properties.corroboration?.state).toBe('confirmed');
  });

  it('Teams cards and e-mails', () => {
    const decision = decideAlerts({
      report: report.instances[0]!,
      previous: undefined,
      channels: [{ name: 'ops', minSeverity: 'breaks-on-apply' }],
      changes: [],
      now: NOW,
      options: { unknownAfterMinutes: 0, subjectPrefix: '[apim-vnet-guard]', reminderIntervalMinutes: 60 },
    });
    const alert = decision.alerts[0]!;
    expect(JSON.stringify(buildCard(alert))).toContain("confirmed by the instance's probe ApiManagement Control Plane - inbound");
    const mail = buildEmail(alert);
    expect(mail.text).toContain("Probe: confirmed by the instance's probe");
    expect(mail.html).toContain('<b>Probe:</b> confirmed by the instance&#39;s probe');
  });
});
