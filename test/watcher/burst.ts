/**
 * The burst of the issue: N events touching 50 NSGs shared by 200 instances (four per NSG), as a
 * deployment produces them (rule writes and deletes, NSG writes). Shared by the burst test and the
 * benchmark (bench/watcher.ts).
 */
import type { ArmResource } from '../../src/arm/arm-resource.js';
import { syntheticEstate } from '../support/synthetic-estate.js';
import { resourceEvent } from './fixtures.js';

export interface BurstEstate {
  resources: ArmResource[];
  instances: string[];
  nsgs: string[];
}

export function burstEstate(options: { instances?: number; instancesPerNsg?: number } = {}): BurstEstate {
  const resources = syntheticEstate({ instances: options.instances ?? 200, subscriptions: 1, nsgRules: 9, routes: 0, instancesPerNsg: options.instancesPerNsg ?? 4 });
  const ids = (type: string) => resources.filter((r) => r.type === type).map((r) => r.id);
  return { resources, instances: ids('Microsoft.ApiManagement/service'), nsgs: ids('Microsoft.Network/networkSecurityGroups') };
}

const RULES = ['AllowApiManagementInbound', 'AllowClientHttpsInbound', 'AllowStorageOutbound', 'AllowSqlOutbound', 'in-app-0001'];

/** `count` distinct events, round-robin over the NSGs, a millisecond apart. */
export function burstEvents(nsgs: readonly string[], count: number, start = Date.UTC(2026, 0, 1, 12)): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => {
    const nsg = nsgs[i % nsgs.length]!;
    const kind = i % 3;
    const rule = `${nsg}/securityRules/${RULES[i % RULES.length]}`;
    const time = new Date(start + i).toISOString();
    const id = `burst-${i}`;
    if (kind === 0) return resourceEvent({ id, resourceId: nsg, operationName: 'Microsoft.Network/networkSecurityGroups/write', time });
    if (kind === 1) return resourceEvent({ id, resourceId: rule, operationName: 'Microsoft.Network/networkSecurityGroups/securityRules/delete', time });
    return resourceEvent({ id, resourceId: rule, operationName: 'Microsoft.Network/networkSecurityGroups/securityRules/write', time });
  });
}
