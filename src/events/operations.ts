/**
 * The one list of ARM operations the watcher understands. The Event Grid subscription's filter in
 * infra/ is checked against this list by the tests, so that infra and code cannot drift apart.
 */
import { RESOURCE_TYPES } from '../arm/resource-id.js';

export type WatchedKind = 'apim' | 'virtualNetwork' | 'subnet' | 'networkSecurityGroup' | 'securityRule' | 'routeTable' | 'route' | 'publicIp' | 'networkManager';

export interface WatchedOperation {
  /** `data.operationName` of a Microsoft.Resources.* event, e.g. `Microsoft.Network/networkSecurityGroups/write`. */
  operationName: string;
  /** The type of the resource the operation names (an action's name has the action after the type). */
  resourceType: string;
  kind: WatchedKind;
  /** `action`: a POST (Microsoft.Resources.ResourceActionSuccess); only the resources topic reports those. */
  verb: 'write' | 'delete' | 'action';
}

const KINDS = ['apim', 'virtualNetwork', 'subnet', 'networkSecurityGroup', 'securityRule', 'routeTable', 'route', 'publicIp'] as const;

/**
 * A Virtual Network Manager commit deploys security admin configurations to regions: the effective admin
 * rules of every VNet in the manager's scope may change (writes to the rules alone change nothing until then).
 */
export const NETWORK_MANAGER_COMMIT = `${RESOURCE_TYPES.networkManager}/commit/action`;

export const WATCHED_OPERATIONS: readonly WatchedOperation[] = [
  ...KINDS.flatMap((kind) =>
    (['write', 'delete'] as const).map((verb) => ({ operationName: `${RESOURCE_TYPES[kind]}/${verb}`, resourceType: RESOURCE_TYPES[kind], kind, verb })),
  ),
  { operationName: NETWORK_MANAGER_COMMIT, resourceType: RESOURCE_TYPES.networkManager, kind: 'networkManager', verb: 'action' },
];

const BY_NAME = new Map(WATCHED_OPERATIONS.map((o) => [o.operationName.toLowerCase(), o]));

/** The watched operation for an `operationName`, compared case-insensitively; undefined when not watched. */
export function watchedOperation(operationName: string | undefined): WatchedOperation | undefined {
  return operationName ? BY_NAME.get(operationName.toLowerCase()) : undefined;
}

/** The watched kind of a resource type (`Microsoft.Network/networkSecurityGroups/securityRules` → securityRule). */
export function watchedKindOfType(type: string | undefined): WatchedKind | undefined {
  if (!type) return undefined;
  const t = type.toLowerCase();
  // Resource types of the write/delete operations only: Resource Notifications carry no actions.
  return KINDS.find((k) => RESOURCE_TYPES[k].toLowerCase() === t);
}
