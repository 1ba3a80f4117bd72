import type { ApimInstance, ApimLocation } from './instance.js';
import type { NetworkSecurityGroup, PublicIpAddress, RouteTable, Subnet, VirtualNetwork } from './network.js';

/**
 * The outcome of reading one dependency. `missing` means Azure answered 404 (deleted while referenced);
 * `unreadable` means we could not tell (absent from a snapshot, 403, retries exhausted) and the
 * instance must end `unknown`, never `pass` and never a false `fail`.
 */
export type Lookup<T> =
  | { state: 'found'; id: string; resource: T }
  /** `notInParent`: the VNet was read and lists no such subnet (rather than Azure answering 404). */
  | { state: 'missing'; id: string; notInParent?: boolean }
  | { state: 'unreadable'; id: string; reason: string; cause?: UnreadableCause };

/**
 * Why a resource could not be read; each has its own message and fix (RESOURCE_UNREADABLE).
 * - `not-in-snapshot`: an estate file was read and simply does not hold it;
 * - `input-error`: it, or a file that may hold it, was rejected as malformed (named in the reason);
 * - `forbidden`: Azure answered 403;
 * - `read-failed`: throttling, timeouts, or anything else that left the read without an answer.
 */
export type UnreadableCause = 'not-in-snapshot' | 'input-error' | 'forbidden' | 'read-failed';

/** What is needed of another instance that shares a subnet or public IP with this one. */
export interface Neighbour {
  instanceId: string;
  instanceName: string;
  region: string;
  skuName: string;
  capacity: number;
  networkMode: string;
}

/** One location of an instance with everything it depends on, as read at one moment. */
export interface LocationView {
  location: ApimLocation;
  subnet?: Lookup<Subnet>;
  virtualNetwork?: Lookup<VirtualNetwork>;
  networkSecurityGroup?: Lookup<NetworkSecurityGroup>;
  routeTable?: Lookup<RouteTable>;
  publicIp?: Lookup<PublicIpAddress>;
  /**
   * NSGs of the estate that could be attached to the subnet: same subscription and region as its
   * VNet, attached to nothing (no subnet or network interface). Remediations name them.
   */
  unattachedNetworkSecurityGroups?: NetworkSecurityGroup[];
  /** Other APIM instance locations placed in the same subnet (for capacity and stv1 dedication). */
  subnetNeighbours: Neighbour[];
  /** Other APIM instance locations that reference the same public IP. */
  publicIpNeighbours: Neighbour[];
}

export interface InstanceView {
  instance: ApimInstance;
  locations: LocationView[];
}

export function found<T>(lookup: Lookup<T> | undefined): T | undefined {
  return lookup?.state === 'found' ? lookup.resource : undefined;
}
