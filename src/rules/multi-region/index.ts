import type { Rule } from '../rule.js';
import { azPremiumOnly } from './az-premium-only.js';
import { azUnitsMultiple } from './az-units-multiple.js';
import { mrEveryLocationInjected } from './mr-every-location-injected.js';
import { mrPremiumOnly } from './mr-premium-only.js';

/** Multi-region and availability zones (reference §1.1 G). MR_LOCATION_SUBNET_REGION is SUBNET_SAME_REGION, run per location. */
export const multiRegionRules: readonly Rule[] = [mrPremiumOnly, mrEveryLocationInjected, azPremiumOnly, azUnitsMultiple];
