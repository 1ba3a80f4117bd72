/**
 * The rule catalogue: every rule the engine runs, by family. A family's index lists its modules.
 */
import type { Rule } from './rule.js';
import { dnsRules } from './dns/index.js';
import { instanceRules } from './instance/index.js';
import { multiRegionRules } from './multi-region/index.js';
import { nsgRules } from './nsg/index.js';
import { publicIpRules } from './public-ip/index.js';
import { routingRules } from './routing/index.js';
import { subnetRules } from './subnet/index.js';
import { v2Rules } from './v2/index.js';

export const RULES: readonly Rule[] = [
  ...instanceRules,
  ...subnetRules,
  ...nsgRules,
  ...publicIpRules,
  ...routingRules,
  ...multiRegionRules,
  ...dnsRules,
  ...v2Rules,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
