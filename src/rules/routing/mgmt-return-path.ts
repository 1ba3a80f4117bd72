import { effectiveRoute, isInternetNextHop, routeText } from '../../network/routes.js';
import { DOCS } from '../docs.js';
import { CLASSIC_BOTH_MODES } from '../nsg/applies.js';
import { azCommand, freeName, scopeOptions } from '../nsg/az-cli.js';
import { defineRule, type RuleSubject, type Violation } from '../rule.js';
import { routeTarget } from './target.js';

/**
 * Reference §4 item 1: responses to the control plane (3443) must go straight back to the Internet. Checked as
 * "the effective route of the ApiManagement tag has next hop Internet", which covers forced tunnelling without
 * the ApiManagement route and an ApiManagement route pointed at a firewall alike.
 */
export const rtMgmtReturnPath = defineRule({
  meta: {
    id: 'RT_MGMT_RETURN_PATH',
    severity: 'breaks-now',
    title: 'Control-plane traffic (ApiManagement tag) is routed straight to the Internet',
    appliesTo: CLASSIC_BOTH_MODES,
    docs: DOCS.forcedTunnelling,
    messages: {
      notInternet:
        'Route table {{routeTable}} on subnet {{subnet}} sends traffic for the ApiManagement service tag through {{route}}, not to the Internet.{{partial}} Responses to the control plane on port 3443 take an asymmetric path and the management endpoint is lost.',
    },
    remediation: { default: '{{fix}}' },
  },
  check(subject: RuleSubject): Violation[] {
    const target = routeTarget(subject);
    if (!target) return [];
    const { routeTable, subnet } = target;
    const effective = effectiveRoute(routeTable.routes, 'ApiManagement');
    if (isInternetNextHop(effective.route)) return [];
    const partial = effective.partialRoutes.filter(isInternetNextHop);
    const scope = [...scopeOptions(routeTable.id), ['--route-table-name', routeTable.name]] as Array<[string, string]>;
    const fix =
      effective.route.addressPrefix.toLowerCase() === 'apimanagement'
        ? `Send the ApiManagement tag to the Internet: ${azCommand('az network route-table route update', [...scope, ['--name', effective.route.name], ['--next-hop-type', 'Internet']])}`
        : `Add a route for the ApiManagement service tag with next hop Internet: ${azCommand('az network route-table route create', [
            ...scope,
            ['--name', freeName('ApiManagementToInternet', routeTable.routes.map((r) => r.name))],
            ['--address-prefix', 'ApiManagement'],
            ['--next-hop-type', 'Internet'],
          ])}`;
    return [
      {
        messageId: 'notInternet',
        resourceId: routeTable.id,
        data: {
          routeTable: routeTable.name,
          subnet: subnet.name,
          route: routeText(effective.route, effective.isSystem),
          partial: partial.length > 0 ? ` ${partial.map((r) => routeText(r)).join(', ')} covers only part of the ApiManagement ranges.` : '',
          fix,
        },
        evidence: { destination: 'ApiManagement', effectiveRoute: effective.route, partialRoutes: effective.partialRoutes },
      },
    ];
  },
});
