import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { CLASSIC_BOTH_MODES } from './applies.js';
import { checkFlows, FLOW_REMEDIATION, flowMessages } from './flow-finding.js';
import { REQUIRED_FLOWS } from './required-flows.js';

/** Reference §2.2 row 2: the control plane reaches every instance on 3443 from the ApiManagement tag. */
export const nsgInMgmt3443 = defineRule({
  meta: {
    id: 'NSG_IN_MGMT_3443',
    severity: 'breaks-now',
    title: 'The NSG lets the APIM control plane reach the management endpoint on TCP 3443',
    appliesTo: CLASSIC_BOTH_MODES,
    docs: DOCS.networkReference,
    messages: flowMessages(
      'The management endpoint is cut off from the control plane (portal, ARM, PowerShell): configuration changes stop applying and the next network update fails.',
    ),
    remediation: FLOW_REMEDIATION,
  },
  check: (subject) => checkFlows(subject, [REQUIRED_FLOWS.management]),
});
