import { describe, expect, it } from 'vitest';
import type { Route } from '../../../src/model/network.js';
import type { InstanceView } from '../../../src/model/view.js';
import { rtFtServiceEndpoints } from '../../../src/rules/routing/ft-service-endpoints.js';
import { rtMgmtReturnPath } from '../../../src/rules/routing/mgmt-return-path.js';
import { rtNextHopNoneBlackhole } from '../../../src/rules/routing/nexthop-none-blackhole.js';
import { evaluateInstance } from '../../../src/engine/evaluate.js';
import { nsgRules } from '../../../src/rules/nsg/index.js';
import { routingRules } from '../../../src/rules/routing/index.js';
import { findingsOf, runRuleTests } from '../../support/rule-tester.js';
import { buildView, ids } from '../../support/view-builder.js';

const RT = ids.routeTable('rt-apim-weu');
const ALL_ENDPOINTS = ['Microsoft.Storage', 'Microsoft.Sql', 'Microsoft.EventHub', 'Microsoft.KeyVault'];
const route = (name: string, addressPrefix: string, nextHopType = 'VirtualAppliance'): Route => ({
  name,
  addressPrefix,
  nextHopType,
  ...(nextHopType === 'VirtualAppliance' ? { nextHopIpAddress: '10.0.0.4' } : {}),
});
const tunnel = route('ToFirewall', '0.0.0.0/0');
const mgmtDirect = route('ApiManagementToInternet', 'ApiManagement', 'Internet');

function withRoutes(routes: Route[], serviceEndpoints: string[] = ALL_ENDPOINTS, instance = {}): InstanceView {
  return buildView({ instance, locations: [{ subnet: { routeTableId: RT, serviceEndpoints }, routeTable: { routes } }] });
}

runRuleTests(rtMgmtReturnPath, {
  valid: [
    { name: 'no route table', view: buildView() },
    { name: 'an empty route table', view: withRoutes([]) },
    { name: 'forced tunnelling with the ApiManagement → Internet route', view: withRoutes([tunnel, mgmtDirect]) },
    { name: 'route table unreadable: skipped', view: buildView({ locations: [{ subnet: { routeTableId: RT }, routeTable: { state: 'unreadable', id: RT, reason: 'timeout' } }] }) },
  ],
  invalid: [
    {
      name: 'forced tunnelling without the return path',
      view: withRoutes([tunnel]),
      errors: [{ severity: 'breaks-now', resourceId: RT, messageIncludes: ['rt-apim-weu', 'snet-apim', 'route ToFirewall (0.0.0.0/0 → VirtualAppliance 10.0.0.4)', '3443'], evidence: { destination: 'ApiManagement', effectiveRoute: { name: 'ToFirewall' } } }],
    },
    {
      name: 'the ApiManagement tag itself pointed at the firewall',
      view: withRoutes([route('ApimViaFirewall', 'ApiManagement')]),
      errors: [{ messageIncludes: ['route ApimViaFirewall (ApiManagement → VirtualAppliance'] }],
    },
    {
      name: 'only the regional ApiManagement tag goes direct',
      view: withRoutes([tunnel, route('ApimWeu', 'ApiManagement.WestEurope', 'Internet')]),
      errors: [{ messageIncludes: ['route ApimWeu (ApiManagement.WestEurope → Internet) covers only part'] }],
    },
    {
      name: 'a default route to None',
      view: withRoutes([route('Drop', '0.0.0.0/0', 'None')]),
      errors: [{ messageIncludes: ['Drop (0.0.0.0/0 → None)'] }],
    },
  ],
});

runRuleTests(rtFtServiceEndpoints, {
  valid: [
    { name: 'no forced tunnelling', view: withRoutes([mgmtDirect], []) },
    { name: 'forced tunnelling with the four endpoints', view: withRoutes([tunnel, mgmtDirect]) },
    { name: 'Microsoft.Storage.Global counts for Storage', view: withRoutes([tunnel, mgmtDirect], ['Microsoft.Storage.Global', 'Microsoft.Sql', 'Microsoft.EventHub', 'Microsoft.KeyVault']) },
    { name: 'Storage routed to the Internet needs no endpoint', view: withRoutes([tunnel, mgmtDirect, route('StorageDirect', 'Storage', 'Internet')], ['Microsoft.Sql', 'Microsoft.EventHub', 'Microsoft.KeyVault']) },
    {
      name: 'an additional location needs no Microsoft.Sql',
      view: buildView({
        locations: [
          { subnet: { routeTableId: RT, serviceEndpoints: ALL_ENDPOINTS }, routeTable: { routes: [tunnel, mgmtDirect] } },
          { region: 'northeurope', subnet: { routeTableId: ids.routeTable('rt-neu'), serviceEndpoints: ['Microsoft.Storage', 'Microsoft.EventHub', 'Microsoft.KeyVault'] }, routeTable: { routes: [tunnel, mgmtDirect] } },
        ],
      }),
    },
  ],
  invalid: [
    {
      name: 'forced tunnelling and no endpoints',
      view: withRoutes([tunnel, mgmtDirect], []),
      errors: [{ severity: 'recommendation', resourceId: ids.subnet('vnet-weu'), messageIncludes: ['Microsoft.Storage, Microsoft.Sql, Microsoft.EventHub, Microsoft.KeyVault', 'it has: none', 'route ToFirewall'] }],
    },
    {
      name: 'forced tunnelling by the two /1 halves, Key Vault endpoint missing',
      view: withRoutes([route('Half1', '0.0.0.0/1'), route('Half2', '128.0.0.0/1'), mgmtDirect], ['Microsoft.Storage', 'Microsoft.Sql', 'Microsoft.EventHub']),
      errors: [{ messageIncludes: ['lacks the service endpoints Microsoft.KeyVault', 'route Half1'] }],
    },
  ],
});

runRuleTests(rtNextHopNoneBlackhole, {
  valid: [
    { name: 'no route table', view: buildView() },
    { name: 'a None route for an unrelated private range', view: withRoutes([route('DropLab', '10.99.0.0/16', 'None')]) },
    { name: 'a None route for another region’s Storage', view: withRoutes([route('DropNeu', 'Storage.NorthEurope', 'None')]) },
    { name: 'a None default route overridden for every dependency', view: withRoutes([route('Drop', '0.0.0.0/0', 'None'), route('Cloud', 'AzureCloud', 'Internet'), route('Web', '0.0.0.0/1', 'Internet'), route('Web2', '128.0.0.0/1', 'Internet')]) },
  ],
  invalid: [
    {
      name: 'Storage routed to None',
      view: withRoutes([route('DropStorage', 'Storage', 'None')]),
      errors: [{ severity: 'breaks-now', resourceId: RT, messageIncludes: ['route DropStorage (Storage → None)', 'Storage.westeurope'], evidence: { dependencies: ['Storage.westeurope'] } }],
    },
    {
      name: 'a default route to None swallows every dependency',
      view: withRoutes([route('Drop', '0.0.0.0/0', 'None'), mgmtDirect]),
      errors: [{ messageIncludes: ['Storage.westeurope, Sql.westeurope, AzureKeyVault, AzureMonitor, Internet'] }],
    },
  ],
});

describe('routing remediation', () => {
  it('adds the ApiManagement route when it is missing', () => {
    const [f] = findingsOf(rtMgmtReturnPath, withRoutes([tunnel, route('ApiManagementToInternet', '20.0.0.0/8')]));
    expect(f!.remediation).toBe(
      'Add a route for the ApiManagement service tag with next hop Internet: az network route-table route create --subscription 00000000-0000-0000-0000-000000000001 --resource-group rg-net --route-table-name rt-apim-weu --name ApiManagementToInternet-2 --address-prefix ApiManagement --next-hop-type Internet',
    );
  });

  it('updates the ApiManagement route when it points elsewhere', () => {
    const [f] = findingsOf(rtMgmtReturnPath, withRoutes([route('Apim', 'ApiManagement')]));
    expect(f!.remediation).toContain('az network route-table route update --subscription 00000000-0000-0000-0000-000000000001 --resource-group rg-net --route-table-name rt-apim-weu --name Apim --next-hop-type Internet');
  });

  it('keeps the existing service endpoints in the update command', () => {
    const [f] = findingsOf(rtFtServiceEndpoints, withRoutes([tunnel, mgmtDirect], ['Microsoft.Web']));
    expect(f!.remediation).toContain("--vnet-name vnet-weu --name snet-apim --service-endpoints Microsoft.Web Microsoft.Storage Microsoft.Sql Microsoft.EventHub Microsoft.KeyVault");
  });

  it('offers to delete the None route', () => {
    const [f] = findingsOf(rtNextHopNoneBlackhole, withRoutes([route('DropStorage', 'Storage', 'None')]));
    expect(f!.remediation).toContain('az network route-table route delete --subscription 00000000-0000-0000-0000-000000000001 --resource-group rg-net --route-table-name rt-apim-weu --name DropStorage');
  });
});

describe('the NSG and routing families on a healthy instance', () => {
  it('find nothing in the default view, in either mode, with one or two locations', () => {
    for (const networkMode of ['External', 'Internal'] as const) {
      for (const locations of [[{}], [{}, { region: 'northeurope' }]]) {
        const report = evaluateInstance(buildView({ instance: { networkMode }, locations }), [...nsgRules, ...routingRules]);
        expect(report.findings).toEqual([]);
      }
    }
  });
});
