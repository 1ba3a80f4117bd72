import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { CLASSIC_STV2_BOTH_MODES } from './applies.js';
import { checkFlows, FLOW_REMEDIATION, flowMessages } from './flow-finding.js';
import { REQUIRED_FLOWS } from './required-flows.js';

/** Reference §2.2 row 8: required on stv2 (on stv1 it was optional, hence no stv1 platform). */
export const nsgOutKv443 = defineRule({
  meta: {
    id: 'NSG_OUT_KV_443',
    severity: 'breaks-now',
    title: 'The NSG lets the gateway reach Azure Key Vault on TCP 443',
    appliesTo: CLASSIC_STV2_BOTH_MODES,
    docs: DOCS.networkReference,
    messages: flowMessages('The stv2 gateway cannot reach Key Vault: certificates and Key Vault named values stop refreshing and deployments fail.'),
    remediation: FLOW_REMEDIATION,
  },
  check: (subject) => checkFlows(subject, [REQUIRED_FLOWS.keyVault]),
});
