import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { CLASSIC_BOTH_MODES } from './applies.js';
import { checkFlows, FLOW_REMEDIATION, flowMessages } from './flow-finding.js';
import { REQUIRED_FLOWS } from './required-flows.js';

/** Reference §2.2 row 4; the flow goes to the location's regional Storage tag, so `Storage.<Region>` satisfies it. */
export const nsgOutStorage443 = defineRule({
  meta: {
    id: 'NSG_OUT_STORAGE_443',
    severity: 'breaks-now',
    title: 'The NSG lets the gateway reach Azure Storage on TCP 443',
    appliesTo: CLASSIC_BOTH_MODES,
    docs: DOCS.networkReference,
    messages: flowMessages('The gateway loses its Azure Storage dependency (configuration, developer portal content) and stops working.'),
    remediation: FLOW_REMEDIATION,
  },
  check: (subject) => checkFlows(subject, [REQUIRED_FLOWS.storage]),
});
