import type { Rule } from '../rule.js';
import { v2NoMultiRegion } from './v2-no-multi-region.js';
import { v2NoPublicIp } from './v2-no-public-ip.js';
import { v2NsgAttached } from './v2-nsg-attached.js';
import { v2NsgOutKv443 } from './v2-nsg-out-kv-443.js';
import { v2NsgOutStorage443 } from './v2-nsg-out-storage-443.js';
import { v2RtKeyVault } from './v2-rt-key-vault.js';
import { v2SameRegion } from './v2-same-region.js';
import { v2SameSubscription } from './v2-same-subscription.js';
import { v2SkuVnet } from './v2-sku-vnet.js';
import { v2SubnetDedicated } from './v2-subnet-dedicated.js';
import { v2SubnetExists } from './v2-subnet-exists.js';
import { v2SubnetMin27 } from './v2-subnet-min-27.js';
import { v2SubnetRecommended24 } from './v2-subnet-recommended-24.js';
import { v2InjCapacity } from './v2inj-capacity.js';
import { v2InjCustomDnsKv } from './v2inj-custom-dns-kv.js';
import { v2InjDelegation } from './v2inj-delegation.js';
import { v2IntDelegation } from './v2int-delegation.js';

/** The v2 tiers (apim-v2-rules.md §2): outbound VNet integration and Premium v2 VNet injection. */
export const v2Rules: readonly Rule[] = [
  v2SkuVnet,
  v2NoPublicIp,
  v2NoMultiRegion,
  v2SubnetExists,
  v2SameSubscription,
  v2SameRegion,
  v2IntDelegation,
  v2InjDelegation,
  v2SubnetDedicated,
  v2SubnetMin27,
  v2SubnetRecommended24,
  v2InjCapacity,
  v2NsgAttached,
  v2NsgOutKv443,
  v2NsgOutStorage443,
  v2RtKeyVault,
  v2InjCustomDnsKv,
];
