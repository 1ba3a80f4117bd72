import { nsgOutInternet80 } from '../../../src/rules/nsg/out-internet-80.js';
import { nsgOutKv443 } from '../../../src/rules/nsg/out-kv-443.js';
import { nsgOutMonitor } from '../../../src/rules/nsg/out-monitor.js';
import { nsgOutSql1433 } from '../../../src/rules/nsg/out-sql-1433.js';
import { nsgOutStorage443 } from '../../../src/rules/nsg/out-storage-443.js';
import { nsgRegionalTagScope } from '../../../src/rules/nsg/regional-tag-scope.js';
import { runRuleTests } from '../../support/rule-tester.js';
import { buildView, ids } from '../../support/view-builder.js';
import { allowOut, denyInternetOutbound, nsgRules, twoLocations, viewWith } from './nsg-views.js';

const STV1 = { platform: 'stv1' as const, platformVersion: 'stv1' };
const OUTBOUND_ALLOWS = ['AllowStorage', 'AllowSql', 'AllowKeyVault', 'AllowMonitor', 'AllowInternetHttp'];
/** Recommended inbound rules, the given outbound allows, and a deny of Internet outbound below them. */
const lockedDown = (...allows: ReturnType<typeof allowOut>[]) => nsgRules({ without: OUTBOUND_ALLOWS, extra: [...allows, denyInternetOutbound()] });

runRuleTests(nsgOutStorage443, {
  valid: [
    { name: 'Microsoft’s recommended NSG', view: buildView() },
    { name: 'no custom outbound rule: AllowInternetOutBound allows it', view: viewWith(nsgRules({ without: OUTBOUND_ALLOWS })) },
    { name: 'the regional tag of the location is enough', view: viewWith(lockedDown(allowOut('AllowStorageWeu', 100, 'Storage.WestEurope', ['443']))) },
    { name: 'AzureCloud.WestEurope contains Storage.WestEurope', view: viewWith(lockedDown(allowOut('AllowCloudWeu', 100, 'AzureCloud.WestEurope', ['443']))) },
  ],
  invalid: [
    {
      name: 'Internet outbound denied with no Storage allow',
      view: viewWith(lockedDown()),
      errors: [{ severity: 'breaks-now', messageIncludes: ['outbound subnet snet-apim (10.0.1.0/24) → Storage.westeurope on TCP 443', 'custom rule DenyInternetOutbound (priority 4000, Deny)'] }],
    },
    {
      name: 'another region’s Storage tag does not serve West Europe',
      view: viewWith(lockedDown(allowOut('AllowStorageNeu', 100, 'Storage.NorthEurope', ['443']))),
      errors: [{ messageIncludes: ['DenyInternetOutbound'] }],
    },
    {
      name: 'the display name gives the regional tag its usual spelling',
      view: buildView({ locations: [{ displayName: 'West Europe', networkSecurityGroup: { securityRules: lockedDown() } }] }),
      errors: [{ messageIncludes: ['Storage.WestEurope'] }],
    },
  ],
});

runRuleTests(nsgOutSql1433, {
  valid: [
    { name: 'Microsoft’s recommended NSG, two locations', view: twoLocations(nsgRules(), nsgRules()) },
    {
      name: 'each location allows the primary’s regional Sql tag',
      view: twoLocations(lockedDown(allowOut('AllowSqlWeu', 100, 'Sql.WestEurope', ['1433'])), lockedDown(allowOut('AllowSqlWeu', 100, 'Sql.WestEurope', ['1433']))),
    },
  ],
  invalid: [
    {
      name: 'the additional location allows only its own region’s Sql',
      view: twoLocations(lockedDown(allowOut('AllowSqlWeu', 100, 'Sql.WestEurope', ['1433'])), lockedDown(allowOut('AllowSqlNeu', 100, 'Sql.NorthEurope', ['1433']))),
      errors: [{ location: 'northeurope', resourceId: ids.nsg('nsg-apim-neu'), messageIncludes: ['Sql.westeurope on TCP 1433', 'primary location'] }],
    },
    {
      name: 'Sql on the wrong port only',
      view: viewWith(lockedDown(allowOut('AllowSql', 100, 'Sql', ['1434']))),
      errors: [{ messageIncludes: ['TCP 1433', 'DenyInternetOutbound'] }],
    },
  ],
});

runRuleTests(nsgOutKv443, {
  valid: [
    { name: 'Microsoft’s recommended NSG', view: buildView() },
    { name: 'stv1 (Key Vault was optional there)', view: viewWith(lockedDown(), { instance: STV1 }) },
  ],
  invalid: [
    {
      name: 'Internet outbound denied with no Key Vault allow',
      view: viewWith(lockedDown(allowOut('AllowStorage', 100, 'Storage', ['443']))),
      errors: [{ messageIncludes: ['AzureKeyVault on TCP 443', 'Key Vault'] }],
    },
  ],
});

runRuleTests(nsgOutMonitor, {
  valid: [
    { name: 'Microsoft’s recommended NSG', view: buildView() },
    { name: 'both ports in one comma list', view: viewWith(lockedDown(allowOut('AllowMonitor', 100, 'AzureMonitor', ['1886,443']))) },
  ],
  invalid: [
    {
      name: 'only 443 allowed',
      view: viewWith(lockedDown(allowOut('AllowMonitor443', 100, 'AzureMonitor', ['443']))),
      errors: [{ messageIncludes: ['AzureMonitor on TCP 1886', 'port 1886'], evidence: { flow: { port: 1886 } } }],
    },
    {
      name: 'neither port allowed: one finding per port',
      view: viewWith(lockedDown()),
      errors: [{ messageIncludes: ['TCP 1886'] }, { messageIncludes: ['TCP 443'] }],
    },
  ],
});

runRuleTests(nsgOutInternet80, {
  valid: [
    { name: 'Microsoft’s recommended NSG (2026 include)', view: buildView() },
    { name: 'an allow of Internet 80 above the deny', view: viewWith(lockedDown(allowOut('AllowHttp', 100, 'Internet', ['80']))) },
  ],
  invalid: [
    {
      name: 'Microsoft’s quickstart NSG: Deny_All_Internet_Outbound at 999, no port 80 allow',
      view: viewWith(nsgRules({ without: OUTBOUND_ALLOWS, extra: [allowOut('AllowStorage', 100, 'Storage', ['443']), denyInternetOutbound(999, 'Deny_All_Internet_Outbound')] })),
      errors: [
        {
          severity: 'breaks-now',
          messageIncludes: ['Internet on TCP 80', 'custom rule Deny_All_Internet_Outbound (priority 999, Deny)', 'new in the 2025 docs', 'priority 999'],
          evidence: { verdict: 'denied', decidingRule: { name: 'Deny_All_Internet_Outbound', priority: 999, isDefault: false } },
        },
      ],
    },
    {
      name: 'AzureActiveDirectory:80 allowed above a deny of Internet: partly allowed',
      view: viewWith(lockedDown(allowOut('AllowAad80', 100, 'AzureActiveDirectory', ['80']))),
      errors: [
        {
          severity: 'breaks-now',
          messageIncludes: ['only in part', 'custom rule AllowAad80 (priority 100, Allow)', 'destination Internet only as far as AzureActiveDirectory', 'denied by custom rule DenyInternetOutbound'],
          evidence: { verdict: 'partly-allowed', decidingRule: { name: 'DenyInternetOutbound' }, partialRules: [{ name: 'AllowAad80', access: 'Allow' }] },
        },
      ],
    },
  ],
});

const secondaryRegional = (storageTag: string) =>
  lockedDown(allowOut('AllowStorage', 100, storageTag, ['443']), allowOut('AllowSql', 110, 'Sql', ['1433']));
runRuleTests(nsgRegionalTagScope, {
  valid: [
    { name: 'global tags everywhere', view: twoLocations(nsgRules(), nsgRules()) },
    { name: 'one location: nothing to scope', view: viewWith(secondaryRegional('Storage.WestEurope')) },
    { name: 'secondary allows Storage (global)', view: twoLocations(nsgRules(), secondaryRegional('Storage')) },
    { name: 'secondary denies all Storage: NSG_OUT_STORAGE_443 reports it, not this rule', view: twoLocations(nsgRules(), secondaryRegional('Sql.NorthEurope')) },
  ],
  invalid: [
    {
      name: 'secondary allows only its own region’s Storage',
      view: twoLocations(nsgRules(), secondaryRegional('Storage.NorthEurope')),
      errors: [{ location: 'northeurope', severity: 'breaks-now', messageIncludes: ['allows Storage.NorthEurope', "primary location's Storage (Storage.westeurope)"] }],
    },
  ],
});
