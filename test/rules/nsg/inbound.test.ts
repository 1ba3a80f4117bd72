import { nsgInAlb6390 } from '../../../src/rules/nsg/in-alb-6390.js';
import { nsgInAlbAnyStv1 } from '../../../src/rules/nsg/in-alb-any-stv1.js';
import { nsgInClient443 } from '../../../src/rules/nsg/in-client-443.js';
import { nsgInMgmt3443 } from '../../../src/rules/nsg/in-mgmt-3443.js';
import { nsgInTm443 } from '../../../src/rules/nsg/in-tm-443.js';
import { runRuleTests } from '../../support/rule-tester.js';
import { buildView, ids, rule } from '../../support/view-builder.js';
import { denyAllInbound, nsgRules, twoLocations, viewWith } from './nsg-views.js';

const NSG = ids.nsg('nsg-apim-weu');
const STV1 = { platform: 'stv1' as const, platformVersion: 'stv1' };

runRuleTests(nsgInClient443, {
  valid: [
    { name: 'Microsoft’s recommended NSG', view: buildView() },
    { name: 'allow to the subnet CIDR instead of VirtualNetwork', view: viewWith(nsgRules({ without: ['AllowClientHttps'], extra: [rule({ name: 'AllowHttps', priority: 100, direction: 'Inbound', access: 'Allow', sourceAddressPrefixes: ['Internet'], destinationAddressPrefixes: ['10.0.1.0/24'], destinationPortRanges: ['80,443'] })] })) },
    { name: 'Internal mode needs no client allow', view: viewWith(nsgRules({ without: ['AllowClientHttps'] }), { instance: { networkMode: 'Internal' } }) },
    { name: 'subnet not found: skipped (other rules report it)', view: buildView({ locations: [{ subnet: { state: 'missing', id: ids.subnet() } }] }) },
    { name: 'NSG unreadable: skipped', view: buildView({ locations: [{ networkSecurityGroup: { state: 'unreadable', id: NSG, reason: '403' } }] }) },
  ],
  invalid: [
    {
      name: 'no client allow: the default DenyAllInBound decides',
      view: viewWith(nsgRules({ without: ['AllowClientHttps', 'AllowTrafficManager'] })),
      errors: [
        {
          severity: 'breaks-now',
          location: 'westeurope',
          resourceId: NSG,
          messageIncludes: ['nsg-apim-weu', 'inbound Internet → subnet snet-apim (10.0.1.0/24) on TCP 443', 'default rule DenyAllInBound (priority 65500, Deny)'],
          evidence: { verdict: 'denied', decidingRule: { name: 'DenyAllInBound', priority: 65500, access: 'Deny', isDefault: true }, partialRules: [] },
        },
      ],
    },
    {
      name: 'only the Traffic Manager allow is left: Internet is allowed only as far as AzureTrafficManager',
      view: viewWith(nsgRules({ without: ['AllowClientHttps'] })),
      errors: [
        {
          messageIncludes: ['only in part', 'custom rule AllowTrafficManager (priority 130, Allow)', 'source Internet only as far as AzureTrafficManager', 'the rest is denied by default rule DenyAllInBound'],
          evidence: { verdict: 'partly-allowed', decidingRule: { name: 'DenyAllInBound' }, partialRules: [{ name: 'AllowTrafficManager', priority: 130, access: 'Allow', isDefault: false }] },
        },
      ],
    },
    {
      name: 'allow aimed at the public IP never matches (inbound is evaluated after DNAT)',
      view: viewWith(nsgRules({ without: ['AllowClientHttps'], extra: [rule({ name: 'AllowToVip', priority: 100, direction: 'Inbound', access: 'Allow', sourceAddressPrefixes: ['Internet'], destinationAddressPrefixes: ['20.50.60.70'], destinationPortRanges: ['443'] })] })),
      errors: [{ messageIncludes: ['DenyAllInBound'] }],
    },
    {
      name: 'allow from one public range only: partly allowed',
      view: viewWith(nsgRules({ without: ['AllowClientHttps', 'AllowTrafficManager'], extra: [rule({ name: 'AllowPartner', priority: 100, direction: 'Inbound', access: 'Allow', sourceAddressPrefixes: ['20.0.0.0/8'], destinationAddressPrefixes: ['VirtualNetwork'], destinationPortRanges: ['443'] })] })),
      errors: [
        {
          messageIncludes: ['only in part', 'custom rule AllowPartner (priority 100, Allow)', 'source Internet only as far as 20.0.0.0/8', 'default rule DenyAllInBound'],
          evidence: { verdict: 'partly-allowed', partialRules: [{ name: 'AllowPartner', access: 'Allow' }] },
        },
      ],
    },
  ],
});

runRuleTests(nsgInMgmt3443, {
  valid: [
    { name: 'Microsoft’s recommended NSG', view: buildView() },
    { name: 'Internal mode, recommended NSG', view: buildView({ instance: { networkMode: 'Internal' } }) },
    { name: 'allow of * to 3443', view: viewWith(nsgRules({ without: ['AllowApimManagement'], extra: [rule({ name: 'AllowAny3443', priority: 110, direction: 'Inbound', access: 'Allow', destinationPortRanges: ['3443'] })] })) },
    { name: 'stv1, recommended NSG', view: buildView({ instance: STV1 }) },
  ],
  invalid: [
    {
      name: 'deny Internet 3443 above the ApiManagement allow shadows it (tag containment)',
      view: viewWith(nsgRules({ extra: [rule({ name: 'DenyInternet3443', priority: 105, direction: 'Inbound', access: 'Deny', sourceAddressPrefixes: ['Internet'], destinationPortRanges: ['3443'] })] })),
      errors: [{ messageIncludes: ['ApiManagement → subnet snet-apim', 'custom rule DenyInternet3443 (priority 105, Deny)'], evidence: { decidingRule: { name: 'DenyInternet3443', isDefault: false } } }],
    },
    {
      name: 'the allow targets an application security group, which APIM’s NICs never join',
      view: viewWith(nsgRules({ without: ['AllowApimManagement'], extra: [rule({ name: 'AllowMgmtAsg', priority: 110, direction: 'Inbound', access: 'Allow', sourceAddressPrefixes: ['ApiManagement'], destinationAddressPrefixes: [], destinationApplicationSecurityGroups: [`${ids.nsg()}/../applicationSecurityGroups/asg-apim`], destinationPortRanges: ['3443'] })] })),
      errors: [{ messageIncludes: ['DenyAllInBound'] }],
    },
    {
      name: 'Internal mode without the management allow',
      view: viewWith(nsgRules({ without: ['AllowApimManagement'] }), { instance: { networkMode: 'Internal' } }),
      errors: [{ severity: 'breaks-now', messageIncludes: ['management endpoint'] }],
    },
  ],
});

runRuleTests(nsgInAlb6390, {
  valid: [
    { name: 'Microsoft’s recommended NSG', view: buildView() },
    { name: 'no load balancer allow but no custom deny: the defaults allow it', view: viewWith(nsgRules({ without: ['AllowLoadBalancer'] })) },
    { name: 'stv1 is another rule’s', view: viewWith(nsgRules({ without: ['AllowLoadBalancer'], extra: [denyAllInbound()] }), { instance: STV1 }) },
  ],
  invalid: [
    {
      name: 'custom deny-all-inbound without the load balancer allow (Premium)',
      view: viewWith(nsgRules({ without: ['AllowLoadBalancer'], extra: [denyAllInbound()] })),
      errors: [{ severity: 'breaks-now', messageIncludes: ['AzureLoadBalancer → subnet snet-apim', 'TCP 6390', 'custom rule DenyAllInboundCustom (priority 4000, Deny)', 'critical on Premium'] }],
    },
    {
      name: 'the same on Developer is degraded, and says why',
      view: viewWith(nsgRules({ without: ['AllowLoadBalancer'], extra: [denyAllInbound()] }), { instance: { skuName: 'Developer' } }),
      errors: [{ severity: 'degraded', messageIncludes: ['Developer', 'not required'] }],
    },
  ],
});

runRuleTests(nsgInAlbAnyStv1, {
  valid: [
    { name: 'stv1 with no custom deny', view: viewWith(nsgRules(), { instance: STV1 }) },
    { name: 'stv1 with a load balancer allow on every port above the deny', view: viewWith(nsgRules({ without: ['AllowLoadBalancer'], extra: [rule({ name: 'AllowLbAll', priority: 120, direction: 'Inbound', access: 'Allow', protocol: '*', sourceAddressPrefixes: ['AzureLoadBalancer'] }), denyAllInbound()] }), { instance: STV1 }) },
    { name: 'stv2 is NSG_IN_ALB_6390’s', view: viewWith(nsgRules({ extra: [denyAllInbound()] })) },
  ],
  invalid: [
    {
      name: 'stv1 with the stv2-style 6390-only allow above a deny',
      view: viewWith(nsgRules({ extra: [denyAllInbound()] }), { instance: STV1 }),
      errors: [{ severity: 'breaks-now', messageIncludes: ['80, 443, 3443, 6391, 1024, 49152, 65535', 'DenyAllInboundCustom'], evidence: { failingPorts: [80, 443, 3443, 6391, 1024, 49152, 65535] } }],
    },
    {
      name: 'stv1 Developer: degraded',
      view: viewWith(nsgRules({ extra: [denyAllInbound()] }), { instance: { ...STV1, skuName: 'Developer' } }),
      errors: [{ severity: 'degraded' }],
    },
  ],
});

// The client allow (Internet 443) contains AzureTrafficManager, so it has to go too.
const noTm = nsgRules({ without: ['AllowTrafficManager', 'AllowClientHttps'] });
runRuleTests(nsgInTm443, {
  valid: [
    { name: 'one location needs no Traffic Manager allow', view: viewWith(noTm) },
    { name: 'two locations without the TM rule: the client allow of Internet 443 contains AzureTrafficManager', view: twoLocations(nsgRules({ without: ['AllowTrafficManager'] }), nsgRules({ without: ['AllowTrafficManager'] })) },
    { name: 'two locations with the recommended NSG', view: twoLocations(nsgRules(), nsgRules()) },
    { name: 'Internal multi-region is not routed by Traffic Manager', view: twoLocations(noTm, noTm, { instance: { networkMode: 'Internal' } }) },
  ],
  invalid: [
    {
      name: 'two locations, neither NSG allows Traffic Manager',
      view: twoLocations(noTm, noTm),
      errors: [
        { location: 'westeurope', messageIncludes: ['AzureTrafficManager → subnet', 'has 2 locations'] },
        { location: 'northeurope', resourceId: ids.nsg('nsg-apim-neu') },
      ],
    },
  ],
});
