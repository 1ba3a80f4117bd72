/** View builders shared by the NSG rule tables: Microsoft's recommended NSG, minus or plus some rules. */
import type { SecurityRule } from '../../../src/model/network.js';
import type { InstanceView } from '../../../src/model/view.js';
import { buildView, recommendedRules, rule, type LocationSpec, type ViewSpec } from '../../support/view-builder.js';

export const denyInternetOutbound = (priority = 4000, name = 'DenyInternetOutbound') =>
  rule({ name, priority, direction: 'Outbound', access: 'Deny', protocol: '*', sourceAddressPrefixes: ['*'], destinationAddressPrefixes: ['Internet'] });

export const denyAllInbound = (priority = 4000) =>
  rule({ name: 'DenyAllInboundCustom', priority, direction: 'Inbound', access: 'Deny', protocol: '*' });

export const allowOut = (name: string, priority: number, destination: string, ports: string[]) =>
  rule({ name, priority, direction: 'Outbound', access: 'Allow', sourceAddressPrefixes: ['VirtualNetwork'], destinationAddressPrefixes: [destination], destinationPortRanges: ports });

/** The recommended rules without the named ones, plus `extra`. */
export function nsgRules(options: { without?: string[]; extra?: SecurityRule[] } = {}): SecurityRule[] {
  return [...recommendedRules().filter((r) => !(options.without ?? []).includes(r.name)), ...(options.extra ?? [])];
}

/** A one-location view whose NSG holds `securityRules`. */
export function viewWith(securityRules: SecurityRule[], spec: Omit<ViewSpec, 'locations'> & { location?: LocationSpec } = {}): InstanceView {
  return buildView({ ...spec, locations: [{ ...spec.location, networkSecurityGroup: { securityRules } }] });
}

/** A two-location view (westeurope primary, northeurope additional) with a rule set per location. */
export function twoLocations(primary: SecurityRule[], secondary: SecurityRule[], spec: Omit<ViewSpec, 'locations'> = {}): InstanceView {
  return buildView({
    ...spec,
    locations: [
      { networkSecurityGroup: { securityRules: primary } },
      { region: 'northeurope', displayName: 'North Europe', networkSecurityGroup: { securityRules: secondary } },
    ],
  });
}
