import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { CLASSIC_EXTERNAL } from './applies.js';
import { checkFlows, FLOW_REMEDIATION, flowMessages } from './flow-finding.js';
import { REQUIRED_FLOWS } from './required-flows.js';

/** Reference §2.2 row 1: External mode serves clients on the internet through the subnet. */
export const nsgInClient443 = defineRule({
  meta: {
    id: 'NSG_IN_CLIENT_443',
    severity: 'breaks-now',
    title: 'The NSG lets internet clients reach the gateway on TCP 443',
    appliesTo: CLASSIC_EXTERNAL,
    docs: DOCS.networkReference,
    messages: flowMessages('Clients on the internet cannot reach the gateway or the developer portal of this External instance.'),
    remediation: FLOW_REMEDIATION,
  },
  check: (subject) => checkFlows(subject, [REQUIRED_FLOWS.clientHttps]),
});
