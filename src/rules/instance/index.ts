import type { Rule } from '../rule.js';

export const instanceRules: readonly Rule[] = [];
