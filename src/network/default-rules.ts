/**
 * Azure's six default security rules (network-security-groups-overview). Every NSG has them; ARM returns them
 * in `defaultSecurityRules`. Used when an NSG arrives without them (estate files often omit them).
 */
import type { Access, Direction, SecurityRule } from '../model/network.js';

function defaultRule(name: string, priority: number, direction: Direction, access: Access, source: string, destination: string): SecurityRule {
  return {
    name,
    priority,
    direction,
    access,
    protocol: '*',
    sourceAddressPrefixes: [source],
    sourcePortRanges: ['*'],
    destinationAddressPrefixes: [destination],
    destinationPortRanges: ['*'],
    sourceApplicationSecurityGroups: [],
    destinationApplicationSecurityGroups: [],
    isDefault: true,
  };
}

export const AZURE_DEFAULT_SECURITY_RULES: readonly SecurityRule[] = Object.freeze([
  defaultRule('AllowVnetInBound', 65000, 'Inbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'),
  defaultRule('AllowAzureLoadBalancerInBound', 65001, 'Inbound', 'Allow', 'AzureLoadBalancer', '*'),
  defaultRule('DenyAllInBound', 65500, 'Inbound', 'Deny', '*', '*'),
  defaultRule('AllowVnetOutBound', 65000, 'Outbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'),
  defaultRule('AllowInternetOutBound', 65001, 'Outbound', 'Allow', '*', 'Internet'),
  defaultRule('DenyAllOutBound', 65500, 'Outbound', 'Deny', '*', '*'),
]);
