import type { Rule } from '../rule.js';
import { dnsCustomMustResolveAzure } from './dns-custom-must-resolve-azure.js';

export const dnsRules: readonly Rule[] = [dnsCustomMustResolveAzure];
