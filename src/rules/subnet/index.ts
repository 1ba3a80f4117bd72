import type { Rule } from '../rule.js';
import { nsgExists } from './nsg-exists.js';
import { subnetCapacityClassic } from './subnet-capacity.js';
import { subnetDedicatedStv1 } from './subnet-dedicated-stv1.js';
import { subnetExists } from './subnet-exists.js';
import { subnetMinSizeClassic } from './subnet-min-size.js';
import { subnetNoDelegation } from './subnet-no-delegation.js';
import { subnetNoServiceEndpointPolicy } from './subnet-no-service-endpoint-policy.js';
import { subnetNsgAttachedStv1 } from './subnet-nsg-attached-stv1.js';
import { subnetNsgAttachedClassic } from './subnet-nsg-attached.js';
import { subnetSameRegion } from './subnet-same-region.js';
import { subnetSameSubscription } from './subnet-same-subscription.js';

export const subnetRules: readonly Rule[] = [
  subnetExists,
  subnetSameSubscription,
  subnetSameRegion,
  subnetNoDelegation,
  subnetDedicatedStv1,
  subnetMinSizeClassic,
  subnetCapacityClassic,
  subnetNsgAttachedClassic,
  subnetNsgAttachedStv1,
  subnetNoServiceEndpointPolicy,
  nsgExists,
];
