/**
 * The azurerm → ARM mapping (reference §2.3): each resource type the rules depend on, as the ARM body
 * the provider writes. Attribute names are the provider's (v4 and v5 spellings); anything a plan
 * marks unknown (`after_unknown`) is reported as an unknown value, never guessed.
 */
import { RESOURCE_TYPES, tryParseResourceId } from '../../arm/resource-id.js';
import type { ChangeAction, UnknownValue } from '../change.js';

type Obj = Record<string, unknown>;
export type TfValues = Obj;

export interface MapContext {
  /** `/subscriptions/{s}/resourceGroups/{rg}/providers/{path}` when the subscription can be told. */
  armId(path: string, resourceGroup: string | undefined): string | undefined;
  /** The id of the resource another argument of `address` refers to (through `configuration`). */
  referencedId(address: string, path: ReadonlyArray<string | number>): string | undefined;
}

export interface Mapped {
  body?: Obj;
  patch?: Record<string, unknown>;
  keep?: string[];
  unknown?: UnknownValue[];
  action?: ChangeAction;
}

export interface AzurermMapper {
  /** The ARM id of the resource the item changes (the subnet, for an association). */
  idOf(values: TfValues, ctx: MapContext, address: string): string | undefined;
  /** For the error when idOf cannot tell. */
  idHint: string;
  map(values: TfValues, afterUnknown: Obj, ctx: MapContext, address: string): Mapped;
  /** What deleting it does to another resource (an association clears the subnet's NSG); undefined: the resource goes. */
  onDelete?(values: TfValues, ctx: MapContext, address: string): { patch: Record<string, unknown> } | undefined;
}

const NET = 'Microsoft.Network';
const UNKNOWN = 'known only after apply (after_unknown)';

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function strings(v: unknown): string[] {
  return list(v).filter((x): x is string => typeof x === 'string' && x !== '');
}

function firstBlock(v: unknown): Obj | undefined {
  const b = list(v)[0];
  return typeof b === 'object' && b !== null ? (b as Obj) : undefined;
}

/** The id in the values when it is a parsable ARM id. */
function ownId(values: TfValues): string | undefined {
  const id = text(values.id);
  return id !== undefined && tryParseResourceId(id) ? id : undefined;
}

function isUnknown(afterUnknown: unknown, ...path: Array<string | number>): boolean {
  let v: unknown = afterUnknown;
  for (const p of path) {
    if (v === true) return true;
    if (typeof v !== 'object' || v === null) return false;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v === true;
}

/** Unknown leaves under `afterUnknown[key]` (any depth), as ARM-ish paths prefixed by `armPath`. */
function unknownUnder(afterUnknown: Obj, key: string, armPath: string): UnknownValue[] {
  const out: UnknownValue[] = [];
  const walk = (v: unknown, path: string) => {
    if (v === true) out.push({ path, reason: UNKNOWN });
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
  };
  walk(afterUnknown[key], armPath);
  return out;
}

function reference(subnetResourceId: string | undefined): { subnetResourceId: string } | undefined {
  return subnetResourceId === undefined ? undefined : { subnetResourceId };
}

function compact(o: Obj): Obj {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** One NSG rule, inline (`security_rule`) or a resource of its own: ARM's `{name, properties}`. */
function securityRuleBody(r: Obj): Obj {
  const asgs = (v: unknown) => strings(v).map((id) => ({ id }));
  return {
    name: r.name,
    properties: compact({
      description: text(r.description),
      protocol: text(r.protocol),
      sourcePortRange: text(r.source_port_range),
      sourcePortRanges: strings(r.source_port_ranges),
      destinationPortRange: text(r.destination_port_range),
      destinationPortRanges: strings(r.destination_port_ranges),
      sourceAddressPrefix: text(r.source_address_prefix),
      sourceAddressPrefixes: strings(r.source_address_prefixes),
      destinationAddressPrefix: text(r.destination_address_prefix),
      destinationAddressPrefixes: strings(r.destination_address_prefixes),
      sourceApplicationSecurityGroups: asgs(r.source_application_security_group_ids),
      destinationApplicationSecurityGroups: asgs(r.destination_application_security_group_ids),
      access: text(r.access),
      priority: r.priority,
      direction: text(r.direction),
    }),
  };
}

function delegations(v: unknown): Obj[] {
  return list(v).map((d) => {
    const o = d as Obj;
    const service = firstBlock(o.service_delegation);
    return { name: o.name, properties: compact({ serviceName: text(service?.name), actions: service ? strings(service.actions) : undefined }) };
  });
}

/** v4 `service_endpoints` (strings) or v5 `service_endpoint` blocks. */
function serviceEndpoints(values: Obj): Obj[] | undefined {
  if (Array.isArray(values.service_endpoint)) return list(values.service_endpoint).flatMap((e) => (text((e as Obj)?.service) ? [{ service: (e as Obj).service }] : []));
  if (Array.isArray(values.service_endpoints)) return strings(values.service_endpoints).map((service) => ({ service }));
  return undefined;
}

function subnetProperties(s: Obj): Obj {
  const prefixes = strings(s.address_prefixes);
  return compact({
    addressPrefixes: prefixes.length > 0 ? prefixes : undefined,
    addressPrefix: text(s.address_prefix),
    delegations: Array.isArray(s.delegation) ? delegations(s.delegation) : undefined,
    serviceEndpoints: serviceEndpoints(s),
    serviceEndpointPolicies: Array.isArray(s.service_endpoint_policy_ids) ? strings(s.service_endpoint_policy_ids).map((id) => ({ id })) : undefined,
    defaultOutboundAccess: typeof s.default_outbound_access_enabled === 'boolean' ? s.default_outbound_access_enabled : undefined,
    privateEndpointNetworkPolicies: text(s.private_endpoint_network_policies),
  });
}

function nsgId(values: TfValues, ctx: MapContext): string | undefined {
  return ctx.armId(`${NET}/networkSecurityGroups/${values.network_security_group_name}`, text(values.resource_group_name));
}

function routeTableId(values: TfValues, ctx: MapContext): string | undefined {
  return ctx.armId(`${NET}/routeTables/${values.route_table_name}`, text(values.resource_group_name));
}

function vnetSubnetId(values: TfValues, ctx: MapContext): string | undefined {
  if (text(values.virtual_network_name) === undefined || text(values.name) === undefined) return undefined;
  return ctx.armId(`${NET}/virtualNetworks/${values.virtual_network_name}/subnets/${values.name}`, text(values.resource_group_name));
}

function topLevel(path: string) {
  return (values: TfValues, ctx: MapContext) => ownId(values) ?? (text(values.name) ? ctx.armId(`${path}/${values.name}`, text(values.resource_group_name)) : undefined);
}

/** An association: its `id` is the subnet's; it sets (or, deleted, clears) one property of the subnet. */
function association(argument: string, property: string, what: string): AzurermMapper {
  const subnetOf = (values: TfValues, ctx: MapContext, address: string) => {
    const own = text(values.subnet_id) ?? ownId(values);
    return own !== undefined && tryParseResourceId(own) ? own : ctx.referencedId(address, ['subnet_id']);
  };
  return {
    idOf: subnetOf,
    idHint: 'subnet_id is not known and its reference cannot be resolved',
    map(values, afterUnknown, ctx, address) {
      const target = text(values[argument]) ?? (isUnknown(afterUnknown, argument) ? ctx.referencedId(address, [argument]) : undefined);
      if (target === undefined) {
        return { patch: {}, unknown: [{ path: `properties.${property}.id`, reason: `${argument}: the ${what} is ${UNKNOWN} and its reference cannot be resolved` }] };
      }
      return { patch: { [property]: { id: target } } };
    },
    onDelete: () => ({ patch: { [property]: null } }),
  };
}

export const AZURERM: Readonly<Record<string, AzurermMapper>> = {
  azurerm_network_security_group: {
    idOf: topLevel(RESOURCE_TYPES.networkSecurityGroup),
    idHint: 'name and resource_group_name',
    map(values, afterUnknown) {
      const unknown = unknownUnder(afterUnknown, 'security_rule', 'properties.securityRules');
      return {
        body: { name: values.name, location: values.location, properties: { securityRules: list(values.security_rule).map((r) => securityRuleBody(r as Obj)) } },
        unknown,
      };
    },
  },
  azurerm_network_security_rule: {
    idOf: (values, ctx) => ownId(values) ?? (text(values.name) ? nsgId(values, ctx)?.concat(`/securityRules/${values.name}`) : undefined),
    idHint: 'name, network_security_group_name and resource_group_name',
    map(values, afterUnknown) {
      const unknown = Object.entries(afterUnknown)
        .filter(([k, v]) => v === true && k !== 'id')
        .map(([k]) => ({ path: `properties.${k}`, reason: UNKNOWN }));
      return { body: securityRuleBody(values), unknown };
    },
  },
  azurerm_subnet: {
    idOf: (values, ctx) => ownId(values) ?? vnetSubnetId(values, ctx),
    idHint: 'name, virtual_network_name and resource_group_name',
    map(values, afterUnknown) {
      const properties = subnetProperties(values);
      const unknown: UnknownValue[] = [];
      // Set by an association resource or computed: the subnet resource keeps what is there unless it says otherwise.
      const nsg = text(values.network_security_group_id);
      const rt = text(values.route_table_id);
      if (nsg !== undefined) properties.networkSecurityGroup = { id: nsg };
      if (rt !== undefined) properties.routeTable = { id: rt };
      if (values.network_security_group_id_wo_version !== undefined && values.network_security_group_id_wo_version !== null) {
        unknown.push({ path: 'properties.networkSecurityGroup', reason: 'set through the write-only network_security_group_id_wo, which plans never show' });
      }
      if (values.route_table_id_wo_version !== undefined && values.route_table_id_wo_version !== null) {
        unknown.push({ path: 'properties.routeTable', reason: 'set through the write-only route_table_id_wo, which plans never show' });
      }
      for (const key of ['address_prefixes', 'delegation', 'service_endpoints', 'service_endpoint']) unknown.push(...unknownUnder(afterUnknown, key, `properties.${key}`));
      return { body: { name: values.name, properties }, keep: ['networkSecurityGroup', 'routeTable', 'natGateway'], unknown };
    },
  },
  azurerm_subnet_network_security_group_association: association('network_security_group_id', 'networkSecurityGroup', 'network security group'),
  azurerm_subnet_route_table_association: association('route_table_id', 'routeTable', 'route table'),
  azurerm_route_table: {
    idOf: topLevel(RESOURCE_TYPES.routeTable),
    idHint: 'name and resource_group_name',
    map(values, afterUnknown) {
      const bgp = typeof values.bgp_route_propagation_enabled === 'boolean' ? !values.bgp_route_propagation_enabled : values.disable_bgp_route_propagation === true;
      return {
        body: {
          name: values.name,
          location: values.location,
          properties: { routes: list(values.route).map((r) => routeBody(r as Obj)), disableBgpRoutePropagation: bgp },
        },
        unknown: unknownUnder(afterUnknown, 'route', 'properties.routes'),
      };
    },
  },
  azurerm_route: {
    idOf: (values, ctx) => ownId(values) ?? (text(values.name) ? routeTableId(values, ctx)?.concat(`/routes/${values.name}`) : undefined),
    idHint: 'name, route_table_name and resource_group_name',
    map(values, afterUnknown) {
      const unknown = ['address_prefix', 'next_hop_type', 'next_hop_in_ip_address'].filter((k) => isUnknown(afterUnknown, k)).map((k) => ({ path: `properties.${k}`, reason: UNKNOWN }));
      return { body: routeBody(values), unknown };
    },
  },
  azurerm_public_ip: {
    idOf: topLevel(RESOURCE_TYPES.publicIp),
    idHint: 'name and resource_group_name',
    map(values) {
      const tags = (values.ip_tags ?? {}) as Record<string, string>;
      return {
        body: compact({
          name: values.name,
          location: values.location,
          sku: compact({ name: text(values.sku) ?? 'Standard', tier: text(values.sku_tier) }),
          zones: Array.isArray(values.zones) ? strings(values.zones) : undefined,
          properties: compact({
            publicIPAllocationMethod: text(values.allocation_method),
            publicIPAddressVersion: text(values.ip_version),
            dnsSettings: text(values.domain_name_label) ? { domainNameLabel: values.domain_name_label } : undefined,
            ipTags: Object.entries(tags).map(([ipTagType, tag]) => ({ ipTagType, tag })),
            idleTimeoutInMinutes: values.idle_timeout_in_minutes,
          }),
        }),
      };
    },
  },
  azurerm_api_management: {
    idOf: topLevel(RESOURCE_TYPES.apim),
    idHint: 'name and resource_group_name',
    map(values, afterUnknown, ctx, address) {
      const [skuName, capacity] = String(values.sku_name ?? '').split('_');
      const unknown: UnknownValue[] = [];
      const subnet = (block: unknown, path: string, unknownPath: Array<string | number>): string | undefined => {
        const id = text(firstBlock(block)?.subnet_id);
        if (id !== undefined) return id;
        if (!isUnknown(afterUnknown, ...unknownPath)) return undefined;
        const resolved = ctx.referencedId(address, unknownPath);
        if (resolved === undefined) unknown.push({ path, reason: `the subnet is ${UNKNOWN}` });
        return resolved;
      };
      const additional = list(values.additional_location).map((a, i) => {
        const l = a as Obj;
        return compact({
          location: l.location,
          sku: { name: skuName, capacity: typeof l.capacity === 'number' ? l.capacity : 1 },
          zones: Array.isArray(l.zones) ? strings(l.zones) : undefined,
          publicIpAddressId: text(l.public_ip_address_id),
          virtualNetworkConfiguration: reference(
            subnet(l.virtual_network_configuration, `properties.additionalLocations[${i}].virtualNetworkConfiguration.subnetResourceId`, ['additional_location', i, 'virtual_network_configuration', 0, 'subnet_id']),
          ),
          disableGateway: typeof l.gateway_disabled === 'boolean' ? l.gateway_disabled : undefined,
        });
      });
      const primarySubnet = subnet(values.virtual_network_configuration, 'properties.virtualNetworkConfiguration.subnetResourceId', ['virtual_network_configuration', 0, 'subnet_id']);
      if (isUnknown(afterUnknown, 'public_ip_address_id')) unknown.push({ path: 'properties.publicIpAddressId', reason: `the public IP is ${UNKNOWN}` });
      return {
        body: compact({
          name: values.name,
          location: values.location,
          sku: { name: skuName, capacity: Number(capacity ?? 1) || 1 },
          zones: Array.isArray(values.zones) ? strings(values.zones) : undefined,
          properties: compact({
            virtualNetworkType: text(values.virtual_network_type) ?? 'None',
            virtualNetworkConfiguration: reference(primarySubnet),
            publicIpAddressId: text(values.public_ip_address_id),
            publicNetworkAccess: typeof values.public_network_access_enabled === 'boolean' ? (values.public_network_access_enabled ? 'Enabled' : 'Disabled') : undefined,
            additionalLocations: additional,
          }),
        }),
        unknown,
      };
    },
  },
  azurerm_virtual_network: {
    idOf: topLevel(RESOURCE_TYPES.virtualNetwork),
    idHint: 'name and resource_group_name',
    map(values, afterUnknown) {
      // `subnet` is optional and computed: only an explicit list (even empty) says which inline subnets there are.
      const subnets = Array.isArray(values.subnet) && !isUnknown(afterUnknown, 'subnet')
        ? list(values.subnet).map((s) => {
            const o = s as Obj;
            const properties = subnetProperties(o);
            if (text(o.security_group)) properties.networkSecurityGroup = { id: o.security_group };
            if (text(o.route_table_id)) properties.routeTable = { id: o.route_table_id };
            return compact({ name: o.name, id: text(o.id) && tryParseResourceId(o.id) ? o.id : undefined, properties });
          })
        : undefined;
      return {
        body: {
          name: values.name,
          location: values.location,
          properties: compact({
            addressSpace: { addressPrefixes: strings(values.address_space) },
            dhcpOptions: Array.isArray(values.dns_servers) ? { dnsServers: strings(values.dns_servers) } : undefined,
            subnets,
          }),
        },
        unknown: [...unknownUnder(afterUnknown, 'dns_servers', 'properties.dhcpOptions.dnsServers'), ...(Array.isArray(values.subnet) ? unknownUnder(afterUnknown, 'subnet', 'properties.subnets') : [])],
      };
    },
  },
};

function routeBody(r: Obj): Obj {
  return { name: r.name, properties: compact({ addressPrefix: text(r.address_prefix), nextHopType: text(r.next_hop_type), nextHopIpAddress: text(r.next_hop_in_ip_address) }) };
}
