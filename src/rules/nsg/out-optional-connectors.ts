import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { CLASSIC_BOTH_MODES } from './applies.js';
import { checkFlows, FLOW_REMEDIATION, flowMessages } from './flow-finding.js';
import { OPTIONAL_FLOWS } from './required-flows.js';

/** Reference §2.2 row 6: managed connections of the credential manager, an optional feature. */
export const nsgOutOptionalConnectors = defineRule({
  meta: {
    id: 'NSG_OUT_OPTIONAL_CONNECTORS',
    severity: 'degraded',
    title: 'The NSG lets the gateway reach Azure connectors on TCP 443 (managed connections)',
    appliesTo: CLASSIC_BOTH_MODES,
    docs: DOCS.networkReference,
    messages: flowMessages(
      'Managed connections (credential manager) stop working if the instance uses them: policies that get tokens from them fail. An optional feature, so reported as degraded, not breaking.',
    ),
    remediation: FLOW_REMEDIATION,
  },
  check: (subject) => checkFlows(subject, [OPTIONAL_FLOWS.connectors]),
});
