import { effectiveRoute, isInternetNextHop, routeText } from '../../network/routes.js';
import { DOCS } from '../docs.js';
import { azCommand, scopeOptions } from '../nsg/az-cli.js';
import { REQUIRED_FLOWS } from '../nsg/required-flows.js';
import { routeTarget } from '../routing/target.js';
import { defineRule, type RuleSubject, type Violation } from '../rule.js';
import { resourceName, sameText } from '../subject.js';
import { V2_LOCATION } from './applies.js';

/**
 * Route tables are undocumented for the v2 tiers (the overview says injection works "without requiring route
 * tables"), but a route still carries the one documented dependency, Key Vault [I]. As the classic route rules
 * decide: next hop None drops it (RT_NEXTHOP_NONE_BLACKHOLE), and a forced tunnel sends it through an appliance
 * that must then allow it, unless a Microsoft.KeyVault service endpoint takes it off the tunnel (RT_FT_SERVICE_ENDPOINTS).
 */
export const v2RtKeyVault = defineRule({
  meta: {
    id: 'V2_RT_KEY_VAULT',
    severity: 'breaks-now',
    title: 'No route of the v2 subnet drops or tunnels the Key Vault traffic',
    appliesTo: V2_LOCATION,
    docs: DOCS.udrOverview,
    messages: {
      blackhole: '{{route}} in route table {{routeTable}} (subnet {{subnet}}) drops the traffic to {{destination}}, the Key Vault dependency of {{instance}}.',
      tunnelled:
        '{{route}} in route table {{routeTable}} (subnet {{subnet}}) sends the traffic to {{destination}} through {{hop}}, and the subnet has no Microsoft.KeyVault service endpoint: the appliance must allow {{destination}} on TCP 443 or {{instance}} loses its Key Vault dependency. Route tables are not documented for the v2 tiers, so this is a recommendation.',
    },
    remediation: {
      blackhole: 'Remove the route ({{command}}) or add a more specific route for {{destination}} with next hop Internet or your firewall.',
      tunnelled: 'Add the Microsoft.KeyVault service endpoint to the subnet ({{command}}), or make sure the appliance allows {{destination}} on TCP 443.',
    },
  },
  check(subject: RuleSubject): Violation[] {
    const target = routeTarget(subject);
    if (!target) return [];
    const { routeTable, subnet } = target;
    const destination = REQUIRED_FLOWS.keyVault.remoteTag(target);
    const { route, isSystem } = effectiveRoute(routeTable.routes, destination);
    if (isSystem || isInternetNextHop(route)) return [];
    const base = { route: routeText(route), routeTable: routeTable.name, subnet: subnet.name, destination, instance: subject.view.instance.name };
    if (route.nextHopType.toLowerCase() === 'none') {
      const command = azCommand('az network route-table route delete', [...scopeOptions(routeTable.id), ['--route-table-name', routeTable.name], ['--name', route.name]]);
      return [{ messageId: 'blackhole', resourceId: routeTable.id, data: { ...base, command }, evidence: { route, destination } }];
    }
    if (subnet.serviceEndpoints.some((e) => sameText(e, 'Microsoft.KeyVault'))) return [];
    const command = azCommand('az network vnet subnet update', [
      ...scopeOptions(subnet.id),
      ['--vnet-name', resourceName(subnet.virtualNetworkId)],
      ['--name', subnet.name],
      ['--service-endpoints', [...subnet.serviceEndpoints, 'Microsoft.KeyVault']],
    ]);
    const hop = route.nextHopIpAddress ? `${route.nextHopType} ${route.nextHopIpAddress}` : route.nextHopType;
    return [
      { messageId: 'tunnelled', severity: 'recommendation', resourceId: routeTable.id, data: { ...base, hop, command }, evidence: { route, destination, serviceEndpoints: subnet.serviceEndpoints } },
    ];
  },
});
