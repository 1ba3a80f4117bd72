import { DOCS } from '../docs.js';
import { defineRule, type RuleSubject, type Violation } from '../rule.js';
import { CLASSIC_STV1_BOTH_MODES } from './applies.js';
import { evaluateRequiredFlows, FLOW_REMEDIATION, flowMessages, flowViolation } from './flow-finding.js';
import { onPort, REQUIRED_FLOWS } from './required-flows.js';

/**
 * stv1 needs the load balancer on every port (reference §2.4). "Every port" is checked on a representative set:
 * the ports APIM listens on, the stv2 probe ports and both ends of the ephemeral range, which together catch
 * allows narrowed to one port or one range.
 */
export const STV1_PROBE_PORTS = [80, 443, 3443, 6390, 6391, 1024, 49152, 65535] as const;

export const nsgInAlbAnyStv1 = defineRule({
  meta: {
    id: 'NSG_IN_ALB_ANY_STV1',
    severity: 'breaks-now',
    title: 'The NSG lets the Azure load balancer reach an stv1 instance on every port',
    appliesTo: CLASSIC_STV1_BOTH_MODES,
    docs: DOCS.networkReference,
    messages: flowMessages('stv1 needs the Azure load balancer on all ports; blocked ports {{ports}}. {{impact}}'),
    remediation: { default: '{{fix}}. Better: migrate the instance to stv2 (stv1 is retired).' },
  },
  check(subject: RuleSubject): Violation[] {
    const flows = STV1_PROBE_PORTS.map((port) => ({ ...onPort(REQUIRED_FLOWS.loadBalancer, port, 'AzureLoadBalancerAll'), allowPorts: '*' }));
    const failing = evaluateRequiredFlows(subject, flows).filter((o) => o.verdict.outcome !== 'allowed');
    const first = failing[0];
    if (!first) return [];
    const developer = subject.location?.location.skuName.toLowerCase() === 'developer';
    const ports = failing.map((o) => o.flow.port).join(', ');
    const impact = developer
      ? 'Microsoft documents this rule as required for Premium and optional on Developer, so it is reported as degraded.'
      : 'Health probes fail and the load balancer stops sending traffic to the gateway.';
    const violation = flowViolation(first, {
      ...(developer ? { severity: 'degraded' as const } : {}),
      data: { ports, impact },
      evidence: { failingPorts: failing.map((o) => o.flow.port) },
      alsoFixes: failing.map((o) => o.flow),
    });
    return violation ? [violation] : [];
  },
});
