import type { Rule } from '../rule.js';

export const multiRegionRules: readonly Rule[] = [];
