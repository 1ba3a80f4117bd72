import { DOCS } from '../docs.js';
import { checkFlows, FLOW_REMEDIATION, flowMessages } from '../nsg/flow-finding.js';
import { REQUIRED_FLOWS } from '../nsg/required-flows.js';
import { defineRule } from '../rule.js';
import { V2_DOCS_BY_REGIME, V2_LOCATION } from './applies.js';

/**
 * v2 NSG include 08/26/2026: "allow outbound access to Azure Key Vault, which is a dependency for API Management"
 * (row AzureKeyVault 443 TCP Allow). The include's required rule moved from Storage (06/2025) to Storage and Key
 * Vault (12/2025) to Key Vault only (08/2026); the newest text decides. The exact failure is not documented [I].
 */
export const v2NsgOutKv443 = defineRule({
  meta: {
    id: 'V2_NSG_OUT_KV_443',
    severity: 'breaks-now',
    title: 'The NSG lets the v2 instance reach Azure Key Vault on TCP 443',
    appliesTo: V2_LOCATION,
    docs: DOCS.v2Integration,
    docsByRegime: V2_DOCS_BY_REGIME,
    messages: flowMessages(
      'Key Vault is the one outbound dependency the v2 tiers document (since the 08/2026 NSG text, which dropped Storage): certificates and Key Vault named values stop refreshing.',
    ),
    remediation: FLOW_REMEDIATION,
  },
  check: (subject) => checkFlows(subject, [REQUIRED_FLOWS.keyVault]),
});
