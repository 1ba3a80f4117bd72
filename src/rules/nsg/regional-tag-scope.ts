import type { Severity } from '../../model/severity.js';
import { DOCS } from '../docs.js';
import { defineRule, type RuleSubject, type Violation } from '../rule.js';
import { CLASSIC_BOTH_MODES } from './applies.js';
import { evaluateRequiredFlows, FLOW_REMEDIATION, flowMessages, flowViolation } from './flow-finding.js';
import { OPTIONAL_FLOWS, REQUIRED_FLOWS, toPrimaryRegion, type RequiredFlow } from './required-flows.js';

/**
 * Reference §6 item 4: an additional location whose NSG uses regional tags must also allow the PRIMARY region's
 * Storage and EventHub tags (Sql is NSG_OUT_SQL_1433's, which always checks the primary's Sql). Reported only
 * when the location's own regional tag is allowed and the primary's is not, so it never repeats NSG_OUT_STORAGE_443.
 */
const SCOPED: Array<{ service: string; flows: RequiredFlow[]; severity: Severity }> = [
  { service: 'Storage', flows: [REQUIRED_FLOWS.storage], severity: 'breaks-now' },
  // Event Hubs serve an optional feature (log-to-eventhub), hence degraded.
  { service: 'EventHub', flows: [OPTIONAL_FLOWS.eventHub5671, OPTIONAL_FLOWS.eventHub5672, OPTIONAL_FLOWS.eventHub443], severity: 'degraded' },
];

export const nsgRegionalTagScope = defineRule({
  meta: {
    id: 'NSG_REGIONAL_TAG_SCOPE',
    severity: 'breaks-now',
    title: "An additional location's NSG allows the primary region's regional service tags too",
    appliesTo: CLASSIC_BOTH_MODES,
    docs: DOCS.networkReference,
    messages: flowMessages(
      "The NSG allows {{ownTag}} but every location also needs the primary location's {{service}} ({{primaryTag}}).",
    ),
    remediation: FLOW_REMEDIATION,
  },
  check(subject: RuleSubject): Violation[] {
    if (!subject.location || subject.location.location.isPrimary) return [];
    return SCOPED.flatMap(({ service, flows, severity }) =>
      flows.flatMap((flow) => {
        const [own, primary] = evaluateRequiredFlows(subject, [flow, toPrimaryRegion(flow, service)]);
        if (!own || !primary || own.verdict.outcome !== 'allowed') return [];
        const ownTag = flow.remoteTag(own.target);
        const primaryTag = primary.required.remoteTag(primary.target);
        if (ownTag.toLowerCase() === primaryTag.toLowerCase()) return [];
        const v = flowViolation(primary, { severity, data: { service, ownTag, primaryTag } });
        return v ? [v] : [];
      }),
    );
  },
});
