import type { Route } from '../../model/network.js';
import { effectiveRoute, routeText } from '../../network/routes.js';
import { DOCS } from '../docs.js';
import { CLASSIC_BOTH_MODES } from '../nsg/applies.js';
import { azCommand, scopeOptions } from '../nsg/az-cli.js';
import { defineRule, type RuleSubject, type Violation } from '../rule.js';
import { dependencyDestinations } from './dependencies.js';
import { routeTarget } from './target.js';

/**
 * A route with next hop None drops what it carries. Reported when it is the effective route of an outbound
 * dependency (reference §1.1 E). ApiManagement is RT_MGMT_RETURN_PATH's. Public CIDR routes that might cover
 * part of a tag's unknown ranges are not reported: without the tag's ranges that would flag every blocked IP.
 */
export const rtNextHopNoneBlackhole = defineRule({
  meta: {
    id: 'RT_NEXTHOP_NONE_BLACKHOLE',
    severity: 'breaks-now',
    title: 'No route with next hop None swallows a gateway dependency',
    appliesTo: CLASSIC_BOTH_MODES,
    docs: DOCS.udrOverview,
    messages: {
      blackhole:
        '{{route}} in route table {{routeTable}} (subnet {{subnet}}) drops the traffic to {{dependencies}}, which the gateway needs.',
    },
    remediation: {
      default:
        'Remove the route ({{command}}) or add more specific routes for {{dependencies}} with next hop Internet or your firewall.',
    },
  },
  check(subject: RuleSubject): Violation[] {
    const target = routeTarget(subject);
    if (!target) return [];
    const { routeTable, subnet } = target;
    const byRoute = new Map<Route, string[]>();
    for (const destination of dependencyDestinations(target)) {
      const { route, isSystem } = effectiveRoute(routeTable.routes, destination);
      if (isSystem || route.nextHopType.toLowerCase() !== 'none') continue;
      byRoute.set(route, [...(byRoute.get(route) ?? []), destination]);
    }
    return [...byRoute].map(([route, dependencies]) => ({
      messageId: 'blackhole',
      resourceId: routeTable.id,
      data: {
        route: routeText(route),
        routeTable: routeTable.name,
        subnet: subnet.name,
        dependencies: dependencies.join(', '),
        command: azCommand('az network route-table route delete', [
          ...scopeOptions(routeTable.id),
          ['--route-table-name', routeTable.name],
          ['--name', route.name],
        ]),
      },
      evidence: { route, dependencies },
    }));
  },
});
