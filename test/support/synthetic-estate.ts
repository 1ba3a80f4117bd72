/**
 * Large synthetic estates in ARM JSON, the way `az` and Resource Graph return resources (with etags,
 * provisioning states and the six default NSG rules), for benchmarks and scale tests.
 *
 * N instances spread over S subscriptions; each instance sits in its own /26 subnet and (unless
 * shared) has its own NSG of R custom rules and route table of T routes. Deterministic: the same
 * options give the same resources, and instance k is the same whichever window [offset, offset+count)
 * generates it, so a benchmark can stream a huge estate in chunks.
 *
 * The NSGs hold Microsoft's recommended rules (at priorities 4000+) behind R−9 filler rules on ports
 * that APIM does not use, so every instance is healthy unless `brokenEvery` breaks some; the filler
 * still has to be walked by the NSG evaluator, as in a real landing zone.
 */
import type { ArmResource } from '../../src/arm/arm-resource.js';
import { seededRandom } from './seeded-random.js';

export interface SyntheticEstateOptions {
  /** Total instances of the estate (N). */
  instances: number;
  /** Subscriptions to spread them over (S). */
  subscriptions: number;
  /** Custom rules per NSG (R); at least the 9 recommended ones are always present. */
  nsgRules: number;
  /** Routes per route table (T); 0 means no route table on the subnets. */
  routes: number;
  /** Instances sharing one NSG (consecutive instances of one subscription). Default 1: no sharing. */
  instancesPerNsg?: number;
  /** Instances sharing one route table. Default 1. */
  instancesPerRouteTable?: number;
  /** Every k-th NSG lacks the inbound ApiManagement 3443 rule (a failing instance). Default: none. */
  brokenEvery?: number;
  seed?: number;
  /** Generate only instances [offset, offset + count) and what they use. Default: all. */
  offset?: number;
  count?: number;
}

export const SYNTHETIC_REGIONS = [
  { name: 'westeurope', display: 'West Europe' },
  { name: 'northeurope', display: 'North Europe' },
  { name: 'eastus', display: 'East US' },
  { name: 'swedencentral', display: 'Sweden Central' },
] as const;

/** Subnets per virtual network; a VNet 10.x.0.0/16 holds 1024 /26 subnets, we use at most this many. */
const SUBNETS_PER_VNET = 250;
const RECOMMENDED_COUNT = 9;

export function syntheticEstate(options: SyntheticEstateOptions): ArmResource[] {
  const o = resolve(options);
  const out: ArmResource[] = [];
  const end = Math.min(o.instances, o.offset + o.count);
  const emittedNsgs = new Set<string>();
  const emittedTables = new Set<string>();
  const vnets = new Map<string, ArmResource>();
  for (let k = o.offset; k < end; k++) {
    const p = placement(o, k);
    const rng = random(o.seed ^ Math.imul(k + 1, 0x9e3779b1));

    const nsgId = `${p.networkGroup}/providers/Microsoft.Network/networkSecurityGroups/nsg-apim-${p.nsgKey}`;
    if (!emittedNsgs.has(nsgId)) {
      emittedNsgs.add(nsgId);
      const broken = o.brokenEvery > 0 && p.nsgIndex % o.brokenEvery === o.brokenEvery - 1;
      out.push(armNetworkSecurityGroup(nsgId, p.region.name, syntheticRules(o.nsgRules, random(o.seed ^ (p.nsgIndex + 7) * 7919), broken)));
    }
    let routeTableId: string | undefined;
    if (o.routes > 0) {
      routeTableId = `${p.networkGroup}/providers/Microsoft.Network/routeTables/rt-apim-${p.tableKey}`;
      if (!emittedTables.has(routeTableId)) {
        emittedTables.add(routeTableId);
        out.push(armRouteTable(routeTableId, p.region.name, syntheticRoutes(o.routes, random(o.seed ^ (p.tableIndex + 11) * 104729))));
      }
    }

    let vnet = vnets.get(p.vnetId);
    if (vnet === undefined) {
      vnet = armVirtualNetwork(p.vnetId, p.region.name, [`10.${p.vnetOctet}.0.0/16`], []);
      vnets.set(p.vnetId, vnet);
      out.push(vnet);
    }
    const subnetName = `snet-apim-${pad(p.subnetIndex, 3)}`;
    const subnetId = `${p.vnetId}/subnets/${subnetName}`;
    const third = p.subnetIndex >> 2;
    const fourth = (p.subnetIndex & 3) * 64;
    (vnet.properties!.subnets as unknown[]).push(
      armSubnet(subnetId, [`10.${p.vnetOctet}.${third}.${fourth}/26`], { networkSecurityGroupId: nsgId, routeTableId }),
    );

    const name = `apim-${pad(k, 5)}`;
    const pipId = `${p.networkGroup}/providers/Microsoft.Network/publicIPAddresses/pip-${name}`;
    out.push(armPublicIp(pipId, p.region.name, { domainNameLabel: `${name}-${p.subscriptionId.slice(0, 8)}` }));
    const internal = rng() < 0.3;
    out.push(
      armApimInstance(`/subscriptions/${p.subscriptionId}/resourceGroups/rg-apim/providers/Microsoft.ApiManagement/service/${name}`, {
        location: p.region.display,
        sku: 'Premium',
        capacity: 1 + Math.floor(rng() * 3),
        networkMode: internal ? 'Internal' : 'External',
        subnetId,
        publicIpAddressId: pipId,
        platformVersion: rng() < 0.5 ? 'stv2' : 'stv2.1',
        tags: { environment: 'bench', costCenter: `cc-${pad(k % 97, 3)}` },
      }),
    );
  }
  return out;
}

interface Resolved {
  instances: number;
  subscriptions: number;
  nsgRules: number;
  routes: number;
  instancesPerNsg: number;
  instancesPerRouteTable: number;
  brokenEvery: number;
  seed: number;
  offset: number;
  count: number;
  subscriptionIds: string[];
}

function resolve(options: SyntheticEstateOptions): Resolved {
  const seed = options.seed ?? 20240831;
  const positive = (v: number, name: string) => {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`synthetic estate: ${name} must be a positive integer, got ${v}`);
    return v;
  };
  const subscriptions = positive(options.subscriptions, 'subscriptions');
  const idRng = random(seed);
  return {
    instances: positive(options.instances, 'instances'),
    subscriptions,
    nsgRules: Math.max(options.nsgRules, RECOMMENDED_COUNT),
    routes: Math.max(0, options.routes),
    instancesPerNsg: positive(options.instancesPerNsg ?? 1, 'instancesPerNsg'),
    instancesPerRouteTable: positive(options.instancesPerRouteTable ?? 1, 'instancesPerRouteTable'),
    brokenEvery: options.brokenEvery ?? 0,
    seed,
    offset: options.offset ?? 0,
    count: options.count ?? options.instances,
    subscriptionIds: Array.from({ length: subscriptions }, () => uuid(idRng)),
  };
}

/** Where instance k lives; a pure function of k, so windows of the estate agree with each other. */
function placement(o: Resolved, k: number) {
  // Consecutive instances share a subscription so that shared NSGs stay inside one subscription.
  const perSubscription = Math.ceil(o.instances / o.subscriptions);
  const s = Math.floor(k / perSubscription);
  const local = k - s * perSubscription;
  const subscriptionId = o.subscriptionIds[s]!;
  const region = SYNTHETIC_REGIONS[Math.floor(local / SUBNETS_PER_VNET) % SYNTHETIC_REGIONS.length]!;
  const vnetIndex = Math.floor(local / SUBNETS_PER_VNET);
  const networkGroup = `/subscriptions/${subscriptionId}/resourceGroups/rg-network-${region.name}`;
  const nsgLocal = Math.floor(local / o.instancesPerNsg);
  const tableLocal = Math.floor(local / o.instancesPerRouteTable);
  return {
    subscriptionId,
    region,
    networkGroup,
    vnetId: `${networkGroup}/providers/Microsoft.Network/virtualNetworks/vnet-apim-${pad(vnetIndex, 3)}`,
    vnetOctet: vnetIndex % 256,
    subnetIndex: local % SUBNETS_PER_VNET,
    nsgKey: pad(nsgLocal, 5),
    nsgIndex: s * 1_000_000 + nsgLocal,
    tableKey: pad(tableLocal, 5),
    tableIndex: s * 1_000_000 + tableLocal,
  };
}

// --- rules and routes ------------------------------------------------------------------------------

export interface RuleSpec {
  name: string;
  priority: number;
  direction: 'Inbound' | 'Outbound';
  access: 'Allow' | 'Deny';
  protocol?: string;
  source?: string | string[];
  sourcePorts?: string | string[];
  destination?: string | string[];
  ports?: string | string[];
  description?: string;
}

/** Microsoft's recommended NSG for classic injection (reference §2.2), 3443 optional. */
export function recommendedRuleSpecs(options: { includeManagement?: boolean; includeTrafficManager?: boolean; firstPriority?: number } = {}): RuleSpec[] {
  const p = options.firstPriority ?? 100;
  const specs: RuleSpec[] = [
    { name: 'AllowClientHttpsInbound', priority: p, direction: 'Inbound', access: 'Allow', source: 'Internet', destination: 'VirtualNetwork', ports: '443', description: 'Client communication to API Management' },
    { name: 'AllowApiManagementInbound', priority: p + 10, direction: 'Inbound', access: 'Allow', source: 'ApiManagement', destination: 'VirtualNetwork', ports: '3443', description: 'Management endpoint for Azure portal and PowerShell' },
    { name: 'AllowAzureLoadBalancerInbound', priority: p + 20, direction: 'Inbound', access: 'Allow', source: 'AzureLoadBalancer', destination: 'VirtualNetwork', ports: '6390', description: 'Azure Infrastructure Load Balancer' },
    { name: 'AllowTrafficManagerInbound', priority: p + 30, direction: 'Inbound', access: 'Allow', source: 'AzureTrafficManager', destination: 'VirtualNetwork', ports: '443', description: 'Azure Traffic Manager routing for multi-region deployment' },
    { name: 'AllowStorageOutbound', priority: p, direction: 'Outbound', access: 'Allow', source: 'VirtualNetwork', destination: 'Storage', ports: '443', description: 'Dependency on Azure Storage' },
    { name: 'AllowSqlOutbound', priority: p + 10, direction: 'Outbound', access: 'Allow', source: 'VirtualNetwork', destination: 'Sql', ports: '1433', description: 'Access to Azure SQL endpoints' },
    { name: 'AllowKeyVaultOutbound', priority: p + 20, direction: 'Outbound', access: 'Allow', source: 'VirtualNetwork', destination: 'AzureKeyVault', ports: '443', description: 'Access to Azure Key Vault' },
    { name: 'AllowMonitorOutbound', priority: p + 30, direction: 'Outbound', access: 'Allow', source: 'VirtualNetwork', destination: 'AzureMonitor', ports: ['1886', '443'], description: 'Publish diagnostics logs and metrics, Resource Health, and Application Insights' },
    { name: 'AllowInternetHttpOutbound', priority: p + 40, direction: 'Outbound', access: 'Allow', source: 'VirtualNetwork', destination: 'Internet', ports: '80', description: 'Validation and management of Microsoft-managed and customer-managed certificates' },
  ];
  const omitted = new Set<string>();
  if (options.includeManagement === false) omitted.add('AllowApiManagementInbound');
  if (options.includeTrafficManager === false) omitted.add('AllowTrafficManagerInbound');
  return specs.filter((s) => !omitted.has(s.name));
}

// Ports no APIM flow uses (reference §2.2), so filler rules never decide a required flow.
const FILLER_PORTS = ['22', '3389', '1521', '5432', '8080', '8443', '9000-9100', '27017', '6000-6010', '10250'];

function syntheticRules(total: number, rng: () => number, broken: boolean): RuleSpec[] {
  const fillers: RuleSpec[] = [];
  for (let i = 0; i < total - RECOMMENDED_COUNT; i++) {
    const inbound = rng() < 0.6;
    const cidr = `10.${Math.floor(rng() * 256)}.${Math.floor(rng() * 256)}.0/24`;
    const many = rng() < 0.25;
    const port = FILLER_PORTS[Math.floor(rng() * FILLER_PORTS.length)]!;
    fillers.push({
      name: `${inbound ? 'in' : 'out'}-app-${pad(i, 4)}`,
      priority: 100 + i,
      direction: inbound ? 'Inbound' : 'Outbound',
      access: rng() < 0.7 ? 'Allow' : 'Deny',
      protocol: rng() < 0.8 ? 'Tcp' : 'Udp',
      source: inbound ? (many ? [cidr, `172.16.${Math.floor(rng() * 256)}.0/24`] : cidr) : 'VirtualNetwork',
      destination: inbound ? 'VirtualNetwork' : many ? [cidr, '192.168.0.0/16'] : cidr,
      ports: many ? [port, FILLER_PORTS[Math.floor(rng() * FILLER_PORTS.length)]!] : port,
      description: `application rule ${i}`,
    });
  }
  // Required rules after the fillers (priorities up to 3999 hold fillers when R is large).
  const recommended = recommendedRuleSpecs({ firstPriority: 4000 }).filter((s) => !broken || s.name !== 'AllowApiManagementInbound');
  return [...fillers, ...recommended];
}

export interface RouteSpec {
  name: string;
  addressPrefix: string;
  nextHopType: string;
  nextHopIpAddress?: string;
}

function syntheticRoutes(total: number, rng: () => number): RouteSpec[] {
  const routes: RouteSpec[] = [];
  for (let i = 0; i < total; i++) {
    const appliance = rng() < 0.7;
    routes.push({
      name: `route-onprem-${pad(i, 3)}`,
      addressPrefix: `172.${16 + Math.floor(rng() * 16)}.${Math.floor(rng() * 256)}.0/24`,
      nextHopType: appliance ? 'VirtualAppliance' : 'VirtualNetworkGateway',
      ...(appliance ? { nextHopIpAddress: '10.0.0.4' } : {}),
    });
  }
  return routes;
}

// --- ARM JSON builders (shared with the sample estate) ---------------------------------------------

const DEFAULT_RULE_SPECS: Array<RuleSpec & { description: string }> = [
  { name: 'AllowVnetInBound', priority: 65000, direction: 'Inbound', access: 'Allow', protocol: '*', source: 'VirtualNetwork', destination: 'VirtualNetwork', ports: '*', description: 'Allow inbound traffic from all VMs in VNET' },
  { name: 'AllowAzureLoadBalancerInBound', priority: 65001, direction: 'Inbound', access: 'Allow', protocol: '*', source: 'AzureLoadBalancer', destination: '*', ports: '*', description: 'Allow inbound traffic from azure load balancer' },
  { name: 'DenyAllInBound', priority: 65500, direction: 'Inbound', access: 'Deny', protocol: '*', source: '*', destination: '*', ports: '*', description: 'Deny all inbound traffic' },
  { name: 'AllowVnetOutBound', priority: 65000, direction: 'Outbound', access: 'Allow', protocol: '*', source: 'VirtualNetwork', destination: 'VirtualNetwork', ports: '*', description: 'Allow outbound traffic from all VMs to all VMs in VNET' },
  { name: 'AllowInternetOutBound', priority: 65001, direction: 'Outbound', access: 'Allow', protocol: '*', source: '*', destination: 'Internet', ports: '*', description: 'Allow outbound traffic from all VMs to Internet' },
  { name: 'DenyAllOutBound', priority: 65500, direction: 'Outbound', access: 'Deny', protocol: '*', source: '*', destination: '*', ports: '*', description: 'Deny all outbound traffic' },
];

export function armNetworkSecurityGroup(id: string, location: string, rules: RuleSpec[], options: { subnetIds?: string[]; tags?: Record<string, string> } = {}): ArmResource {
  return {
    name: lastName(id),
    id,
    etag: etag(id),
    type: 'Microsoft.Network/networkSecurityGroups',
    location,
    ...(options.tags ? { tags: options.tags } : {}),
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: guidFrom(id),
      securityRules: rules.map((r) => armSecurityRule(`${id}/securityRules/${r.name}`, r, 'Microsoft.Network/networkSecurityGroups/securityRules')),
      defaultSecurityRules: DEFAULT_RULE_SPECS.map((r) =>
        armSecurityRule(`${id}/defaultSecurityRules/${r.name}`, r, 'Microsoft.Network/networkSecurityGroups/defaultSecurityRules'),
      ),
      ...(options.subnetIds ? { subnets: options.subnetIds.map((s) => ({ id: s })) } : {}),
    },
  };
}

/** ARM writes a single value in the singular property and several in the plural one, never both. */
function armSecurityRule(id: string, r: RuleSpec, type: string) {
  const pair = (value: string | string[] | undefined, single: string, plural: string) => {
    const list = value === undefined ? ['*'] : Array.isArray(value) ? value : [value];
    return list.length === 1 ? { [single]: list[0], [plural]: [] } : { [plural]: list };
  };
  return {
    name: r.name,
    id,
    etag: etag(id),
    type,
    properties: {
      provisioningState: 'Succeeded',
      ...(r.description ? { description: r.description } : {}),
      protocol: r.protocol ?? 'Tcp',
      ...pair(r.sourcePorts, 'sourcePortRange', 'sourcePortRanges'),
      ...pair(r.ports, 'destinationPortRange', 'destinationPortRanges'),
      ...pair(r.source, 'sourceAddressPrefix', 'sourceAddressPrefixes'),
      ...pair(r.destination, 'destinationAddressPrefix', 'destinationAddressPrefixes'),
      access: r.access,
      priority: r.priority,
      direction: r.direction,
    },
  };
}

export function armRouteTable(id: string, location: string, routes: RouteSpec[], options: { disableBgpRoutePropagation?: boolean; subnetIds?: string[] } = {}): ArmResource {
  return {
    name: lastName(id),
    id,
    etag: etag(id),
    type: 'Microsoft.Network/routeTables',
    location,
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: guidFrom(id),
      disableBgpRoutePropagation: options.disableBgpRoutePropagation ?? true,
      routes: routes.map((r) => ({
        name: r.name,
        id: `${id}/routes/${r.name}`,
        etag: etag(`${id}/routes/${r.name}`),
        properties: {
          provisioningState: 'Succeeded',
          addressPrefix: r.addressPrefix,
          nextHopType: r.nextHopType,
          ...(r.nextHopIpAddress ? { nextHopIpAddress: r.nextHopIpAddress } : {}),
          hasBgpOverride: false,
        },
        type: 'Microsoft.Network/routeTables/routes',
      })),
      ...(options.subnetIds ? { subnets: options.subnetIds.map((s) => ({ id: s })) } : {}),
    },
  };
}

export interface SubnetSpec {
  networkSecurityGroupId?: string;
  routeTableId?: string;
  serviceEndpoints?: Array<{ service: string; locations: string[] }>;
  delegations?: string[];
  ipConfigurationIds?: string[];
  resourceNavigationLinks?: Array<{ name: string; linkedResourceType: string; link: string }>;
}

export function armSubnet(id: string, addressPrefixes: string[], spec: SubnetSpec = {}) {
  const prefixes = addressPrefixes.length === 1 ? { addressPrefix: addressPrefixes[0] } : { addressPrefixes };
  return {
    name: lastName(id),
    id,
    etag: etag(id),
    properties: {
      provisioningState: 'Succeeded',
      ...prefixes,
      ...(spec.networkSecurityGroupId ? { networkSecurityGroup: { id: spec.networkSecurityGroupId } } : {}),
      ...(spec.routeTableId ? { routeTable: { id: spec.routeTableId } } : {}),
      ...(spec.ipConfigurationIds ? { ipConfigurations: spec.ipConfigurationIds.map((c) => ({ id: c })) } : {}),
      ...(spec.resourceNavigationLinks
        ? {
            resourceNavigationLinks: spec.resourceNavigationLinks.map((l) => ({
              name: l.name,
              id: `${id}/resourceNavigationLinks/${l.name}`,
              etag: etag(`${id}/resourceNavigationLinks/${l.name}`),
              type: 'Microsoft.Network/virtualNetworks/subnets/resourceNavigationLinks',
              properties: { provisioningState: 'Succeeded', linkedResourceType: l.linkedResourceType, link: l.link },
            })),
          }
        : {}),
      serviceEndpoints: (spec.serviceEndpoints ?? []).map((e) => ({ provisioningState: 'Succeeded', service: e.service, locations: e.locations })),
      delegations: (spec.delegations ?? []).map((service, i) => ({
        name: `delegation${i === 0 ? '' : i}`,
        id: `${id}/delegations/delegation${i === 0 ? '' : i}`,
        etag: etag(`${id}/delegations/${i}`),
        properties: { provisioningState: 'Succeeded', serviceName: service, actions: ['Microsoft.Network/virtualNetworks/subnets/action'] },
        type: 'Microsoft.Network/virtualNetworks/subnets/delegations',
      })),
      privateEndpointNetworkPolicies: 'Disabled',
      privateLinkServiceNetworkPolicies: 'Enabled',
    },
    type: 'Microsoft.Network/virtualNetworks/subnets',
  };
}

export function armVirtualNetwork(id: string, location: string, addressSpace: string[], subnets: unknown[], options: { dnsServers?: string[]; tags?: Record<string, string> } = {}): ArmResource {
  return {
    name: lastName(id),
    id,
    etag: etag(id),
    type: 'Microsoft.Network/virtualNetworks',
    location,
    ...(options.tags ? { tags: options.tags } : {}),
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: guidFrom(id),
      addressSpace: { addressPrefixes: addressSpace },
      ...(options.dnsServers ? { dhcpOptions: { dnsServers: options.dnsServers } } : {}),
      subnets,
      virtualNetworkPeerings: [],
      enableDdosProtection: false,
    },
  };
}

export function armPublicIp(
  id: string,
  location: string,
  options: { sku?: 'Standard' | 'Basic'; allocation?: 'Static' | 'Dynamic'; domainNameLabel?: string; ipAddress?: string; zones?: string[]; ipConfigurationId?: string } = {},
): ArmResource {
  const label = options.domainNameLabel;
  return {
    name: lastName(id),
    id,
    etag: etag(id),
    location,
    ...(options.zones ? { zones: options.zones } : {}),
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: guidFrom(id),
      ...(options.ipAddress ? { ipAddress: options.ipAddress } : {}),
      publicIPAddressVersion: 'IPv4',
      publicIPAllocationMethod: options.allocation ?? 'Static',
      idleTimeoutInMinutes: 4,
      ...(label ? { dnsSettings: { domainNameLabel: label, fqdn: `${label}.${location}.cloudapp.azure.com` } } : {}),
      ipTags: [],
      ...(options.ipConfigurationId ? { ipConfiguration: { id: options.ipConfigurationId } } : {}),
    },
    type: 'Microsoft.Network/publicIPAddresses',
    sku: { name: options.sku ?? 'Standard', tier: 'Regional' },
  };
}

export interface ApimSpec {
  location: string;
  sku: string;
  capacity: number;
  networkMode: 'None' | 'External' | 'Internal';
  subnetId?: string;
  publicIpAddressId?: string;
  platformVersion: string;
  zones?: string[];
  tags?: Record<string, string>;
  publicIPAddresses?: string[];
  privateIPAddresses?: string[];
  additionalLocations?: Array<{ location: string; capacity: number; subnetId?: string; publicIpAddressId?: string; platformVersion: string; publicIPAddresses?: string[]; privateIPAddresses?: string[] }>;
}

export function armApimInstance(id: string, spec: ApimSpec): ArmResource {
  const name = lastName(id);
  const regional = (loc: string) => `https://${name}-${loc.toLowerCase().replace(/\s+/g, '')}-01.regional.azure-api.net`;
  const vnetConfig = (subnetId: string | undefined) => (subnetId ? { subnetResourceId: subnetId, vnetid: null, subnetname: null } : null);
  return {
    id,
    name,
    type: 'Microsoft.ApiManagement/service',
    tags: spec.tags ?? {},
    location: spec.location,
    etag: 'AAAAAAG' + guidFrom(id).replace(/-/g, '').slice(0, 5) + '=',
    properties: {
      publisherEmail: 'api-platform@contoso.com',
      publisherName: 'Contoso',
      notificationSenderEmail: 'apimgmt-noreply@mail.windowsazure.com',
      provisioningState: 'Succeeded',
      targetProvisioningState: '',
      createdAtUtc: '2023-05-16T08:14:37.1934417Z',
      gatewayUrl: `https://${name}.azure-api.net`,
      gatewayRegionalUrl: regional(spec.location),
      portalUrl: `https://${name}.portal.azure-api.net`,
      developerPortalUrl: `https://${name}.developer.azure-api.net`,
      managementApiUrl: `https://${name}.management.azure-api.net`,
      scmUrl: `https://${name}.scm.azure-api.net`,
      hostnameConfigurations: [
        { type: 'Proxy', hostName: `${name}.azure-api.net`, negotiateClientCertificate: false, defaultSslBinding: true, certificateSource: 'BuiltIn' },
      ],
      publicIPAddresses: spec.publicIPAddresses ?? null,
      privateIPAddresses: spec.privateIPAddresses ?? null,
      publicIpAddressId: spec.publicIpAddressId ?? null,
      additionalLocations:
        spec.additionalLocations?.map((a) => ({
          location: a.location,
          sku: { name: spec.sku, capacity: a.capacity },
          zones: null,
          publicIPAddresses: a.publicIPAddresses ?? null,
          privateIPAddresses: a.privateIPAddresses ?? null,
          publicIpAddressId: a.publicIpAddressId ?? null,
          virtualNetworkConfiguration: vnetConfig(a.subnetId),
          gatewayRegionalUrl: regional(a.location),
          natGatewayState: 'Disabled',
          outboundPublicIPAddresses: a.publicIPAddresses ?? null,
          disableGateway: false,
          platformVersion: a.platformVersion,
        })) ?? null,
      virtualNetworkConfiguration: vnetConfig(spec.subnetId),
      customProperties: {
        'Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Protocols.Tls10': 'False',
        'Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Protocols.Tls11': 'False',
        'Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Backend.Protocols.Ssl30': 'False',
      },
      virtualNetworkType: spec.networkMode,
      disableGateway: false,
      natGatewayState: 'Disabled',
      outboundPublicIPAddresses: spec.publicIPAddresses ?? null,
      apiVersionConstraint: { minApiVersion: '2021-08-01' },
      publicNetworkAccess: 'Enabled',
      platformVersion: spec.platformVersion,
    },
    sku: { name: spec.sku, capacity: spec.capacity },
    ...(spec.zones ? { zones: spec.zones } : {}),
    systemData: {
      createdBy: 'platform-team@contoso.com',
      createdByType: 'User',
      createdAt: '2023-05-16T08:14:36.5462861Z',
      lastModifiedBy: 'platform-team@contoso.com',
      lastModifiedByType: 'User',
      lastModifiedAt: '2024-11-04T13:52:09.1176532Z',
    },
  };
}

// --- deterministic helpers --------------------------------------------------------------------------

/** Seeded generator (the generator's name for it). */
export const random = seededRandom;

/** A version-4-shaped GUID (ApiManagementClient validates subscription ids as UUIDs). */
export function uuid(rng: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rng() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A GUID derived from a string (FNV-1a seeded), so resource GUIDs and etags are stable. */
export function guidFrom(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return uuid(random(h));
}

function etag(id: string): string {
  return `W/"${guidFrom(`etag:${id}`)}"`;
}

function lastName(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** One item of `listNetworkManagerEffectiveSecurityAdminRules`, as on the wire (rule fields under `properties`). */
export interface AdminRuleSpec {
  networkManagerId: string;
  configuration?: string;
  ruleCollection?: string;
  name: string;
  priority: number;
  access: 'Allow' | 'AlwaysAllow' | 'Deny';
  direction?: 'Inbound' | 'Outbound';
  protocol?: string;
  sources?: Array<{ addressPrefix: string; addressPrefixType: string }>;
  destinations?: Array<{ addressPrefix: string; addressPrefixType: string }>;
  destinationPortRanges?: string[];
}

export function armAdminRuleItem(spec: AdminRuleSpec): Record<string, unknown> {
  const any = [{ addressPrefix: '*', addressPrefixType: 'IPPrefix' }];
  return {
    id: `${spec.networkManagerId}/securityAdminConfigurations/${spec.configuration ?? 'cfg-prod'}/ruleCollections/${spec.ruleCollection ?? 'rc-baseline'}/rules/${spec.name}`,
    kind: 'Custom',
    configurationDescription: 'central rules',
    ruleCollectionDescription: 'baseline',
    ruleCollectionAppliesToGroups: [{ networkGroupId: `${spec.networkManagerId}/networkGroups/ng-all` }],
    properties: {
      access: spec.access,
      priority: spec.priority,
      direction: spec.direction ?? 'Inbound',
      protocol: spec.protocol ?? 'Tcp',
      sources: spec.sources ?? any,
      destinations: spec.destinations ?? any,
      sourcePortRanges: ['0-65535'],
      destinationPortRanges: spec.destinationPortRanges ?? ['0-65535'],
      provisioningState: 'Succeeded',
    },
  };
}

/** The estate form of a VNet's effective admin rules (a pseudo-resource; see src/model/network.ts). */
export function armEffectiveAdminRules(vnetId: string, items: readonly unknown[]): ArmResource {
  return {
    id: `${vnetId}/effectiveSecurityAdminRules/default`,
    type: 'Microsoft.Network/virtualNetworks/effectiveSecurityAdminRules',
    name: 'default',
    properties: { value: [...items] },
  };
}
