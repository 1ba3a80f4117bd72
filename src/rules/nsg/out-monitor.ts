import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { CLASSIC_BOTH_MODES } from './applies.js';
import { checkFlows, FLOW_REMEDIATION, flowMessages } from './flow-finding.js';
import { REQUIRED_FLOWS } from './required-flows.js';

/** Reference §2.2 row 10: required (bold) since the 2025 docs, on both 1886 and 443; one finding per port. */
export const nsgOutMonitor = defineRule({
  meta: {
    id: 'NSG_OUT_MONITOR',
    severity: 'breaks-now',
    title: 'The NSG lets the gateway reach Azure Monitor on TCP 1886 and 443',
    appliesTo: CLASSIC_BOTH_MODES,
    docs: DOCS.networkReference,
    messages: flowMessages(
      'Diagnostic logs, metrics and Resource Health stop flowing on port {{port}}; the 2025 docs mark this flow as required (older docs called it optional).',
    ),
    remediation: FLOW_REMEDIATION,
  },
  check: (subject) => checkFlows(subject, [REQUIRED_FLOWS.monitor1886, REQUIRED_FLOWS.monitor443]),
});
