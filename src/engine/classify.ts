import type { ApimInstance, Platform, Regime } from '../model/instance.js';

const V2_SKUS = new Set(['basicv2', 'standardv2', 'premiumv2']);

/** Reference §1.0: which injection regime applies to an instance. */
export function regimeOf(instance: Pick<ApimInstance, 'skuName' | 'networkMode'>): Regime {
  if (instance.networkMode === 'None') return 'none';
  if (V2_SKUS.has(instance.skuName.toLowerCase())) return 'v2';
  return 'classic';
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
