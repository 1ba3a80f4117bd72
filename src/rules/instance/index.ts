import type { Rule } from '../rule.js';
import { apimPlatformDetermined } from './apim-platform-determined.js';
import { apimPlatformNotStv1 } from './apim-platform-not-stv1.js';
import { apimSkuSupportsInjection } from './apim-sku-supports-injection.js';
import { regimeNotCovered } from './regime-not-covered.js';
import { resourceUnreadable } from './resource-unreadable.js';

export const instanceRules: readonly Rule[] = [
  apimSkuSupportsInjection,
  apimPlatformNotStv1,
  apimPlatformDetermined,
  regimeNotCovered,
  resourceUnreadable,
];
