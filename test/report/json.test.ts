import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/engine/report.js';
import { renderJson, toJsonReport } from '../../src/report/json.js';
import { GLOBAL_ID, INSTANCES, NSG_NEU, PASSING_ID, sampleReport, UNKNOWN_ID } from './sample-report.js';

describe('json format', () => {
  it('names the mode of a v2 instance in words', () => {
    const [instance] = INSTANCES;
    const v2 = buildReport([
      { ...instance!, sku: 'StandardV2', networkMode: 'External' },
      { ...instance!, id: `${instance!.id}-inj`, sku: 'PremiumV2', networkMode: 'Internal' },
    ]);
    const out = toJsonReport(v2, { toolVersion: '1.2.3' });
    expect(out.instances.map((i) => i.mode)).toEqual(['outbound VNet integration', 'VNet injection']);
  });

  it('lists instances by id with the documented fields and every finding field', () => {
    const out = JSON.parse(renderJson(sampleReport(), { toolVersion: '1.2.3' }));
    expect(out.tool).toEqual({ name: 'apim-vnet-guard', version: '1.2.3' });
    expect(out.instances.map((i: { id: string }) => i.id)).toEqual([GLOBAL_ID, PASSING_ID, UNKNOWN_ID]);
    const global = out.instances[0];
    expect(Object.keys(global)).toEqual(['id', 'name', 'sku', 'capacity', 'platform', 'networkMode', 'mode', 'locations', 'status', 'findings']);
    expect(global).toMatchObject({ name: 'apim-global', sku: 'Premium', capacity: 2, platform: 'stv2', networkMode: 'External', mode: 'External VNet', status: 'fail' });
    expect(global.findings[0]).toEqual({
      ruleId: 'NSG_IN_MGMT_3443',
      severity: 'breaks-now',
      location: 'northeurope',
      resourceId: NSG_NEU,
      title: 'Title of NSG_IN_MGMT_3443',
      message: 'Inbound ApiManagement → VirtualNetwork TCP 3443 is denied by DenyAllInBound (65500).',
      remediation: 'Remediation of NSG_IN_MGMT_3443',
      docs: 'https://learn.microsoft.com/azure/api-management/virtual-network-reference',
      evidence: { decidingRule: 'DenyAllInBound', priority: 65500 },
    });
    expect(global.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual([
      'NSG_IN_MGMT_3443',
      'PIP_SKU_STANDARD',
      'SUBNET_HEADROOM',
      'MR_INTERNAL_ROUTING_OWNED',
    ]);
  });

  it('carries the summary counts', () => {
    const out = toJsonReport(sampleReport(), { toolVersion: '0' });
    expect(out.summary.instances).toBe(3);
    expect(out.summary.byStatus).toMatchObject({ fail: 1, pass: 1, unknown: 1, warn: 0 });
    expect(out.summary.findingsBySeverity).toMatchObject({ 'breaks-now': 1, 'breaks-on-apply': 1, degraded: 1, recommendation: 1, info: 1 });
  });

  it('renders the same bytes whatever order the instances were evaluated in', () => {
    const forward = renderJson(buildReport(structuredClone(INSTANCES)), { toolVersion: '1' });
    const backward = renderJson(buildReport(structuredClone(INSTANCES).reverse()), { toolVersion: '1' });
    expect(backward).toBe(forward);
    expect(forward.endsWith('}\n')).toBe(true);
  });
});
