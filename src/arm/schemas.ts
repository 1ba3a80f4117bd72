/**
 * Zod schemas of the ARM JSON the project reads, limited to the properties the rules use.
 * Objects are parsed in strip mode (unknown keys are dropped from the parsed copy, never copied), and
 * `null` is accepted wherever ARM or Resource Graph write it for an absent value.
 * Only shape and type are checked here; src/arm/normalize.ts maps the result to src/model.
 */
import { z } from 'zod';
import { isValidResourceId, parseResourceId, ResourceIdError } from './resource-id.js';

/** A string that must be a parsable ARM id; `''` is accepted and means absent (templates write it). */
export const armIdText = z.string().superRefine((value, ctx) => {
  if (value === '' || isValidResourceId(value)) return;
  try {
    parseResourceId(value);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: e instanceof ResourceIdError ? e.message : 'not a valid ARM resource id' });
  }
});

/** A string compared case-insensitively with known values and returned in the canonical spelling. */
export function caseInsensitiveEnum<const T extends readonly string[]>(values: T) {
  return z.string().transform((value, ctx): T[number] => {
    const match = values.find((v) => v.toLowerCase() === value.toLowerCase());
    if (match === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected one of ${values.join(', ')}, got "${value.slice(0, 100)}"` });
      return z.NEVER;
    }
    return match;
  });
}

const optText = z.string().nullish();
const optTextList = z.array(z.string()).nullish();
const optId = armIdText.nullish();
/** `{ "id": "…" }`, how ARM references another resource. */
const reference = z.object({ id: optId }).nullish();
const optReferences = z.array(reference).nullish();
const capacity = z.number().int().nonnegative().nullish();

/** Fields common to every top-level resource. */
const common = {
  id: armIdText,
  type: z.string(),
  name: optText,
  zones: optTextList,
  tags: z.record(z.string(), z.string()).nullish(),
};

// --- Microsoft.ApiManagement/service -------------------------------------------------------------

const apimVnetConfiguration = z.object({ subnetResourceId: optId }).nullish();

const apimAdditionalLocation = z.object({
  location: z.string().min(1),
  sku: z.object({ name: optText, capacity }).nullish(),
  zones: optTextList,
  publicIpAddressId: optId,
  virtualNetworkConfiguration: apimVnetConfiguration,
  platformVersion: optText,
  disableGateway: z.boolean().nullish(),
});

export const NETWORK_MODES = ['None', 'External', 'Internal'] as const;

export const apimSchema = z.object({
  ...common,
  location: z.string().min(1),
  sku: z.object({ name: z.string().min(1), capacity }),
  properties: z
    .object({
      virtualNetworkType: caseInsensitiveEnum(NETWORK_MODES).nullish(),
      virtualNetworkConfiguration: apimVnetConfiguration,
      publicIpAddressId: optId,
      platformVersion: optText,
      additionalLocations: z.array(apimAdditionalLocation).nullish(),
    })
    .nullish(),
});
export type ApimJson = z.infer<typeof apimSchema>;

// --- Microsoft.Network/virtualNetworks/subnets ---------------------------------------------------

const subnetLink = z.object({
  id: optId,
  name: optText,
  properties: z.object({ linkedResourceType: optText, link: optText }).nullish(),
});

const subnetProperties = z.object({
  addressPrefix: optText,
  addressPrefixes: optTextList,
  delegations: z
    .array(z.object({ name: optText, properties: z.object({ serviceName: optText }).nullish() }))
    .nullish(),
  networkSecurityGroup: reference,
  routeTable: reference,
  natGateway: reference,
  serviceEndpoints: z.array(z.object({ service: optText })).nullish(),
  serviceEndpointPolicies: optReferences,
  ipConfigurations: optReferences,
  resourceNavigationLinks: z.array(subnetLink).nullish(),
  serviceAssociationLinks: z.array(subnetLink).nullish(),
});

/** A subnet, standalone or inline in its VNet; inline ones may lack an id (it is then derived). */
export const subnetSchema = z.object({
  id: optId,
  name: optText,
  properties: subnetProperties.nullish(),
});
export type SubnetJson = z.infer<typeof subnetSchema>;

export const standaloneSubnetSchema = subnetSchema.extend({ id: armIdText });

// --- Microsoft.Network/virtualNetworks -----------------------------------------------------------

export const virtualNetworkSchema = z.object({
  ...common,
  location: z.string().min(1),
  properties: z
    .object({
      addressSpace: z.object({ addressPrefixes: optTextList }).nullish(),
      dhcpOptions: z.object({ dnsServers: optTextList }).nullish(),
      subnets: z.array(subnetSchema).nullish(),
    })
    .nullish(),
});
export type VirtualNetworkJson = z.infer<typeof virtualNetworkSchema>;

// --- Microsoft.Network/networkSecurityGroups -----------------------------------------------------

export const DIRECTIONS = ['Inbound', 'Outbound'] as const;
export const ACCESSES = ['Allow', 'Deny'] as const;

const securityRuleSchema = z.object({
  id: optId,
  name: optText,
  properties: z.object({
    priority: z.number().int(),
    direction: caseInsensitiveEnum(DIRECTIONS),
    access: caseInsensitiveEnum(ACCESSES),
    protocol: z.string().min(1),
    sourceAddressPrefix: optText,
    sourceAddressPrefixes: optTextList,
    sourcePortRange: optText,
    sourcePortRanges: optTextList,
    destinationAddressPrefix: optText,
    destinationAddressPrefixes: optTextList,
    destinationPortRange: optText,
    destinationPortRanges: optTextList,
    sourceApplicationSecurityGroups: optReferences,
    destinationApplicationSecurityGroups: optReferences,
    description: optText,
  }),
});
export type SecurityRuleJson = z.infer<typeof securityRuleSchema>;

export const networkSecurityGroupSchema = z.object({
  ...common,
  location: z.string().min(1),
  properties: z
    .object({
      securityRules: z.array(securityRuleSchema).nullish(),
      defaultSecurityRules: z.array(securityRuleSchema).nullish(),
      // Only counted: what the NSG is attached to (to suggest an unattached one).
      subnets: z.array(z.unknown()).nullish(),
      networkInterfaces: z.array(z.unknown()).nullish(),
    })
    .nullish(),
});
export type NetworkSecurityGroupJson = z.infer<typeof networkSecurityGroupSchema>;

// --- Microsoft.Network/publicIPAddresses ---------------------------------------------------------

export const publicIpSchema = z.object({
  ...common,
  location: z.string().min(1),
  sku: z.object({ name: optText, tier: optText }).nullish(),
  properties: z
    .object({
      publicIPAddressVersion: optText,
      publicIPAllocationMethod: optText,
      dnsSettings: z.object({ domainNameLabel: optText }).nullish(),
      ipTags: z.array(z.object({ ipTagType: z.string(), tag: z.string() })).nullish(),
      ipConfiguration: reference,
    })
    .nullish(),
});
export type PublicIpJson = z.infer<typeof publicIpSchema>;

// --- Microsoft.Network/routeTables ---------------------------------------------------------------

const routeSchema = z.object({
  id: optId,
  name: optText,
  properties: z.object({
    addressPrefix: z.string().min(1),
    nextHopType: z.string().min(1),
    nextHopIpAddress: optText,
  }),
});

export const routeTableSchema = z.object({
  ...common,
  location: z.string().min(1),
  properties: z
    .object({
      routes: z.array(routeSchema).nullish(),
      disableBgpRoutePropagation: z.boolean().nullish(),
    })
    .nullish(),
});
export type RouteTableJson = z.infer<typeof routeTableSchema>;
