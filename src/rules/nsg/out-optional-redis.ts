import { DOCS } from '../docs.js';
import { defineRule, type RuleSubject, type Violation } from '../rule.js';
import { CLASSIC_BOTH_MODES } from './applies.js';
import { evaluateRequiredFlows, FLOW_REMEDIATION, flowMessages, flowViolation } from './flow-finding.js';
import { OPTIONAL_FLOWS, onPort, type RequiredFlow } from './required-flows.js';

interface CacheFeature {
  /** The feature's flow in each direction; Microsoft lists every one of them inbound and outbound. */
  flows: RequiredFlow[];
  ports: readonly number[];
  impact(blockedPorts: string): string;
}

/**
 * Reference §2.2 rows 11-13: the cache family, one rule because the three share a cause (VirtualNetwork traffic
 * on the cache ports) and a remedy; the message says which feature. One finding per feature and direction, each
 * listing the blocked ports, so a deny-all does not repeat itself for 6381, 6382 and 6383.
 */
const FEATURES: readonly CacheFeature[] = [
  {
    flows: [OPTIONAL_FLOWS.externalCacheIn, OPTIONAL_FLOWS.externalCacheOut],
    ports: [6380],
    impact: () => 'If the instance uses an external Azure Cache for Redis, the gateway cannot reach it on port 6380 and the caching policies that use it fail.',
  },
  {
    flows: [OPTIONAL_FLOWS.cacheSyncIn, OPTIONAL_FLOWS.cacheSyncOut],
    ports: [6381, 6382, 6383],
    impact: (ports) => `The gateway machines cannot sync their internal cache with each other (blocked ports ${ports}), so cached responses differ from machine to machine.`,
  },
  {
    flows: [OPTIONAL_FLOWS.rateLimitSyncIn, OPTIONAL_FLOWS.rateLimitSyncOut],
    ports: [4290],
    impact: () => 'The gateway machines cannot sync rate-limit counters with each other, so each machine counts on its own and rate limits let more calls through than configured.',
  },
];

export const nsgOutOptionalRedis = defineRule({
  meta: {
    id: 'NSG_OUT_OPTIONAL_REDIS',
    severity: 'degraded',
    title: 'The NSG lets the gateway reach an external cache and sync its cache and rate-limit counters within the virtual network',
    appliesTo: CLASSIC_BOTH_MODES,
    docs: DOCS.networkReference,
    messages: flowMessages('{{impact}} An optional feature, so reported as degraded, not breaking.'),
    remediation: FLOW_REMEDIATION,
  },
  check(subject: RuleSubject): Violation[] {
    return FEATURES.flatMap((feature) =>
      feature.flows.flatMap((base) => {
        const flows = feature.ports.map((port) => onPort(base, port, base.label));
        const failing = evaluateRequiredFlows(subject, flows).filter((o) => o.verdict.outcome !== 'allowed');
        const first = failing[0];
        if (!first) return [];
        const ports = failing.map((o) => o.flow.port).join(', ');
        const violation = flowViolation(first, {
          data: { ports, impact: feature.impact(ports) },
          evidence: { failingPorts: failing.map((o) => o.flow.port) },
          alsoFixes: failing.map((o) => o.flow),
        });
        return violation ? [violation] : [];
      }),
    );
  },
});
