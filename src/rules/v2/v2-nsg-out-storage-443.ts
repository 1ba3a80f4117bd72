import { DOCS } from '../docs.js';
import { checkFlows, FLOW_REMEDIATION, flowMessages } from '../nsg/flow-finding.js';
import { REQUIRED_FLOWS } from '../nsg/required-flows.js';
import { defineRule } from '../rule.js';
import { V2_DOCS_BY_REGIME, V2_LOCATION } from './applies.js';

/** Required by the v2 NSG include of 06/2025 and 12/2025, dropped on 08/26/2026: now a recommendation [H]. */
export const v2NsgOutStorage443 = defineRule({
  meta: {
    id: 'V2_NSG_OUT_STORAGE_443',
    severity: 'recommendation',
    title: 'The NSG lets the v2 instance reach Azure Storage on TCP 443',
    appliesTo: V2_LOCATION,
    docs: DOCS.v2Integration,
    docsByRegime: V2_DOCS_BY_REGIME,
    messages: flowMessages(
      'Microsoft required this rule for the v2 tiers in 2025 (NSG text of 06/2025 and 12/2025) and dropped it on 08/26/2026, which requires only Key Vault; older guidance and some translated pages still list it, so it is recommended, not required.',
    ),
    remediation: FLOW_REMEDIATION,
  },
  check: (subject) => checkFlows(subject, [REQUIRED_FLOWS.storage]),
});
