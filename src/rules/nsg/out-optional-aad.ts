import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { CLASSIC_BOTH_MODES } from './applies.js';
import { checkFlows, FLOW_REMEDIATION, flowMessages } from './flow-finding.js';
import { OPTIONAL_FLOWS } from './required-flows.js';

/** Reference §2.2 row 5 and §2.3 (Entra ID endpoints): optional, needed only by the features that use Entra ID. */
export const nsgOutOptionalAad = defineRule({
  meta: {
    id: 'NSG_OUT_OPTIONAL_AAD',
    severity: 'degraded',
    title: 'The NSG lets the gateway reach Microsoft Entra ID on TCP 443 (optional features)',
    appliesTo: CLASSIC_BOTH_MODES,
    docs: DOCS.networkReference,
    messages: flowMessages(
      'Optional features that need Microsoft Entra ID stop working if the instance uses them: Entra ID sign-in to the developer portal, Microsoft Graph, and Key Vault named values fetched with an Entra ID token. Reported as degraded, not breaking.',
    ),
    remediation: FLOW_REMEDIATION,
  },
  check: (subject) => checkFlows(subject, [OPTIONAL_FLOWS.activeDirectory]),
});
