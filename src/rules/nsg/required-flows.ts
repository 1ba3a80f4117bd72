/**
 * The flows classic injection needs through the subnet's NSG (reference §2.2, §2.4, §6 item 4), as one table.
 * Each NSG_* rule picks its flow(s) from here. APIM's side of every flow is the subnet's prefixes; the far side
 * is a service tag. Storage uses the location's regional tag and Sql the PRIMARY location's regional tag, so an
 * NSG that allows `Storage.WestEurope` satisfies a West Europe location and a secondary location must reach
 * the primary's Sql.
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

/** Flows of optional features (reference §2.2 rows 5, 6, 9); checked only where a rule needs them. */
export const OPTIONAL_FLOWS = {
  eventHub5671: outbound('EventHub5671', 'EventHub', 5671, ownRegion('EventHub')),
  eventHub5672: outbound('EventHub5672', 'EventHub', 5672, ownRegion('EventHub')),
  eventHub443: outbound('EventHub443', 'EventHub', 443, ownRegion('EventHub')),
} satisfies Record<string, RequiredFlow>;

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
