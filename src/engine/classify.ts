import type { ApimInstance, Platform, Regime } from '../model/instance.js';
import { isTier, isV2Tier } from '../model/mode.js';

type Classified = Pick<ApimInstance, 'skuName' | 'networkMode'> & { locations: ReadonlyArray<{ isPrimary: boolean; subnetId?: string }> };

/**
 * Which regime applies (apim-v2-rules.md §1, apim-injection-rules.md §1.0). A v2 instance is classified by
 * its tier and `virtualNetworkType` and only then checked for its delegation: classifying by the delegation
 * would make a wrong or missing delegation undetectable.
 */
export function regimeOf(instance: Classified): Regime {
  if (instance.networkMode === 'None') return 'none';
  if (!isV2Tier(instance.skuName)) return 'classic';
  // ARM refuses these: Basic v2 has no VNet features, and only Premium v2 can be injected.
  if (isTier(instance.skuName, 'BasicV2')) return 'v2-unsupported';
  if (instance.networkMode === 'Internal' && !isTier(instance.skuName, 'PremiumV2')) return 'v2-unsupported';
  // External or Internal without a subnet is documented nowhere for v2.
  if (instance.locations.find((l) => l.isPrimary)?.subnetId === undefined) return 'not-covered';
  return instance.networkMode === 'Internal' ? 'v2-injection' : 'v2-integration';
}

/** `stv2` and `stv2.1` are one platform for the rules. */
export function platformOf(platformVersion: string | undefined): Platform {
  const v = (platformVersion ?? '').toLowerCase();
  if (v === 'stv1') return 'stv1';
  if (v.startsWith('stv2')) return 'stv2';
  if (v === 'mtv1') return 'mtv1';
  if (v === '' || v === 'undetermined') return 'undetermined';
  return 'stv2';
}
