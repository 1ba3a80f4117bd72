/** The appliesTo values the rule families share, named once. */
import type { NetworkMode, Platform, Regime } from '../model/instance.js';

type InjectedMode = Exclude<NetworkMode, 'None'>;

export const BOTH_MODES: InjectedMode[] = ['External', 'Internal'];

/** Every platform value: for facts of the request itself (tier, locations) that hold whatever the compute. */
export const ALL_PLATFORMS: Platform[] = ['stv2', 'stv1', 'mtv1', 'undetermined'];

/**
 * Platforms of classic injection. `undetermined` is a location whose compute is not deployed yet; every new
 * deployment lands on stv2 (stv1 is retired), so it is held to the stv2 requirements rather than skipped:
 * that is when a prerequisite still can be fixed before the apply fails. The NSG family decides the same.
 */
export const CLASSIC_PLATFORMS: Platform[] = ['stv2', 'stv1', 'undetermined'];

/** Rules stated only for stv2 (and so for locations about to be deployed). */
export const STV2_PLATFORMS: Platform[] = ['stv2', 'undetermined'];

/** Both v2 regimes with a subnet: outbound integration (Standard v2, Premium v2) and injection (Premium v2). */
export const V2_REGIMES: Regime[] = ['v2-integration', 'v2-injection'];
