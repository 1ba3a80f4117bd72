/**
 * Builds InstanceViews for rule and engine tests, directly in the model (no I/O). The default is a
 * healthy stv2 External Premium instance in West Europe whose NSG holds Microsoft's recommended rules.
 * Every part can be overridden; `mutate` gets a deep copy to change.
 */
import type { ApimInstance, ApimLocation } from '../../src/model/instance.js';
import type {
  EffectiveAdminRules,
  SecurityAdminRule,
  NetworkSecurityGroup,
  PublicIpAddress,
  RouteTable,
  SecurityRule,
  Subnet,
  VirtualNetwork,
} from '../../src/model/network.js';
import type { InstanceView, LocationView, Lookup } from '../../src/model/view.js';
import { AZURE_DEFAULT_SECURITY_RULES } from '../../src/network/default-rules.js';

export const SUB = '00000000-0000-0000-0000-000000000001';
export const OTHER_SUB = '00000000-0000-0000-0000-000000000002';
export const RG = `/subscriptions/${SUB}/resourceGroups/rg-net`;

export const ids = {
  apim: (name = 'apim-a') => `/subscriptions/${SUB}/resourceGroups/rg-apim/providers/Microsoft.ApiManagement/service/${name}`,
  vnet: (name = 'vnet-weu') => `${RG}/providers/Microsoft.Network/virtualNetworks/${name}`,
  subnet: (vnet = 'vnet-weu', name = 'snet-apim') => `${RG}/providers/Microsoft.Network/virtualNetworks/${vnet}/subnets/${name}`,
  nsg: (name = 'nsg-apim-weu') => `${RG}/providers/Microsoft.Network/networkSecurityGroups/${name}`,
  routeTable: (name = 'rt-apim-weu') => `${RG}/providers/Microsoft.Network/routeTables/${name}`,
  publicIp: (name = 'pip-apim-weu') => `${RG}/providers/Microsoft.Network/publicIPAddresses/${name}`,
};

export function rule(partial: Partial<SecurityRule> & Pick<SecurityRule, 'name' | 'priority' | 'direction' | 'access'>): SecurityRule {
  return {
    protocol: 'Tcp',
    sourceAddressPrefixes: ['*'],
    sourcePortRanges: ['*'],
    destinationAddressPrefixes: ['*'],
    destinationPortRanges: ['*'],
    sourceApplicationSecurityGroups: [],
    destinationApplicationSecurityGroups: [],
    isDefault: false,
    ...partial,
  };
}

/** Azure's six default rules, as the normalizer supplies them. */
export const DEFAULT_RULES: SecurityRule[] = [...AZURE_DEFAULT_SECURITY_RULES];

/** Microsoft's recommended NSG for classic injection (reference §2.2 minimum set). */
export function recommendedRules(): SecurityRule[] {
  const inbound = (name: string, priority: number, source: string, port: string) =>
    rule({ name, priority, direction: 'Inbound', access: 'Allow', sourceAddressPrefixes: [source], destinationAddressPrefixes: ['VirtualNetwork'], destinationPortRanges: [port] });
  const outbound = (name: string, priority: number, dest: string, ports: string[]) =>
    rule({ name, priority, direction: 'Outbound', access: 'Allow', sourceAddressPrefixes: ['VirtualNetwork'], destinationAddressPrefixes: [dest], destinationPortRanges: ports });
  return [
    inbound('AllowClientHttps', 100, 'Internet', '443'),
    inbound('AllowApimManagement', 110, 'ApiManagement', '3443'),
    inbound('AllowLoadBalancer', 120, 'AzureLoadBalancer', '6390'),
    inbound('AllowTrafficManager', 130, 'AzureTrafficManager', '443'),
    outbound('AllowStorage', 100, 'Storage', ['443']),
    outbound('AllowSql', 110, 'Sql', ['1433']),
    outbound('AllowKeyVault', 120, 'AzureKeyVault', ['443']),
    outbound('AllowMonitor', 130, 'AzureMonitor', ['1886', '443']),
    outbound('AllowInternetHttp', 140, 'Internet', ['80']),
  ];
}

export interface LocationSpec {
  region?: string;
  displayName?: string;
  location?: Partial<ApimLocation>;
  subnet?: Partial<Subnet> | Lookup<Subnet> | null;
  virtualNetwork?: Partial<VirtualNetwork> | Lookup<VirtualNetwork> | null;
  networkSecurityGroup?: Partial<NetworkSecurityGroup> | Lookup<NetworkSecurityGroup> | null;
  routeTable?: Partial<RouteTable> | Lookup<RouteTable> | null;
  publicIp?: Partial<PublicIpAddress> | Lookup<PublicIpAddress> | null;
  /** The VNet's effective security admin rules; absent: no admin layer. */
  adminRules?: SecurityAdminRule[] | Lookup<EffectiveAdminRules>;
  subnetNeighbours?: LocationView['subnetNeighbours'];
  publicIpNeighbours?: LocationView['publicIpNeighbours'];
}

export interface ViewSpec {
  instance?: Partial<ApimInstance>;
  /** Primary first. Defaults to one healthy West Europe location. */
  locations?: LocationSpec[];
}

function isLookup<T>(v: unknown): v is Lookup<T> {
  return typeof v === 'object' && v !== null && 'state' in v && 'id' in v;
}

function lookup<T extends { id: string }>(value: Partial<T> | Lookup<T> | null | undefined, base: T): Lookup<T> | undefined {
  if (value === null) return undefined;
  if (isLookup<T>(value)) return value;
  const resource = { ...base, ...(value ?? {}) } as T;
  return { state: 'found', id: resource.id, resource };
}

const REGION_SUFFIX: Record<string, string> = { westeurope: 'weu', northeurope: 'neu', eastus: 'eus' };

function buildLocation(spec: LocationSpec, index: number, instance: ApimInstance): LocationView {
  const region = spec.region ?? (index === 0 ? 'westeurope' : 'northeurope');
  const suffix = REGION_SUFFIX[region] ?? region;
  const subnetId = ids.subnet(`vnet-${suffix}`);
  const nsgId = ids.nsg(`nsg-apim-${suffix}`);
  const pipId = ids.publicIp(`pip-apim-${suffix}`);
  const location: ApimLocation = {
    region,
    displayName: spec.displayName ?? region,
    isPrimary: index === 0,
    index,
    subnetId,
    publicIpAddressId: pipId,
    zones: [],
    skuName: instance.skuName,
    capacity: instance.capacity,
    platform: instance.platform,
    platformVersion: instance.platformVersion,
    disableGateway: false,
    ...spec.location,
  };
  const subnetLookup = lookup<Subnet>(spec.subnet, {
    id: location.subnetId ?? subnetId,
    name: 'snet-apim',
    virtualNetworkId: ids.vnet(`vnet-${suffix}`),
    addressPrefixes: ['10.0.1.0/24'],
    delegations: [],
    networkSecurityGroupId: nsgId,
    serviceEndpoints: [],
    serviceEndpointPolicyIds: [],
    ipConfigurationIds: [],
    resourceNavigationLinks: [],
    serviceAssociationLinks: [],
  });
  const subnet = subnetLookup?.state === 'found' ? subnetLookup.resource : undefined;
  const vnetLookup = lookup<VirtualNetwork>(spec.virtualNetwork, {
    id: subnet?.virtualNetworkId ?? ids.vnet(`vnet-${suffix}`),
    name: `vnet-${suffix}`,
    location: region,
    addressSpace: ['10.0.0.0/16'],
    dnsServers: [],
    subnets: subnet ? [subnet] : [],
  });
  const nsgLookup = subnet?.networkSecurityGroupId
    ? lookup<NetworkSecurityGroup>(spec.networkSecurityGroup, {
        id: subnet.networkSecurityGroupId,
        name: `nsg-apim-${suffix}`,
        location: region,
        securityRules: recommendedRules(),
        defaultSecurityRules: DEFAULT_RULES,
      })
    : undefined;
  const rtLookup = subnet?.routeTableId
    ? lookup<RouteTable>(spec.routeTable, {
        id: subnet.routeTableId,
        name: `rt-apim-${suffix}`,
        location: region,
        routes: [],
        disableBgpRoutePropagation: true,
      })
    : undefined;
  const pipLookup = location.publicIpAddressId
    ? lookup<PublicIpAddress>(spec.publicIp, {
        id: location.publicIpAddressId,
        name: `pip-apim-${suffix}`,
        location: region,
        skuName: 'Standard',
        skuTier: 'Regional',
        version: 'IPv4',
        allocationMethod: 'Static',
        domainNameLabel: instance.name,
        ipTags: [],
        zones: [],
      })
    : undefined;
  const vnetId = subnet?.virtualNetworkId ?? ids.vnet(`vnet-${suffix}`);
  const adminLookup: Lookup<EffectiveAdminRules> | undefined =
    spec.adminRules === undefined
      ? undefined
      : isLookup<EffectiveAdminRules>(spec.adminRules)
        ? spec.adminRules
        : { state: 'found', id: `${vnetId}/effectiveSecurityAdminRules/default`, resource: { id: `${vnetId}/effectiveSecurityAdminRules/default`, virtualNetworkId: vnetId, rules: spec.adminRules } };
  return {
    ...(adminLookup ? { adminRules: adminLookup } : {}),
    location,
    subnet: location.subnetId ? subnetLookup : undefined,
    virtualNetwork: subnet ? vnetLookup : undefined,
    networkSecurityGroup: nsgLookup,
    routeTable: rtLookup,
    publicIp: pipLookup,
    subnetNeighbours: spec.subnetNeighbours ?? [],
    publicIpNeighbours: spec.publicIpNeighbours ?? [],
  };
}

export function buildView(spec: ViewSpec = {}): InstanceView {
  const instance: ApimInstance = {
    id: ids.apim(),
    name: 'apim-a',
    region: 'westeurope',
    skuName: 'Premium',
    capacity: 1,
    platform: 'stv2',
    platformVersion: 'stv2',
    networkMode: 'External',
    tags: {},
    locations: [],
    ...spec.instance,
  };
  const locations = (spec.locations ?? [{}]).map((l, i) => buildLocation(l, i, instance));
  instance.locations = locations.map((l) => l.location);
  return { instance, locations };
}

export const NETWORK_MANAGER = `/subscriptions/${OTHER_SUB}/resourceGroups/rg-netops/providers/Microsoft.Network/networkManagers/avnm-corp`;

/** An effective security admin rule of network manager avnm-corp; defaults: inbound TCP from anywhere to anywhere. */
export function adminRule(
  partial: Partial<SecurityAdminRule> & Pick<SecurityAdminRule, 'name' | 'priority' | 'access'>,
  where: { configuration?: string; ruleCollection?: string } = {},
): SecurityAdminRule {
  const configuration = where.configuration ?? 'cfg-prod';
  const ruleCollection = where.ruleCollection ?? 'rc-baseline';
  return {
    id: `${NETWORK_MANAGER}/securityAdminConfigurations/${configuration}/ruleCollections/${ruleCollection}/rules/${partial.name}`,
    networkManagerId: NETWORK_MANAGER,
    configuration,
    ruleCollection,
    kind: 'Custom',
    direction: 'Inbound',
    protocol: 'Tcp',
    sources: [{ prefix: '*', type: 'IPPrefix' }],
    destinations: [{ prefix: '*', type: 'IPPrefix' }],
    sourcePortRanges: ['0-65535'],
    destinationPortRanges: ['*'],
    ...partial,
  };
}
