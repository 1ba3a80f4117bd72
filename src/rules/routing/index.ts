import type { Rule } from '../rule.js';

export const routingRules: readonly Rule[] = [];
