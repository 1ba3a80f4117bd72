/** Reports, findings and settings for the alert tests. */
import type { Finding, InstanceReport, InstanceStatus } from '../../src/model/finding.js';
import type { AlertLogger, AlertSettings, Attribution } from '../../src/alerts/types.js';
import { defaultAlertSettings } from '../../src/alerts/routing.js';

export const SUB = '00000000-0000-0000-0000-000000000001';
export const RG = `/subscriptions/${SUB}/resourceGroups/rg-net`;
export const INSTANCE_ID = `/subscriptions/${SUB}/resourceGroups/rg-apim/providers/Microsoft.ApiManagement/service/apim-prod-weu`;
export const NSG_ID = `${RG}/providers/Microsoft.Network/networkSecurityGroups/nsg-apim-weu`;
export const RULE_ID = `${NSG_ID}/securityRules/AllowApimManagement`;
export const ROUTE_TABLE_ID = `${RG}/providers/Microsoft.Network/routeTables/rt-apim-weu`;

export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'NSG_INBOUND_MANAGEMENT',
    severity: 'breaks-on-apply',
    location: 'westeurope',
    resourceId: NSG_ID,
    title: 'Management endpoint reachable from ApiManagement',
    message: 'Inbound TCP 3443 from ApiManagement is denied by rule DenyAllInbound (priority 200).',
    remediation: 'Add an inbound rule allowing ApiManagement → VirtualNetwork on TCP 3443 with a priority below 200.',
    docs: 'https://learn.microsoft.com/azure/api-management/api-management-using-with-vnet#configure-nsg-rules',
    evidence: { decidingRule: { name: 'DenyAllInbound', priority: 200, access: 'Deny', isDefault: false } },
    ...overrides,
  };
}

export const ROUTE_FINDING = finding({
  ruleId: 'RT_FORCED_TUNNEL_MANAGEMENT',
  severity: 'breaks-now',
  resourceId: ROUTE_TABLE_ID,
  title: 'Management traffic goes to the Internet',
  message: 'The route 0.0.0.0/0 sends management traffic to a virtual appliance.',
  remediation: 'Add a route ApiManagement → Internet.',
  docs: 'https://learn.microsoft.com/azure/api-management/virtual-network-reference',
  evidence: { decidingRoute: { name: 'default-to-fw', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.0.4' } },
});

export const DEGRADED_FINDING = finding({
  ruleId: 'NSG_OUTBOUND_MONITOR',
  severity: 'degraded',
  title: 'Azure Monitor reachable',
  message: 'Outbound TCP 443 to AzureMonitor is denied.',
  evidence: {},
});

export const UNREADABLE_FINDING = finding({
  ruleId: 'RESOURCE_UNREADABLE',
  severity: 'info',
  title: 'Resource could not be read',
  message: 'The network security group nsg-apim-weu could not be read (403).',
  evidence: {},
});

export function report(status: InstanceStatus, findings: Finding[] = [], overrides: Partial<InstanceReport> = {}): InstanceReport {
  return {
    id: INSTANCE_ID,
    name: 'apim-prod-weu',
    sku: 'Premium',
    capacity: 2,
    platform: 'stv2.1',
    networkMode: 'Internal',
    locations: ['westeurope', 'northeurope'],
    status,
    findings,
    ...overrides,
  };
}

export const CHANGE: Attribution = {
  caller: { name: 'Jane Doe', upn: 'jane.doe@contoso.com' },
  operation: 'Microsoft.Network/networkSecurityGroups/securityRules/delete',
  resourceId: RULE_ID,
  time: '2025-05-01T14:03:27Z',
  correlationId: '6f1c0f0e-0000-4000-8000-000000000000',
};

export const T0 = new Date('2025-05-01T14:05:00Z');
export function minutesAfter(date: Date, minutes: number): Date {
  return new Date(date.getTime() + minutes * 60_000);
}

export function settings(overrides: Partial<AlertSettings> = {}): AlertSettings {
  return defaultAlertSettings(overrides);
}

/** A logger that keeps every line, to assert on. */
export function captureLogger(): AlertLogger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (message: string, properties?: Record<string, unknown>) => {
    lines.push(`${level} ${message} ${properties ? JSON.stringify(properties) : ''}`);
  };
  return { lines, info: log('info'), warn: log('warn'), error: log('error') };
}
