import type { Rule } from '../rule.js';

export const publicIpRules: readonly Rule[] = [];
