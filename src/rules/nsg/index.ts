import type { Rule } from '../rule.js';

export const nsgRules: readonly Rule[] = [];
