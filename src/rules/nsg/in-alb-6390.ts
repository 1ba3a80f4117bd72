import { DOCS } from '../docs.js';
import { defineRule, type RuleSubject, type Violation } from '../rule.js';
import { CLASSIC_STV2_BOTH_MODES } from './applies.js';
import { evaluateRequiredFlows, FLOW_REMEDIATION, flowMessages, flowViolation } from './flow-finding.js';
import { REQUIRED_FLOWS } from './required-flows.js';

const PREMIUM_IMPACT =
  'The infrastructure load balancer health probe fails, and the load balancer stops sending inbound traffic to the gateway (critical on Premium).';
const DEVELOPER_IMPACT =
  'On the Developer tier (one unit) Microsoft documents this probe as not required, so it is reported as degraded, not breaking; it becomes breaking on an upgrade to Premium.';

/** Reference §2.2 row 14 (stv2): the Azure load balancer probes the gateway on 6390. */
export const nsgInAlb6390 = defineRule({
  meta: {
    id: 'NSG_IN_ALB_6390',
    severity: 'breaks-now',
    title: 'The NSG lets the Azure load balancer probe the gateway on TCP 6390',
    appliesTo: CLASSIC_STV2_BOTH_MODES,
    docs: DOCS.networkReference,
    messages: flowMessages('{{impact}}'),
    remediation: FLOW_REMEDIATION,
  },
  check(subject: RuleSubject): Violation[] {
    const developer = subject.location?.location.skuName.toLowerCase() === 'developer';
    return evaluateRequiredFlows(subject, [REQUIRED_FLOWS.loadBalancer]).flatMap(
      (o) =>
        flowViolation(o, developer ? { severity: 'degraded', data: { impact: DEVELOPER_IMPACT } } : { data: { impact: PREMIUM_IMPACT } }) ?? [],
    );
  },
});
