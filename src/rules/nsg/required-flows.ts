/**
 * The flows classic injection needs through the subnet's NSG (reference §2.2, §2.3, §2.4, §6 item 4), as one
 * table. Each NSG_* rule picks its flow(s) from here. APIM's side of every flow is the subnet's prefixes; the far
 * side is a service tag, except for traffic between the instance's own machines (the subnet itself) and custom
 * DNS servers (their addresses). Storage uses the location's regional tag and Sql the PRIMARY location's regional
 * tag, so an NSG that allows `Storage.WestEurope` satisfies a West Europe location and a secondary location must
 * reach the primary's Sql.
 */
import type { ApimLocation } from '../../model/instance.js';
import type { Direction } from '../../model/network.js';
import type { FlowProtocol } from '../../network/ports.js';
import { regionalTag } from '../../network/service-tags.js';

export interface FlowSite {
  location: ApimLocation;
  primary: ApimLocation;
}

export interface RequiredFlow {
  direction: Direction;
  protocol: FlowProtocol;
  port: number;
  /** The far side: source of an inbound flow, destination of an outbound one. */
  remoteTag(site: FlowSite): string;
  /** The tag of Microsoft's recommended rule, used in the suggested allow rule. */
  ruleTag: string;
  /** Used to name the suggested rule, e.g. `AllowApimManagementInbound`. */
  label: string;
  /** Destination ports of the suggested allow rule when wider than the flow's port (stv1: `*`). */
  allowPorts?: string;
  /**
   * Set when the far side is addresses rather than the tag: `subnet` for traffic between the instance's own
   * machines (they all sit in the location's subnet), or prefixes (a custom DNS server). `remoteTag` and
   * `ruleTag` then only name it in texts and in the suggested rule.
   */
  remoteAddresses?: 'subnet' | readonly string[];
}

const tag = (value: string) => () => value;
const regionOf = (l: ApimLocation) => l.displayName || l.region;
const ownRegion = (service: string) => (site: FlowSite) => regionalTag(service, regionOf(site.location));
const primaryRegion = (service: string) => (site: FlowSite) => regionalTag(service, regionOf(site.primary));

function inbound(label: string, source: string, port: number): RequiredFlow {
  return { direction: 'Inbound', protocol: 'Tcp', port, remoteTag: tag(source), ruleTag: source, label };
}

function outbound(label: string, ruleTag: string, port: number, remoteTag: (site: FlowSite) => string = tag(ruleTag)): RequiredFlow {
  return { direction: 'Outbound', protocol: 'Tcp', port, remoteTag, ruleTag, label };
}

export const REQUIRED_FLOWS = {
  clientHttps: inbound('ClientHttps', 'Internet', 443),
  management: inbound('ApimManagement', 'ApiManagement', 3443),
  loadBalancer: inbound('AzureLoadBalancer6390', 'AzureLoadBalancer', 6390),
  trafficManager: inbound('TrafficManager', 'AzureTrafficManager', 443),
  storage: outbound('Storage', 'Storage', 443, ownRegion('Storage')),
  sql: outbound('Sql', 'Sql', 1433, primaryRegion('Sql')),
  keyVault: outbound('KeyVault', 'AzureKeyVault', 443),
  monitor1886: outbound('AzureMonitor1886', 'AzureMonitor', 1886),
  monitor443: outbound('AzureMonitor443', 'AzureMonitor', 443),
  internetHttp: outbound('InternetHttp', 'Internet', 80),
} satisfies Record<string, RequiredFlow>;

/**
 * Traffic between the instance's own machines. Microsoft's rule says VirtualNetwork both ways (so that is the
 * suggested rule), but the machines of a location share its subnet: an allow of the subnet alone is enough.
 */
function betweenMachines(flow: RequiredFlow): RequiredFlow {
  return { ...flow, remoteAddresses: 'subnet' };
}

const udp = (flow: RequiredFlow): RequiredFlow => ({ ...flow, protocol: 'Udp' });

/**
 * Flows of optional features (reference §2.2 rows 5, 6, 9, 11-13, 16); never required for the instance to run, so
 * routing does not derive dependencies from them. The cache sync flows stand for 6381-6383 (see onPort).
 */
export const OPTIONAL_FLOWS = {
  loadBalancer6391: inbound('AzureLoadBalancer6391', 'AzureLoadBalancer', 6391),
  activeDirectory: outbound('AzureActiveDirectory', 'AzureActiveDirectory', 443),
  connectors: outbound('AzureConnectors', 'AzureConnectors', 443),
  eventHub5671: outbound('EventHub5671', 'EventHub', 5671, ownRegion('EventHub')),
  eventHub5672: outbound('EventHub5672', 'EventHub', 5672, ownRegion('EventHub')),
  eventHub443: outbound('EventHub443', 'EventHub', 443, ownRegion('EventHub')),
  externalCacheIn: inbound('ExternalCache', 'VirtualNetwork', 6380),
  externalCacheOut: outbound('ExternalCache', 'VirtualNetwork', 6380),
  cacheSyncIn: { ...betweenMachines(inbound('CacheSync', 'VirtualNetwork', 6381)), allowPorts: '6381-6383' },
  cacheSyncOut: { ...betweenMachines(outbound('CacheSync', 'VirtualNetwork', 6381)), allowPorts: '6381-6383' },
  rateLimitSyncIn: betweenMachines(udp(inbound('RateLimitSync', 'VirtualNetwork', 4290))),
  rateLimitSyncOut: betweenMachines(udp(outbound('RateLimitSync', 'VirtualNetwork', 4290))),
} satisfies Record<string, RequiredFlow>;

/**
 * DNS queries to one custom DNS server (reference §1.1 C NSG_OUT_DNS_53, §2.3): UDP 53, and TCP 53 for answers
 * too large for UDP. `prefix` is the server's address as a prefix (`10.0.0.4/32`); `label` names the suggested rule.
 */
export function dnsServerFlows(server: string, prefix: string, label: string): RequiredFlow[] {
  return (['Udp', 'Tcp'] as const).map((protocol) => ({
    direction: 'Outbound',
    protocol,
    port: 53,
    remoteTag: tag(prefix),
    ruleTag: server,
    label: `${label}${protocol}`,
    remoteAddresses: [prefix],
  }));
}

/** The same flow to another port (stv1's load balancer on every port, Event Hubs on 5671/5672/443). */
export function onPort(flow: RequiredFlow, port: number, label = `${flow.label}${port}`): RequiredFlow {
  return { ...flow, port, label };
}

/** The same flow to a regional tag of the primary location (multi-region scope checks). */
export function toPrimaryRegion(flow: RequiredFlow, service: string): RequiredFlow {
  return { ...flow, remoteTag: primaryRegion(service), ruleTag: service };
}

export function toOwnRegion(flow: RequiredFlow, service: string): RequiredFlow {
  return { ...flow, remoteTag: ownRegion(service), ruleTag: service };
}
