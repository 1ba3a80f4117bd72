import type { Rule } from '../rule.js';

export const dnsRules: readonly Rule[] = [];
