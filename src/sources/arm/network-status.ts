/**
 * `networkStatus.listByService` of one instance: its connectivity probes per location, as API Management
 * reports them. Locations come back as display names (`West Europe`) and are normalized with the one region
 * helper; the raw body is read (not the SDK's Date-typed model) and validated here.
 */
import type { FullOperationResponse } from '@azure/core-client';
import { parseResourceId } from '../../arm/resource-id.js';
import type { ConnectivityProbe, LocationNetworkStatus } from '../../model/network-status.js';
import { normalizeRegion } from '../../model/region.js';
import type { ArmConnection } from './connection.js';

export async function readNetworkStatus(connection: ArmConnection, instanceId: string): Promise<LocationNetworkStatus[]> {
  const id = parseResourceId(instanceId);
  let raw: string | undefined;
  const client = await connection.apimClient(id.subscriptionId);
  await client.networkStatus.listByService(id.resourceGroup!, id.segments[0]!.name, { onResponse: (r: FullOperationResponse) => (raw = r.bodyAsText ?? undefined) });
  return parseNetworkStatus(JSON.parse(raw ?? 'null') as unknown, instanceId);
}

/** The `listByService` body → per-location probes; throws naming the instance and the spot when it is not that shape. */
export function parseNetworkStatus(body: unknown, instanceId: string): LocationNetworkStatus[] {
  const fail = (where: string): never => {
    throw new Error(`networkstatus of ${instanceId}: ${where} is not as documented`);
  };
  if (!Array.isArray(body)) return fail('the body');
  return body.map((entry: unknown, i) => {
    const e = entry as { location?: unknown; networkStatus?: { dnsServers?: unknown; connectivityStatus?: unknown } } | null;
    if (typeof e?.location !== 'string' || !Array.isArray(e.networkStatus?.connectivityStatus)) return fail(`[${i}]`);
    const probes = (e.networkStatus.connectivityStatus as unknown[]).map((p: unknown, j): ConnectivityProbe => {
      const c = p as Record<string, unknown> | null;
      const text = (k: string) => (typeof c?.[k] === 'string' ? (c[k] as string) : fail(`[${i}].networkStatus.connectivityStatus[${j}].${k}`));
      const probe: ConnectivityProbe = {
        name: text('name'),
        status: text('status'),
        lastUpdated: text('lastUpdated'),
        lastStatusChange: text('lastStatusChange'),
        resourceType: text('resourceType'),
        isOptional: c?.isOptional === true,
      };
      if (typeof c?.error === 'string' && c.error !== '') probe.error = c.error;
      return probe;
    });
    const dns = e.networkStatus.dnsServers;
    return { region: normalizeRegion(e.location), dnsServers: Array.isArray(dns) ? dns.filter((d): d is string => typeof d === 'string') : [], probes };
  });
}
