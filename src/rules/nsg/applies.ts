/** The appliesTo blocks of the NSG and routing families, built from the shared values in src/rules/applies.ts. */
import { BOTH_MODES, CLASSIC_PLATFORMS, STV2_PLATFORMS } from '../applies.js';
import type { RuleMeta } from '../rule.js';

type AppliesTo = RuleMeta['appliesTo'];

export const CLASSIC_BOTH_MODES: AppliesTo = { regimes: ['classic'], platforms: CLASSIC_PLATFORMS, modes: BOTH_MODES, scope: 'location' };
export const CLASSIC_EXTERNAL: AppliesTo = { ...CLASSIC_BOTH_MODES, modes: ['External'] };
export const CLASSIC_STV2_BOTH_MODES: AppliesTo = { ...CLASSIC_BOTH_MODES, platforms: STV2_PLATFORMS };
export const CLASSIC_STV1_BOTH_MODES: AppliesTo = { ...CLASSIC_BOTH_MODES, platforms: ['stv1'] };
