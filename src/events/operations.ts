/**
 * The one list of ARM operations the watcher understands. The Event Grid subscription's filter in
 * infra/ is checked against this list by the tests, so that infra and code cannot drift apart.
 */
import { RESOURCE_TYPES } from '../arm/resource-id.js';

export type WatchedKind = 'apim' | 'virtualNetwork' | 'subnet' | 'networkSecurityGroup' | 'securityRule' | 'routeTable' | 'route' | 'publicIp';

export interface WatchedOperation {
  /** `data.operationName` of a Microsoft.Resources.* event, e.g. `Microsoft.Network/networkSecurityGroups/write`. */
  operationName: string;
  kind: WatchedKind;
  verb: 'write' | 'delete';
}

const KINDS: WatchedKind[] = ['apim', 'virtualNetwork', 'subnet', 'networkSecurityGroup', 'securityRule', 'routeTable', 'route', 'publicIp'];

export const WATCHED_OPERATIONS: readonly WatchedOperation[] = KINDS.flatMap((kind) =>
  (['write', 'delete'] as const).map((verb) => ({ operationName: `${RESOURCE_TYPES[kind]}/${verb}`, kind, verb })),
);

const BY_NAME = new Map(WATCHED_OPERATIONS.map((o) => [o.operationName.toLowerCase(), o]));

/** The watched operation for an `operationName`, compared case-insensitively; undefined when not watched. */
export function watchedOperation(operationName: string | undefined): WatchedOperation | undefined {
  return operationName ? BY_NAME.get(operationName.toLowerCase()) : undefined;
}

/** The watched kind of a resource type (`Microsoft.Network/networkSecurityGroups/securityRules` → securityRule). */
export function watchedKindOfType(type: string | undefined): WatchedKind | undefined {
  if (!type) return undefined;
  const t = type.toLowerCase();
  return KINDS.find((k) => RESOURCE_TYPES[k].toLowerCase() === t);
}
