/**
 * Normalized network resources: what the rules read. Built from ARM JSON by src/arm/normalize.ts;
 * ids are kept as Azure spelled them and compared with src/arm/resource-id.ts.
 */

export type Direction = 'Inbound' | 'Outbound';
export type Access = 'Allow' | 'Deny';

export interface SecurityRule {
  /** ARM id of the rule (custom rules) or undefined for synthesized default rules. */
  id?: string;
  name: string;
  priority: number;
  direction: Direction;
  access: Access;
  /** `Tcp`, `Udp`, `Icmp`, `Esp`, `Ah` or `*` as Azure spells it (case preserved). */
  protocol: string;
  /** Singular and plural ARM properties merged; `*`, CIDRs, IPs or one service tag. */
  sourceAddressPrefixes: string[];
  sourcePortRanges: string[];
  destinationAddressPrefixes: string[];
  destinationPortRanges: string[];
  /** ARM ids of application security groups. */
  sourceApplicationSecurityGroups: string[];
  destinationApplicationSecurityGroups: string[];
  description?: string;
  /** One of Azure's six default rules (priority 65000+). */
  isDefault: boolean;
}

export interface NetworkSecurityGroup {
  id: string;
  name: string;
  location: string;
  /** Custom rules, in any order (the evaluator sorts). */
  securityRules: SecurityRule[];
  /** As returned by ARM in `defaultSecurityRules`, or Azure's six defaults when absent. */
  defaultSecurityRules: SecurityRule[];
  /** Subnets and network interfaces it is attached to, when the JSON lists them. */
  attachments?: number;
}

export interface Route {
  id?: string;
  name: string;
  /** A CIDR or a service tag (`ApiManagement`, `Storage.WestEurope`, …). */
  addressPrefix: string;
  /** `Internet`, `VirtualAppliance`, `VirtualNetworkGateway`, `VnetLocal`, `None`. */
  nextHopType: string;
  nextHopIpAddress?: string;
}

export interface RouteTable {
  id: string;
  name: string;
  location: string;
  routes: Route[];
  disableBgpRoutePropagation: boolean;
}

export interface Subnet {
  id: string;
  name: string;
  /** Id of the parent virtual network (derived from the subnet id). */
  virtualNetworkId: string;
  /** `addressPrefix` and `addressPrefixes` merged. */
  addressPrefixes: string[];
  /** Service names of the delegations, e.g. `Microsoft.Web/serverFarms`. */
  delegations: string[];
  networkSecurityGroupId?: string;
  routeTableId?: string;
  natGatewayId?: string;
  /** Service names, e.g. `Microsoft.Storage`. */
  serviceEndpoints: string[];
  serviceEndpointPolicyIds: string[];
  /** Ids of the IP configurations that consume addresses in the subnet. */
  ipConfigurationIds: string[];
  resourceNavigationLinks: SubnetLink[];
  serviceAssociationLinks: SubnetLink[];
}

export interface SubnetLink {
  id?: string;
  name?: string;
  linkedResourceType?: string;
  link?: string;
}

export interface VirtualNetwork {
  id: string;
  name: string;
  location: string;
  addressSpace: string[];
  /** `properties.dhcpOptions.dnsServers`; empty means Azure-provided DNS. */
  dnsServers: string[];
  /** Subnets that came inline in `properties.subnets`. */
  subnets: Subnet[];
}

export interface IpTag {
  ipTagType: string;
  tag: string;
}

export interface PublicIpAddress {
  id: string;
  name: string;
  location: string;
  skuName?: string;
  skuTier?: string;
  /** `IPv4` or `IPv6`; Azure defaults to IPv4 when absent. */
  version: string;
  /** `Static` or `Dynamic`; Azure defaults to Dynamic when absent. */
  allocationMethod: string;
  domainNameLabel?: string;
  ipTags: IpTag[];
  zones: string[];
  /** The IP configuration it is bound to, if any. */
  ipConfigurationId?: string;
}
