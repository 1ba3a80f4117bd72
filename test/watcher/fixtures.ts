/** Small builders for watcher and state tests: reports, findings and changes in the domain model. */
import { TableClient } from '@azure/data-tables';
import { randomBytes } from 'node:crypto';
import type { Finding, InstanceReport, InstanceStatus } from '../../src/model/finding.js';
import type { Severity } from '../../src/model/severity.js';
import { ensureStateTables, stateTableNames, type StateTables } from '../../src/state/table-state-store.js';
import type { ChangeRecord, EvaluationResult } from '../../src/watcher/ports.js';

export const SUB = '00000000-0000-0000-0000-000000000001';

export function apimId(name: string, sub = SUB, rg = 'rg-apim'): string {
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ApiManagement/service/${name}`;
}

export function nsgId(name: string, sub = SUB): string {
  return `/subscriptions/${sub}/resourceGroups/rg-net/providers/Microsoft.Network/networkSecurityGroups/${name}`;
}

export function finding(ruleId: string, severity: Severity = 'breaks-now', resourceId = nsgId('nsg-a'), location = 'westeurope'): Finding {
  return {
    ruleId,
    severity,
    location,
    resourceId,
    title: `${ruleId} title`,
    message: `${ruleId} message`,
    remediation: 'fix it',
    docs: 'https://learn.microsoft.com/',
    evidence: { decidingRule: 'DenyAll' },
  };
}

export function report(id: string, status: InstanceStatus, findings: Finding[] = []): InstanceReport {
  return {
    id,
    name: id.split('/').pop()!,
    sku: 'Premium',
    capacity: 1,
    platform: 'stv2',
    networkMode: 'External',
    locations: ['westeurope'],
    status,
    findings,
  };
}

export function result(r: InstanceReport, at: string, changes: ChangeRecord[] = []): EvaluationResult {
  return { report: r, observedAt: at, evaluatedAt: at, trigger: 'event', changes };
}

export function change(eventId: string, resourceId: string, time: string, upn = 'alice@contoso.com'): ChangeRecord {
  return { eventId, resourceId, operation: 'Microsoft.Network/networkSecurityGroups/securityRules/delete', caller: { upn }, time };
}

/** Fresh tables with a unique prefix on the Azurite of the test run. */
export async function freshTables(connectionString: string): Promise<{ tables: StateTables; prefix: string }> {
  const prefix = `t${randomBytes(6).toString('hex')}`;
  const names = stateTableNames(prefix);
  const open = (name: string) => TableClient.fromConnectionString(connectionString, name, { allowInsecureConnection: true });
  const tables = { instances: open(names.instances), index: open(names.index), events: open(names.events) };
  await ensureStateTables(tables);
  return { tables, prefix };
}

export function at(seconds: number): string {
  return new Date(Date.UTC(2026, 0, 1, 12, 0, 0) + seconds * 1000).toISOString();
}

/** A Microsoft.Resources.* event in the Event Grid schema, as the subscription system topic sends it. */
export function resourceEvent(options: {
  id: string;
  resourceId: string;
  operationName: string;
  verb?: 'write' | 'delete' | 'action';
  time?: string;
  upn?: string;
}): Record<string, unknown> {
  const sub = options.resourceId.split('/')[2]!;
  const verb = options.verb ?? (options.operationName.endsWith('/delete') ? 'delete' : options.operationName.endsWith('/action') ? 'action' : 'write');
  const eventType = { delete: 'Microsoft.Resources.ResourceDeleteSuccess', write: 'Microsoft.Resources.ResourceWriteSuccess', action: 'Microsoft.Resources.ResourceActionSuccess' }[verb];
  return {
    id: options.id,
    topic: `/subscriptions/${sub}`,
    subject: options.resourceId,
    eventType,
    eventTime: options.time ?? new Date().toISOString(),
    dataVersion: '2',
    metadataVersion: '1',
    data: {
      authorization: { scope: options.resourceId, action: options.operationName },
      claims: {
        'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': options.upn ?? 'alice@contoso.com',
        name: 'Alice',
        appid: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c',
        aud: 'https://management.core.windows.net/',
        ipaddr: '203.0.113.7',
      },
      correlationId: `corr-${options.id}`,
      httpRequest: { clientRequestId: 'x', clientIpAddress: '203.0.113.7', method: { delete: 'DELETE', write: 'PUT', action: 'POST' }[verb], url: `https://management.azure.com${options.resourceId}?api-version=2024-05-01` },
      resourceProvider: 'Microsoft.Network',
      resourceUri: options.resourceId,
      operationName: options.operationName,
      status: 'Succeeded',
      subscriptionId: sub,
      tenantId: '00000000-0000-0000-0000-0000000000aa',
    },
  };
}

/** Telemetry that records what the watcher reports, to count evaluations and transitions. */
export function recordingTelemetry() {
  const metrics: Array<{ name: string; value: number; properties?: Record<string, string> }> = [];
  const events: Array<{ name: string; properties?: Record<string, string>; measurements?: Record<string, number> }> = [];
  return {
    metrics,
    events,
    event(name: string, properties?: Record<string, string>, measurements?: Record<string, number>) {
      events.push({ name, ...(properties ? { properties } : {}), ...(measurements ? { measurements } : {}) });
    },
    metric(name: string, value: number, properties?: Record<string, string>) {
      metrics.push({ name, value, ...(properties ? { properties } : {}) });
    },
    async flush() {},
    /** Sum of a metric, optionally only where a property has a value. */
    sum(name: string, where: Record<string, string> = {}) {
      return metrics
        .filter((m) => m.name === name && Object.entries(where).every(([k, v]) => m.properties?.[k] === v))
        .reduce((s, m) => s + m.value, 0);
    },
  };
}
