/**
 * The appliesTo blocks of the v2 family. The regime names the tier and mode, so the v2 rules run on every
 * platform value: `platformVersion` is not documented for the v2 tiers (apim-v2-rules.md §1).
 */
import { ALL_PLATFORMS, BOTH_MODES, V2_REGIMES } from '../applies.js';
import { DOCS } from '../docs.js';
import type { RuleMeta } from '../rule.js';

type AppliesTo = RuleMeta['appliesTo'];

/** Outbound integration and injection alike, once per location. */
export const V2_LOCATION: AppliesTo = { regimes: V2_REGIMES, platforms: ALL_PLATFORMS, modes: BOTH_MODES, scope: 'location' };
export const V2_INSTANCE: AppliesTo = { ...V2_LOCATION, scope: 'instance' };
/** Standard v2 or Premium v2 with virtualNetworkType External. */
export const V2_INTEGRATION_LOCATION: AppliesTo = { ...V2_LOCATION, regimes: ['v2-integration'], modes: ['External'] };
/** Premium v2 with virtualNetworkType Internal. */
export const V2_INJECTION_LOCATION: AppliesTo = { ...V2_LOCATION, regimes: ['v2-injection'], modes: ['Internal'] };

/** A rule of both v2 modes cites the integration page; an injected instance is sent to the injection page. */
export const V2_DOCS_BY_REGIME: RuleMeta['docsByRegime'] = { 'v2-injection': DOCS.v2Injection };
