import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { CLASSIC_BOTH_MODES } from './applies.js';
import { checkFlows, FLOW_REMEDIATION, flowMessages } from './flow-finding.js';
import { REQUIRED_FLOWS } from './required-flows.js';

/**
 * Reference §2.2 row 7 and §6 item 4: every location talks to the Azure SQL of the PRIMARY location, so the
 * flow goes to `Sql.<primary region>` even from an additional location.
 */
export const nsgOutSql1433 = defineRule({
  meta: {
    id: 'NSG_OUT_SQL_1433',
    severity: 'breaks-now',
    title: "The NSG lets the gateway reach the primary location's Azure SQL on TCP 1433",
    appliesTo: CLASSIC_BOTH_MODES,
    docs: DOCS.networkReference,
    messages: flowMessages("The gateway cannot reach the instance's configuration database in the primary location and stops working."),
    remediation: FLOW_REMEDIATION,
  },
  check: (subject) => checkFlows(subject, [REQUIRED_FLOWS.sql]),
});
