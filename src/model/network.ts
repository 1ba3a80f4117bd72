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

/**
 * Access of an Azure Virtual Network Manager security admin rule: `Allow` continues into the NSG;
 * `AlwaysAllow` and `Deny` end the evaluation (the NSG is not consulted).
 */
export type AdminAccess = 'Allow' | 'AlwaysAllow' | 'Deny';

/** A source or destination of an admin rule, as Azure types it. */
export interface AdminAddress {
  /** A CIDR, an IP, `*` or a service tag; for `NetworkGroup`, the network group's id. */
  prefix: string;
  type: 'IPPrefix' | 'ServiceTag' | 'NetworkGroup';
}

/** One effective security admin rule of a VNet (committed by a network manager, applied at the VNet). */
export interface SecurityAdminRule {
  /** `…/networkManagers/{m}/securityAdminConfigurations/{c}/ruleCollections/{rc}/rules/{name}`. */
  id: string;
  name: string;
  /** Names from the id (empty when the id does not say). */
  networkManagerId: string;
  configuration: string;
  ruleCollection: string;
  /** `Custom` (written by the network team) or `Default` (a rule of a default configuration). */
  kind: string;
  priority: number;
  direction: Direction;
  access: AdminAccess;
  /** `Tcp`, `Udp`, `Icmp`, `Esp`, `Ah` or `*` (Azure's `Any`). */
  protocol: string;
  sources: AdminAddress[];
  destinations: AdminAddress[];
  sourcePortRanges: string[];
  destinationPortRanges: string[];
  description?: string;
}

/**
 * What `listNetworkManagerEffectiveSecurityAdminRules` says of one VNet. An estate holds it as a
 * resource of the pseudo-type `Microsoft.Network/virtualNetworks/effectiveSecurityAdminRules` whose id is
 * `{vnetId}/effectiveSecurityAdminRules/default`.
 */
export interface EffectiveAdminRules {
  id: string;
  virtualNetworkId: string;
  rules: SecurityAdminRule[];
}
