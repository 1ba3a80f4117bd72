import type { Rule } from '../rule.js';
import { pipDnsLabel } from './pip-dns-label.js';
import { pipExists } from './pip-exists.js';
import { pipIpv4 } from './pip-ipv4.js';
import { pipPerLocation } from './pip-per-location.js';
import { pipRoutingPrefMsft } from './pip-routing-pref.js';
import { pipSameRegion } from './pip-same-region.js';
import { pipSameSubscription } from './pip-same-subscription.js';
import { pipSkuStandard } from './pip-sku-standard.js';
import { pipStatic } from './pip-static.js';
import { pipTierRegional } from './pip-tier-regional.js';
import { pipZoneRedundantWithAz } from './pip-zone-redundant.js';

export const publicIpRules: readonly Rule[] = [
  pipExists,
  pipSkuStandard,
  pipIpv4,
  pipStatic,
  pipTierRegional,
  pipSameRegion,
  pipSameSubscription,
  pipDnsLabel,
  pipRoutingPrefMsft,
  pipZoneRedundantWithAz,
  pipPerLocation,
];
