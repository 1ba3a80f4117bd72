import { BOTH_MODES, CLASSIC_PLATFORMS } from '../applies.js';
import { applyNetworkConfigurationCommand } from '../az.js';
import { DOCS } from '../docs.js';
import { defineRule } from '../rule.js';
import { locationData, locationSubject } from '../subject.js';
import { AZURE_DNS, customDnsServers } from './custom-dns.js';

/**
 * Custom DNS servers must resolve Azure's public service names. ARM cannot show whether they forward to
 * Azure DNS, so a custom list is a recommendation to verify (reference §1.1 F), not a failure.
 */
export const dnsCustomMustResolveAzure = defineRule({
  meta: {
    id: 'DNS_CUSTOM_MUST_RESOLVE_AZURE',
    severity: 'recommendation',
    title: 'Custom DNS servers of the virtual network resolve Azure service names',
    appliesTo: { regimes: ['classic'], platforms: CLASSIC_PLATFORMS, modes: BOTH_MODES, scope: 'location' },
    docs: DOCS.customDns,
    messages: {
      customDns:
        'Virtual network {{vnet}} of location {{location}} of {{instance}} uses custom DNS servers {{servers}}. They must resolve the Azure Storage, SQL, Key Vault and monitoring names API Management depends on; whether they forward to Azure DNS cannot be seen from ARM.',
    },
    remediation: {
      default:
        'Make {{servers}} forward unresolved names to Azure DNS ({{azureDns}}); after any change of the DNS servers apply the network configuration: {{applyCommand}}',
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
        data: {
          ...locationData(s),
          vnet: vnet.name,
          servers: servers.join(', '),
          azureDns: AZURE_DNS,
          applyCommand: applyNetworkConfigurationCommand(s.instance, s.location),
        },
        evidence: { dnsServers: servers },
      },
    ];
  },
});
