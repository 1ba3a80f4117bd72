/**
 * The v2 tiers and the words for an instance's virtual network mode, in one place: the classifier
 * (src/engine/classify.ts) decides by these tiers, and every output (text, JSON, SARIF, cards, e-mails)
 * names the mode with these words.
 */
import type { Regime } from './instance.js';

const V2_TIERS = new Set(['basicv2', 'standardv2', 'premiumv2']);

/** `BasicV2`, `StandardV2`, `PremiumV2` in any case. */
export function isV2Tier(skuName: string): boolean {
  return V2_TIERS.has(skuName.toLowerCase());
}

export function isTier(skuName: string, tier: 'StandardV2' | 'PremiumV2' | 'BasicV2'): boolean {
  return skuName.toLowerCase() === tier.toLowerCase();
}

/**
 * The mode in words from the tier and `virtualNetworkType` alone (what an alert or report has):
 * `External VNet` / `Internal VNet` for the classic tiers (Microsoft's names for them), `outbound VNet
 * integration` / `VNet injection` for the v2 tiers, `no VNet` without one.
 */
export function modeInWords(skuName: string, networkMode: string): string {
  if (networkMode === '' || networkMode.toLowerCase() === 'none') return 'no VNet';
  if (!isV2Tier(skuName)) return `${networkMode} VNet`;
  return networkMode.toLowerCase() === 'internal' ? 'VNet injection' : 'outbound VNet integration';
}

/** The regimes a rule applies to, in words (rule catalogue, SARIF rule descriptions). */
export const REGIME_WORDS: Record<Regime, string> = {
  classic: 'classic',
  'v2-integration': 'v2 outbound integration',
  'v2-injection': 'v2 injection',
  'v2-unsupported': 'v2 tier with an unsupported mode',
  'not-covered': 'undocumented combination',
  none: 'no VNet',
};
