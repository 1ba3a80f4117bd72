import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject } from '../subject.js';
import { AZURE_DNS, customDnsServers } from '../dns/custom-dns.js';
import { V2_INJECTION_LOCATION } from './applies.js';

/**
 * DNS-resolver include 06/20/2025 (pulled in by inject-vnet-v2): with custom DNS "you must ensure name resolution
 * for Azure Key Vault endpoints (*.vault.azure.net)". ARM cannot show what the servers resolve: a recommendation.
 */
export const v2InjCustomDnsKv = defineRule({
  meta: {
    id: 'V2INJ_CUSTOM_DNS_KV',
    severity: 'recommendation',
    title: 'Custom DNS servers of an injected Premium v2 instance resolve Key Vault names',
    appliesTo: V2_INJECTION_LOCATION,
    docs: DOCS.v2Injection,
    messages: {
      customDns:
        'Virtual network {{vnet}} of {{instance}} uses custom DNS servers {{servers}}. They must resolve *.vault.azure.net, the Key Vault endpoints the instance depends on; whether they do cannot be seen from ARM.',
    },
    remediation: {
      default: 'Make {{servers}} resolve *.vault.azure.net (forward it to Azure DNS, {{azureDns}}, or to a resolver that knows the private Key Vault zone), then verify with nslookup <vault-name>.vault.azure.net from the virtual network.',
    },
  },
  check(subject) {
    const s = locationSubject(subject);
    const vnet = s.virtualNetwork;
    const servers = customDnsServers(vnet);
    if (vnet === undefined || servers === undefined) return [];
    return [
      {
        messageId: 'customDns',
        resourceId: vnet.id,
        data: { ...locationData(s), vnet: vnet.name, servers: servers.join(', '), azureDns: AZURE_DNS },
        evidence: { dnsServers: servers },
      },
    ];
  },
});
