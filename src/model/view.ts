import type { ApimInstance, ApimLocation } from './instance.js';
import type { EffectiveAdminRules, NetworkSecurityGroup, PublicIpAddress, RouteTable, Subnet, VirtualNetwork } from './network.js';

/**
 * The outcome of reading one dependency. `missing` means Azure answered 404 (deleted while referenced);
 * `unreadable` means we could not tell (absent from a snapshot, 403, retries exhausted) and the
 * instance must end `unknown`, never `pass` and never a false `fail`.
 */
export type Lookup<T> =
  | { state: 'found'; id: string; resource: T }
  | { state: 'missing'; id: string }
  | { state: 'unreadable'; id: string; reason: string };

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
   * The effective security admin rules of the subnet's VNet (Virtual Network Manager), evaluated before
   * the NSG. Undefined when the source does not provide them (an estate file without them): no admin layer.
   */
  adminRules?: Lookup<EffectiveAdminRules>;
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
