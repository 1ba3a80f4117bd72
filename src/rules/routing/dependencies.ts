/**
 * Where the gateway's outbound dependencies live, for route evaluation. Derived from the outbound required
 * flows of src/rules/nsg/required-flows.ts so that the NSG and routing rules agree on them.
 */
import { regionalTag } from '../../network/service-tags.js';
import { REQUIRED_FLOWS, type FlowSite } from '../nsg/required-flows.js';

/** Distinct destination tags of the outbound required flows at this location (e.g. `Storage.WestEurope`). */
export function dependencyDestinations(site: FlowSite): string[] {
  const tags = Object.values(REQUIRED_FLOWS)
    .filter((f) => f.direction === 'Outbound')
    .map((f) => f.remoteTag(site));
  return [...new Map(tags.map((t) => [t.toLowerCase(), t])).values()];
}

export interface EndpointService {
  /** `snet.properties.serviceEndpoints[*].service`. */
  service: string;
  /** The tag whose traffic the endpoint takes off the tunnel. */
  destination: string;
}

/**
 * The service endpoints Microsoft strongly recommends under forced tunnelling (reference §4 item 2);
 * Microsoft.Sql only on the primary location's subnet.
 */
export function recommendedServiceEndpoints(site: FlowSite): EndpointService[] {
  const region = site.location.displayName || site.location.region;
  const list: EndpointService[] = [
    { service: 'Microsoft.Storage', destination: regionalTag('Storage', region) },
    { service: 'Microsoft.Sql', destination: regionalTag('Sql', region) },
    { service: 'Microsoft.EventHub', destination: regionalTag('EventHub', region) },
    { service: 'Microsoft.KeyVault', destination: regionalTag('AzureKeyVault', region) },
  ];
  return site.location.isPrimary ? list : list.filter((e) => e.service !== 'Microsoft.Sql');
}
