/**
 * An APIM instance (one `Microsoft.ApiManagement/service`) and its locations.
 */

export type NetworkMode = 'None' | 'External' | 'Internal';

/** `stv2` covers `stv2` and `stv2.1`; `undetermined` means the compute is not deployed yet. */
export type Platform = 'stv1' | 'stv2' | 'mtv1' | 'undetermined';

/** Which injection regime applies (reference §1.0). Only `classic` has rules today. */
export type Regime = 'classic' | 'v2' | 'none';

export interface ApimLocation {
  /** Normalized region (`westeurope`), used for every comparison. */
  region: string;
  /** Region as Azure returned it (`West Europe`), for messages. */
  displayName: string;
  isPrimary: boolean;
  /** 0 for the primary, 1.. for `additionalLocations[i-1]`. */
  index: number;
  subnetId?: string;
  publicIpAddressId?: string;
  zones: string[];
  skuName: string;
  capacity: number;
  platform: Platform;
  /** As Azure returned it (`stv2.1`), for messages. */
  platformVersion: string;
  disableGateway: boolean;
}

export interface ApimInstance {
  id: string;
  name: string;
  /** Normalized region of the primary location. */
  region: string;
  skuName: string;
  capacity: number;
  platform: Platform;
  platformVersion: string;
  networkMode: NetworkMode;
  tags: Record<string, string>;
  /** Primary first, then `additionalLocations` in order. */
  locations: ApimLocation[];
}
