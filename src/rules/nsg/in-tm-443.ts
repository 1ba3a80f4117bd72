import { DOCS } from '../docs.js';
import { defineRule, type RuleSubject, type Violation } from '../rule.js';
import { CLASSIC_EXTERNAL } from './applies.js';
import { checkFlows, FLOW_REMEDIATION, flowMessages } from './flow-finding.js';
import { REQUIRED_FLOWS } from './required-flows.js';

/** Reference §2.2 row 15: with additional locations, Traffic Manager probes each regional gateway on 443. */
export const nsgInTm443 = defineRule({
  meta: {
    id: 'NSG_IN_TM_443',
    severity: 'breaks-now',
    title: 'The NSG lets Azure Traffic Manager probe a multi-region External gateway on TCP 443',
    appliesTo: CLASSIC_EXTERNAL,
    docs: DOCS.networkReference,
    messages: flowMessages(
      'The instance has {{locationCount}} locations; Traffic Manager marks this regional gateway unhealthy and stops routing clients to it.',
    ),
    remediation: FLOW_REMEDIATION,
  },
  check(subject: RuleSubject): Violation[] {
    const locationCount = subject.view.instance.locations.length;
    if (locationCount < 2) return [];
    return checkFlows(subject, [REQUIRED_FLOWS.trafficManager]).map((v) => ({ ...v, data: { ...v.data, locationCount } }));
  },
});
