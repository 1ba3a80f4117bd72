/** A small hand-made report: one failing two-region instance, one passing, one unknown. */
import { buildReport } from '../../src/engine/report.js';
import type { Finding, InstanceReport, Report } from '../../src/model/finding.js';
import type { RuleMeta } from '../../src/rules/rule.js';

const SUB = '6c1e9f3a-2b7d-4c85-9e10-5f4a3b2c1d0e';
export const GLOBAL_ID = `/subscriptions/${SUB}/resourceGroups/rg-apim/providers/Microsoft.ApiManagement/service/apim-global`;
export const PASSING_ID = `/subscriptions/${SUB}/resourceGroups/rg-apim/providers/Microsoft.ApiManagement/service/apim-ok`;
export const UNKNOWN_ID = `/subscriptions/${SUB}/resourceGroups/rg-apim/providers/Microsoft.ApiManagement/service/apim-unknown`;
export const NSG_NEU = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/networkSecurityGroups/nsg-neu`;
export const PIP_WEU = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/publicIPAddresses/pip-weu`;
export const SUBNET_WEU = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-weu/subnets/snet-apim`;

export function finding(partial: Partial<Finding> & Pick<Finding, 'ruleId' | 'severity' | 'location' | 'resourceId'>): Finding {
  return {
    title: `Title of ${partial.ruleId}`,
    message: `Message of ${partial.ruleId}`,
    remediation: `Remediation of ${partial.ruleId}`,
    docs: 'https://learn.microsoft.com/azure/api-management/virtual-network-reference',
    evidence: {},
    ...partial,
  };
}

export const GLOBAL_FINDINGS: Finding[] = [
  finding({
    ruleId: 'NSG_IN_MGMT_3443',
    severity: 'breaks-now',
    location: 'northeurope',
    resourceId: NSG_NEU,
    message: 'Inbound ApiManagement → VirtualNetwork TCP 3443 is denied by DenyAllInBound (65500).',
    evidence: { decidingRule: 'DenyAllInBound', priority: 65500 },
  }),
  finding({ ruleId: 'PIP_SKU_STANDARD', severity: 'breaks-on-apply', location: 'westeurope', resourceId: PIP_WEU }),
  finding({ ruleId: 'SUBNET_HEADROOM', severity: 'recommendation', location: 'westeurope', resourceId: SUBNET_WEU }),
  finding({ ruleId: 'MR_INTERNAL_ROUTING_OWNED', severity: 'degraded', location: 'instance', resourceId: GLOBAL_ID }),
];

const base = { sku: 'Premium', capacity: 2, platform: 'stv2', networkMode: 'External' };

export const INSTANCES: InstanceReport[] = [
  { ...base, id: PASSING_ID, name: 'apim-ok', locations: ['westeurope'], status: 'pass', findings: [] },
  { ...base, id: GLOBAL_ID, name: 'apim-global', locations: ['westeurope', 'northeurope'], status: 'fail', findings: GLOBAL_FINDINGS },
  {
    ...base,
    id: UNKNOWN_ID,
    name: 'apim-unknown',
    locations: ['westeurope'],
    status: 'unknown',
    findings: [
      finding({ ruleId: 'RESOURCE_UNREADABLE', severity: 'info', location: 'westeurope', resourceId: SUBNET_WEU, title: 'Every resource could be read', docs: '' }),
    ],
  },
];

export function sampleReport(): Report {
  return buildReport(structuredClone(INSTANCES));
}

export const SAMPLE_RULES: RuleMeta[] = [
  meta('NSG_IN_MGMT_3443', 'breaks-now'),
  meta('PIP_SKU_STANDARD', 'breaks-on-apply'),
  meta('SUBNET_HEADROOM', 'recommendation'),
  meta('MR_INTERNAL_ROUTING_OWNED', 'degraded'),
];

function meta(id: string, severity: RuleMeta['severity']): RuleMeta {
  return {
    id,
    severity,
    title: `Title of ${id}`,
    appliesTo: { regimes: ['classic'], platforms: ['stv2'], modes: ['External', 'Internal'], scope: 'location' },
    docs: `https://learn.microsoft.com/azure/api-management/${id.toLowerCase()}`,
    messages: { default: 'x' },
    remediation: { default: 'y' },
  };
}
