import { parseResourceId } from '../../arm/resource-id.js';
import { effectiveRoute, isInternetNextHop, routeText, tunnelRoute } from '../../network/routes.js';
import { DOCS } from '../docs.js';
import { CLASSIC_BOTH_MODES } from '../nsg/applies.js';
import { azCommand, scopeOptions } from '../nsg/az-cli.js';
import { defineRule, type RuleSubject, type Violation } from '../rule.js';
import { recommendedServiceEndpoints } from './dependencies.js';
import { routeTarget } from './target.js';

function hasEndpoint(present: readonly string[], service: string): boolean {
  const wanted = service.toLowerCase();
  // `Microsoft.Storage.Global` serves Storage as well.
  return present.some((p) => p.toLowerCase() === wanted || p.toLowerCase().startsWith(`${wanted}.`));
}

/**
 * Reference §4 item 2: under forced tunnelling Microsoft "strongly recommends" service endpoints for Storage,
 * Sql (primary location only), Event Hubs and Key Vault. A service whose own route already goes to the Internet
 * does not need one.
 */
export const rtFtServiceEndpoints = defineRule({
  meta: {
    id: 'RT_FT_SERVICE_ENDPOINTS',
    severity: 'recommendation',
    title: 'A force-tunnelled subnet has service endpoints for the gateway dependencies',
    appliesTo: CLASSIC_BOTH_MODES,
    docs: DOCS.forcedTunnelling,
    messages: {
      missing:
        'Route table {{routeTable}} force-tunnels subnet {{subnet}} through {{route}} and the subnet lacks the service endpoints {{missing}} (it has: {{present}}). Traffic to those dependencies goes through the firewall, which must then allow all their ranges and keep them current.',
    },
    remediation: { default: 'Add the service endpoints (the list replaces the current one): {{command}}' },
  },
  check(subject: RuleSubject): Violation[] {
    const target = routeTarget(subject);
    const tunnel = target && tunnelRoute(target.routeTable.routes);
    if (!target || !tunnel) return [];
    const { subnet, routeTable } = target;
    const missing = recommendedServiceEndpoints(target)
      .filter((e) => !hasEndpoint(subnet.serviceEndpoints, e.service))
      .filter((e) => !isInternetNextHop(effectiveRoute(routeTable.routes, e.destination).route))
      .map((e) => e.service);
    if (missing.length === 0) return [];
    const parsed = parseResourceId(subnet.id);
    const vnetName = parsed.segments[0]?.name ?? '';
    const command = azCommand('az network vnet subnet update', [
      ...scopeOptions(subnet.id),
      ['--vnet-name', vnetName],
      ['--name', subnet.name],
      ['--service-endpoints', [...subnet.serviceEndpoints, ...missing]],
    ]);
    return [
      {
        messageId: 'missing',
        resourceId: subnet.id,
        data: {
          routeTable: routeTable.name,
          subnet: subnet.name,
          route: routeText(tunnel.route, tunnel.isSystem),
          missing: missing.join(', '),
          present: subnet.serviceEndpoints.length > 0 ? subnet.serviceEndpoints.join(', ') : 'none',
          command,
        },
        evidence: { missing, present: subnet.serviceEndpoints, defaultRoute: tunnel.route },
      },
    ];
  },
});
