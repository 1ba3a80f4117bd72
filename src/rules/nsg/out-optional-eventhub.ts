import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { CLASSIC_BOTH_MODES } from './applies.js';
import { checkFlows, FLOW_REMEDIATION, flowMessages } from './flow-finding.js';
import { OPTIONAL_FLOWS } from './required-flows.js';

/**
 * Reference §2.2 row 9: Event Hubs on 5671, 5672 and 443, to the location's regional tag (an additional location's
 * need of the primary's tag is NSG_REGIONAL_TAG_SCOPE's). One finding per port, as NSG_OUT_MONITOR.
 */
export const nsgOutOptionalEventHub = defineRule({
  meta: {
    id: 'NSG_OUT_OPTIONAL_EVENTHUB',
    severity: 'degraded',
    title: 'The NSG lets the gateway reach Azure Event Hubs on TCP 5671, 5672 and 443 (log-to-eventhub)',
    appliesTo: CLASSIC_BOTH_MODES,
    docs: DOCS.networkReference,
    messages: flowMessages(
      'If the instance logs to Event Hubs (the log-to-eventhub policy), those events are not delivered on port {{port}}. An optional feature, so reported as degraded, not breaking.',
    ),
    remediation: FLOW_REMEDIATION,
  },
  check: (subject) => checkFlows(subject, [OPTIONAL_FLOWS.eventHub5671, OPTIONAL_FLOWS.eventHub5672, OPTIONAL_FLOWS.eventHub443]),
});
