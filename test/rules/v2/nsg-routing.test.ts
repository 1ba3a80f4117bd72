import { runRuleTests } from '../../support/rule-tester.js';
import { ids, rule } from '../../support/view-builder.js';
import { v2InjCustomDnsKv } from '../../../src/rules/v2/v2inj-custom-dns-kv.js';
import { v2NsgOutKv443 } from '../../../src/rules/v2/v2-nsg-out-kv-443.js';
import { v2NsgOutStorage443 } from '../../../src/rules/v2/v2-nsg-out-storage-443.js';
import { v2RtKeyVault } from '../../../src/rules/v2/v2-rt-key-vault.js';
import { allowOut, denyInternetOutbound } from '../nsg/nsg-views.js';
import { v2View, type V2Mode } from './v2-views.js';

const withRules = (mode: V2Mode, securityRules: ReturnType<typeof rule>[]) => v2View(mode, { location: { networkSecurityGroup: { securityRules } } });
const denyKeyVault = rule({ name: 'DenyKeyVaultOut', priority: 200, direction: 'Outbound', access: 'Deny', destinationAddressPrefixes: ['AzureKeyVault'], destinationPortRanges: ['443'] });
const NSG = ids.nsg('nsg-apim-weu');

runRuleTests(v2NsgOutKv443, {
  valid: [
    { name: 'only the default rules: AllowInternetOutBound covers Key Vault', view: v2View('integration') },
    { name: 'an allow above a deny of Internet', view: withRules('injection', [allowOut('AllowKeyVault', 100, 'AzureKeyVault', ['443']), denyInternetOutbound()]) },
    { name: 'inbound rules are never demanded: a deny-all inbound changes nothing', view: withRules('integration', [rule({ name: 'DenyAllIn', priority: 100, direction: 'Inbound', access: 'Deny', protocol: '*' })]) },
  ],
  invalid: [
    {
      name: 'a deny of Key Vault on an injection',
      view: withRules('injection', [denyKeyVault]),
      errors: [
        {
          severity: 'breaks-now',
          resourceId: NSG,
          messageIncludes: ['denies outbound subnet snet-apim (10.0.1.0/24) → AzureKeyVault on TCP 443', 'custom rule DenyKeyVaultOut (priority 200, Deny)', '08/2026'],
          evidence: { verdict: 'denied', decidingRule: { name: 'DenyKeyVaultOut', priority: 200 } },
        },
      ],
    },
    {
      name: 'a deny of Internet (Internet ⊇ AzureKeyVault) on an integration',
      view: withRules('integration', [denyInternetOutbound()]),
      errors: [{ messageIncludes: ['DenyInternetOutbound'], evidence: { suggestedRule: { destinationAddressPrefixes: ['AzureKeyVault'], priority: 3999 } } }],
    },
  ],
});

runRuleTests(v2NsgOutStorage443, {
  valid: [
    { name: 'the default rules allow it', view: v2View('injection') },
    { name: 'a deny of Key Vault alone leaves Storage', view: withRules('integration', [denyKeyVault]) },
  ],
  invalid: [
    {
      name: 'a deny of Internet without a Storage allow',
      view: withRules('injection', [allowOut('AllowKeyVault', 100, 'AzureKeyVault', ['443']), denyInternetOutbound()]),
      errors: [{ severity: 'recommendation', messageIncludes: ['Storage.westeurope', 'dropped it on 08/26/2026'] }],
    },
  ],
});

const routeTableId = ids.routeTable('rt-apim-weu');
const withRoutes = (mode: V2Mode, routes: Array<{ name: string; addressPrefix: string; nextHopType: string; nextHopIpAddress?: string }>, serviceEndpoints: string[] = []) =>
  v2View(mode, { location: { subnet: { routeTableId, serviceEndpoints }, routeTable: { routes } } });

runRuleTests(v2RtKeyVault, {
  valid: [
    { name: 'no route table', view: v2View('integration') },
    { name: 'a route table of private routes only', view: withRoutes('injection', [{ name: 'ToHub', addressPrefix: '10.100.0.0/16', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.100.0.4' }]) },
    {
      name: 'a forced tunnel with a Key Vault service endpoint',
      view: withRoutes('integration', [{ name: 'Default', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.100.0.4' }], ['Microsoft.KeyVault']),
    },
    {
      name: 'a forced tunnel with an AzureKeyVault route to the Internet',
      view: withRoutes('injection', [
        { name: 'Default', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.100.0.4' },
        { name: 'KeyVault', addressPrefix: 'AzureKeyVault', nextHopType: 'Internet' },
      ]),
    },
  ],
  invalid: [
    {
      name: 'next hop None for the whole internet',
      view: withRoutes('injection', [{ name: 'Blackhole', addressPrefix: '0.0.0.0/0', nextHopType: 'None' }]),
      errors: [{ severity: 'breaks-now', resourceId: routeTableId, messageIncludes: ['route Blackhole (0.0.0.0/0 → None)', 'drops the traffic to AzureKeyVault'] }],
    },
    {
      name: 'next hop None for the AzureKeyVault tag',
      view: withRoutes('integration', [{ name: 'NoKv', addressPrefix: 'AzureKeyVault', nextHopType: 'None' }], ['Microsoft.KeyVault']),
      errors: [{ severity: 'breaks-now', messageIncludes: ['NoKv'] }],
    },
    {
      name: 'a forced tunnel without a Key Vault service endpoint',
      view: withRoutes('integration', [{ name: 'Default', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.100.0.4' }]),
      errors: [{ severity: 'recommendation', messageIncludes: ['VirtualAppliance 10.100.0.4', 'not documented for the v2 tiers'] }],
    },
  ],
});

runRuleTests(v2InjCustomDnsKv, {
  valid: [
    { name: 'Azure-provided DNS', view: v2View('injection') },
    { name: 'Azure DNS named explicitly', view: v2View('injection', { location: { virtualNetwork: { dnsServers: ['168.63.129.16'] } } }) },
    { name: 'an integration (the resolver text is the injection page’s)', view: v2View('integration', { location: { virtualNetwork: { dnsServers: ['10.100.0.10'] } } }) },
  ],
  invalid: [
    {
      name: 'custom DNS servers',
      view: v2View('injection', { location: { virtualNetwork: { dnsServers: ['10.100.0.10', '10.100.0.11'] } } }),
      errors: [{ severity: 'recommendation', resourceId: ids.vnet('vnet-weu'), messageIncludes: ['10.100.0.10, 10.100.0.11', '*.vault.azure.net'] }],
    },
  ],
});
