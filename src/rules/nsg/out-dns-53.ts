import { found } from '../../model/view.js';
import { fromPrefixes, isSubset } from '../../network/address-set.js';
import { parseCidr } from '../../network/cidr.js';
import { HOST_VIP, PRIVATE_RANGES } from '../../network/well-known-ranges.js';
import { DOCS } from '../docs.js';
import { defineRule, type RuleSubject, type Violation } from '../rule.js';
import { CLASSIC_BOTH_MODES } from './applies.js';
import { evaluateFlowsAt, FLOW_REMEDIATION, flowMessages, flowViolation } from './flow-finding.js';
import { dnsServerFlows } from './required-flows.js';
import { nsgTarget, withVirtualNetworkPrefixes } from './target.js';

/** A custom DNS server as the flows need it; throws when the VNet lists something that is not an IP address. */
function serverPrefix(server: string, vnetName: string): string {
  const cidr = server.includes('/') ? undefined : parseCidr(server);
  if (!cidr) throw new Error(`virtual network ${vnetName}: DNS server "${server}" is not an IP address`);
  return `${server}/${cidr.family === 'ipv4' ? 32 : 128}`;
}

/**
 * Reference §1.1 C (NSG_OUT_DNS_53) and §2.3: the gateway queries the VNet's custom DNS servers on UDP 53, and on
 * TCP 53 for answers too large for UDP. Azure DNS (168.63.129.16, also the default when the list is empty) is not
 * subject to NSGs, so it is never checked.
 *
 * A private server outside the VNet's address space (a peered hub, on premises) is counted in VirtualNetwork: a
 * private address the subnet reaches at all is in that tag (peered VNets, gateway-connected ranges, UDR prefixes),
 * and whether it is reached is a routing question, not the NSG's. Without this, AllowVnetOutBound would allow
 * the most common custom DNS setup only "in part".
 *
 * Severity: UDP denied breaks name resolution (breaks-now); TCP alone denied fails only lookups whose answers do
 * not fit in UDP (the reference infers TCP, it does not cite it), so it is degraded.
 */
export const nsgOutDns53 = defineRule({
  meta: {
    id: 'NSG_OUT_DNS_53',
    severity: 'breaks-now',
    title: "The NSG lets the gateway query the virtual network's custom DNS servers on port 53",
    appliesTo: CLASSIC_BOTH_MODES,
    docs: DOCS.networkReference,
    messages: flowMessages('{{impact}}'),
    remediation: FLOW_REMEDIATION,
  },
  check(subject: RuleSubject): Violation[] {
    const target = nsgTarget(subject);
    const vnet = subject.location && found(subject.location.virtualNetwork);
    if (!target || !vnet) return [];
    const listed = vnet.dnsServers.map((s) => s.trim()).filter((s) => s !== '' && s !== HOST_VIP);
    const servers = [...new Set(listed)].map((server) => ({ server, prefix: serverPrefix(server, vnet.name) }));
    const reachedThroughVnet = servers.map((s) => s.prefix).filter((p) => isSubset(fromPrefixes([p]), PRIVATE_RANGES));
    const site = withVirtualNetworkPrefixes(target, reachedThroughVnet);
    return servers.flatMap(({ server, prefix }, i) => {
      const label = servers.length === 1 ? 'Dns' : `Dns${i + 1}`;
      const outcomes = evaluateFlowsAt(site, dnsServerFlows(server, prefix, label));
      const udpAllowed = outcomes.some((o) => o.flow.protocol === 'Udp' && o.verdict.outcome === 'allowed');
      return outcomes.flatMap((outcome) => {
        const udp = outcome.flow.protocol === 'Udp';
        const impact = udp
          ? `The gateway cannot query DNS server ${server} of virtual network ${vnet.name}, so it cannot resolve the names of its dependencies (Azure Storage, SQL, Key Vault) and stops working.`
          : `The gateway cannot query DNS server ${server} of virtual network ${vnet.name} over TCP, which DNS uses for answers too large for UDP: those lookups fail. ` +
            (udpAllowed ? 'UDP queries pass, so this alone is reported as degraded.' : 'Reported as degraded; the finding on UDP is the breaking one.');
        return flowViolation(outcome, { ...(udp ? {} : { severity: 'degraded' as const }), data: { impact, server }, evidence: { dnsServer: server } }) ?? [];
      });
    });
  },
});
