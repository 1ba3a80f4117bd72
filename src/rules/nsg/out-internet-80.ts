import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { CLASSIC_BOTH_MODES } from './applies.js';
import { checkFlows, FLOW_REMEDIATION, flowMessages } from './flow-finding.js';
import { REQUIRED_FLOWS } from './required-flows.js';

/** Reference §2.2 row 3 and §9 items 4 and 20. */
export const nsgOutInternet80 = defineRule({
  meta: {
    id: 'NSG_OUT_INTERNET_80',
    severity: 'breaks-now',
    title: 'The NSG lets the gateway reach the internet on TCP 80 for certificate validation',
    appliesTo: CLASSIC_BOTH_MODES,
    docs: DOCS.networkReference,
    messages: flowMessages(
      'Certificate validation (CRL and OCSP over HTTP) fails, which breaks operations on Microsoft- and customer-managed certificates. ' +
        "This requirement is new in the 2025 docs; Microsoft's own quickstart templates deny Internet outbound at priority 999 (Deny_All_Internet_Outbound) without this allow, so NSGs built from them fail this check too.",
    ),
    remediation: FLOW_REMEDIATION,
  },
  check: (subject) => checkFlows(subject, [REQUIRED_FLOWS.internetHttp]),
});
