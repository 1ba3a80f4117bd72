/**
 * An APIM instance (one `Microsoft.ApiManagement/service`) and its locations.
 */

export type NetworkMode = 'None' | 'External' | 'Internal';

/** `stv2` covers `stv2` and `stv2.1`; `undetermined` means the compute is not deployed yet. */
export type Platform = 'stv1' | 'stv2' | 'mtv1' | 'undetermined';

/**
 * How an instance uses its virtual network, as src/engine/classify.ts decides it from the tier and
 * `virtualNetworkType` (apim-v2-rules.md §1; apim-injection-rules.md §1.0). Every rule names the regimes it
 * applies to, so no rule asks the tier inside its check.
 * - `classic`: Developer, Premium (and any other non-v2 tier, which APIM_SKU_SUPPORTS_INJECTION refuses);
 * - `v2-integration`: Standard v2 or Premium v2, External, with a subnet (outbound VNet integration);
 * - `v2-injection`: Premium v2, Internal, with a subnet (VNet injection);
 * - `v2-unsupported`: a v2 tier with a mode ARM refuses (Basic v2 with a VNet, Standard v2 Internal);
 * - `not-covered`: a v2 tier with External or Internal but no subnet, which no page documents;
 * - `none`: no virtual network.
 */
export type Regime = 'classic' | 'v2-integration' | 'v2-injection' | 'v2-unsupported' | 'not-covered' | 'none';

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
