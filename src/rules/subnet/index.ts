import type { Rule } from '../rule.js';

export const subnetRules: readonly Rule[] = [];
