import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { CLASSIC_STV2_BOTH_MODES } from './applies.js';
import { checkFlows, FLOW_REMEDIATION, flowMessages } from './flow-finding.js';
import { OPTIONAL_FLOWS } from './required-flows.js';

/**
 * Reference §2.2 row 16: the Azure load balancer monitors each gateway machine on 6391, an optional flow.
 * stv2 only: on stv1, NSG_IN_ALB_ANY_STV1 already checks the load balancer on every port, 6391 included.
 */
export const nsgInAlb6391 = defineRule({
  meta: {
    id: 'NSG_IN_ALB_6391',
    severity: 'degraded',
    title: 'The NSG lets the Azure load balancer monitor each gateway machine on TCP 6391',
    appliesTo: CLASSIC_STV2_BOTH_MODES,
    docs: DOCS.networkReference,
    messages: flowMessages(
      'Per-machine health monitoring by the Azure load balancer fails. Microsoft lists this flow as optional, so it is reported as degraded, not breaking.',
    ),
    remediation: FLOW_REMEDIATION,
  },
  check: (subject) => checkFlows(subject, [OPTIONAL_FLOWS.loadBalancer6391]),
});
