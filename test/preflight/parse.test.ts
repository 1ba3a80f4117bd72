/** The change-document parsers: what-if in its three spellings, Terraform plans, proposed resources. */
import { describe, expect, it } from 'vitest';
import { ChangeDocumentError } from '../../src/preflight/change.js';
import { detectFormat, parseChangeDocument } from '../../src/preflight/parse/index.js';
import { fixtureText, NSG_EXT, parseFixture, SUBNET_EXT } from './fixtures.js';

const parse = (value: unknown, file = 'doc.json', currentIds: string[] = []) => parseChangeDocument(JSON.stringify(value), { file, currentIds });

describe('what-if', () => {
  it('reads the verbatim azure-rest-api-specs example (REST spelling, properties.changes)', () => {
    const doc = parseFixture('whatif-rest-api-specs-example.json');
    expect(doc.format).toBe('what-if');
    expect(doc.items.map((i) => [i.action, i.resourceId.split('/').pop(), i.source])).toEqual([
      ['modify', 'myExistingIdentity', 'whatif-rest-api-specs-example.json changes[0]'],
      ['create', 'myNewIdentity', 'whatif-rest-api-specs-example.json changes[1]'],
    ]);
    expect(doc.items[0]!.after).toMatchObject({ tags: { myNewTag: 'my tag value' } });
  });

  it('reads the az CLI spelling (changes at the top level) and skips NoChange with its reason', () => {
    const doc = parseFixture('whatif-external-3443-removed.json');
    expect(doc.items.map((i) => i.action)).toEqual(['modify', 'no-change']);
    expect(doc.items[1]!.skip).toMatch(/^NoChange/);
  });

  it('reads PowerShell PascalCase output with numeric change types: Deploy (ResourceIdOnly) and Unsupported are unknown', () => {
    const doc = parseFixture('whatif-powershell-resource-id-only.json');
    expect(doc.items.map((i) => [i.action, i.unknown[0]?.reason])).toEqual([
      ['unknown', expect.stringMatching(/ResourceIdOnly.*FullResourcePayloads/)],
      ['unknown', expect.stringMatching(/^Unsupported by what-if: The resource contains/)],
    ]);
  });

  it('marks unresolved template expressions as unknown, with their path; [[ is a literal', () => {
    const doc = parseFixture('whatif-unresolved-reference.json');
    expect(doc.items[0]!.unknown.map((u) => u.path)).toEqual(['properties.securityRules[1].properties.sourceAddressPrefix']);
    const literal = parse({ changes: [{ resourceId: NSG_EXT, changeType: 'Modify', after: { properties: { securityRules: [{ name: 'x', properties: { description: '[[not an expression]' } }] } } }] });
    expect(literal.items[0]!.unknown).toEqual([]);
  });

  it('treats a potential change as unknown, and a Modify without payload as unknown asking for FullResourcePayloads', () => {
    const doc = parse({ status: 'Succeeded', changes: [{ resourceId: NSG_EXT, changeType: 'Modify' }], potentialChanges: [{ resourceId: NSG_EXT, changeType: 'Delete' }] });
    expect(doc.items.map((i) => i.action)).toEqual(['unknown', 'unknown']);
    expect(doc.items[0]!.unknown[0]!.reason).toMatch(/FullResourcePayloads/);
    expect(doc.items[1]!.unknown[0]!.reason).toMatch(/potential Delete/);
    expect(doc.items[1]!.source).toBe('doc.json potentialChanges[0]');
  });

  it('refuses a failed what-if, a bad change type and a document with no change', () => {
    expect(() => parse({ status: 'Failed', changes: [], error: { code: 'InvalidTemplate', message: 'bad' } })).toThrow(/what-if operation failed: InvalidTemplate: bad/);
    expect(() => parse({ changes: [{ resourceId: NSG_EXT, changeType: 'Explode' }] })).toThrow(/changes\[0\]: changeType "Explode" is not one of/);
    expect(() => parse({ changes: [] })).toThrow(/lists no change/);
    expect(() => parseChangeDocument('{ "changes": [', { file: 'w.json' })).toThrow(ChangeDocumentError);
    expect(() => parseChangeDocument('{ "changes": [', { file: 'w.json' })).toThrow(/w.json: not valid JSON at line 1 column/);
  });
});

describe('Terraform plan', () => {
  it('maps an association delete to clearing the subnet NSG (its id is the subnet id); no-op is skipped', () => {
    const doc = parseFixture('tf-plan-delete-nsg-association.json');
    expect(doc.format).toBe('terraform');
    const [subnet, association] = doc.items;
    expect(subnet!.skip).toMatch(/no-op/);
    expect(association).toMatchObject({ resourceId: SUBNET_EXT, action: 'delete', patch: { networkSecurityGroup: null }, source: 'azurerm_subnet_network_security_group_association.apim_external' });
  });

  it('a replace keeps its in-between form, and an NSG id unknown before apply is resolved through configuration references', () => {
    const doc = parseFixture('tf-plan-replace-nsg-association.json');
    const [nsg, association] = doc.items;
    const newNsg = NSG_EXT.replace('nsg-apim-external-weu', 'nsg-apim-external-weu-v2');
    expect(nsg).toMatchObject({ action: 'create', resourceId: newNsg });
    expect((nsg!.after!.properties as { securityRules: unknown[] }).securityRules).toHaveLength(9);
    expect(association).toMatchObject({ action: 'replace', patch: { networkSecurityGroup: { id: newNsg } }, whileReplacing: { action: 'modify', patch: { networkSecurityGroup: null } } });
    expect(association!.unknown).toEqual([]);
  });

  it('an argument known only after apply is an unknown value; module addresses are kept as the source', () => {
    const doc = parseFixture('tf-plan-rule-source-unknown.json');
    expect(doc.items[0]).toMatchObject({ resourceId: `${NSG_EXT}/securityRules/AllowApiManagementInbound`, source: 'module.apim_network.azurerm_network_security_rule.management' });
    expect(doc.items[0]!.unknown.map((u) => u.path)).toEqual(['properties.source_address_prefix']);
  });

  it('reads v5 service_endpoint blocks and v4 service_endpoints strings; the subnet keeps the NSG and route table set by associations', () => {
    const v5 = parseFixture('tf-plan-subnet-service-endpoint-removed.json');
    expect((v5.items[0]!.after!.properties as { serviceEndpoints: unknown }).serviceEndpoints).toEqual([{ service: 'Microsoft.Sql' }, { service: 'Microsoft.EventHub' }, { service: 'Microsoft.KeyVault' }]);
    expect(v5.items[0]!.keep).toEqual(['networkSecurityGroup', 'routeTable', 'natGateway']);
    const plan = JSON.parse(fixtureText('tf-plan-subnet-service-endpoint-removed.json'));
    const after = plan.resource_changes[0].change.after;
    delete after.service_endpoint;
    after.service_endpoints = ['Microsoft.Storage'];
    const v4 = parse(plan);
    expect((v4.items[0]!.after!.properties as { serviceEndpoints: unknown }).serviceEndpoints).toEqual([{ service: 'Microsoft.Storage' }]);
  });

  it('a write-only NSG argument on the subnet is invisible in plans: unknown', () => {
    const plan = JSON.parse(fixtureText('tf-plan-subnet-service-endpoint-removed.json'));
    plan.resource_changes[0].change.after.network_security_group_id_wo_version = 1;
    expect(parse(plan).items[0]!.unknown[0]).toMatchObject({ path: 'properties.networkSecurityGroup', reason: expect.stringMatching(/write-only/) });
  });

  it('maps azurerm_api_management: sku_name, virtual network, additional locations', () => {
    const subnet = SUBNET_EXT;
    const plan = {
      format_version: '1.2',
      resource_changes: [
        {
          address: 'azurerm_api_management.apim',
          type: 'azurerm_api_management',
          mode: 'managed',
          change: {
            actions: ['create'],
            before: null,
            after: {
              name: 'apim-new',
              resource_group_name: 'rg-apim-prod',
              location: 'westeurope',
              sku_name: 'Premium_2',
              virtual_network_type: 'External',
              virtual_network_configuration: [{ subnet_id: subnet }],
              additional_location: [{ location: 'northeurope', capacity: 1, virtual_network_configuration: [{ subnet_id: subnet.replace('weu', 'neu') }], gateway_disabled: false }],
            },
            after_unknown: { id: true, public_ip_address_id: true },
          },
        },
      ],
    };
    const doc = parse(plan);
    expect(doc.items[0]).toMatchObject({
      resourceId: '/subscriptions/3f2b8c1e-7d4a-4e9b-9c61-2a5d8e0f4b17/resourceGroups/rg-apim-prod/providers/Microsoft.ApiManagement/service/apim-new',
      action: 'create',
      after: {
        sku: { name: 'Premium', capacity: 2 },
        properties: {
          virtualNetworkType: 'External',
          virtualNetworkConfiguration: { subnetResourceId: subnet },
          additionalLocations: [{ location: 'northeurope', sku: { name: 'Premium', capacity: 1 }, virtualNetworkConfiguration: { subnetResourceId: subnet.replace('weu', 'neu') }, disableGateway: false }],
        },
      },
    });
    expect(doc.items[0]!.unknown.map((u) => u.path)).toEqual(['properties.publicIpAddressId']);
  });

  it('skips data sources, other types, deposed objects, and resources whose id cannot be built, with the reason', () => {
    const doc = parseFixture('tf-plan-unrelated.json');
    expect(doc.items.map((i) => i.skip ?? 'applied')).toEqual(['applied', expect.stringMatching(/azurerm_storage_account is not a resource/), 'a data source: read only']);
    const noSubscription = parse({ format_version: '1.2', resource_changes: [{ address: 'azurerm_network_security_group.x', type: 'azurerm_network_security_group', change: { actions: ['create'], before: null, after: { name: 'x', resource_group_name: 'rg' }, after_unknown: { id: true } } }] });
    expect(noSubscription.items[0]!.skip).toMatch(/ARM id cannot be built before apply/);
    // The current resources name the subscription of a resource group.
    const matched = parse(
      { format_version: '1.2', resource_changes: [{ address: 'azurerm_network_security_group.x', type: 'azurerm_network_security_group', change: { actions: ['update'], before: { name: 'nsg-apim-external-weu', resource_group_name: 'rg-network-weu' }, after: { name: 'nsg-apim-external-weu', resource_group_name: 'rg-network-weu', security_rule: [] }, after_unknown: {} } }] },
      'p.json',
      [NSG_EXT],
    );
    expect(matched.items[0]!.resourceId).toBe(NSG_EXT);
  });

  it('maps route tables (BGP propagation) and notes inline rules beside separate rule resources (hashicorp/terraform#26571)', () => {
    const rt = { name: 'rt', resource_group_name: 'rg-network-weu', location: 'westeurope', bgp_route_propagation_enabled: false, route: [{ name: 'mgmt', address_prefix: 'ApiManagement', next_hop_type: 'Internet', next_hop_in_ip_address: '' }] };
    const nsg = { name: 'nsg', resource_group_name: 'rg-network-weu', location: 'westeurope', security_rule: [] };
    const rule = { name: 'r', resource_group_name: 'rg-network-weu', network_security_group_name: 'nsg', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source_port_range: '*', destination_port_range: '443', source_address_prefix: '*', destination_address_prefix: '*' };
    const change = (type: string, after: unknown) => ({ address: `${type}.x`, type, change: { actions: ['create'], before: null, after, after_unknown: { id: true } } });
    const doc = parse({ format_version: '1.2', resource_changes: [change('azurerm_route_table', rt), change('azurerm_network_security_group', nsg), change('azurerm_network_security_rule', rule)] }, 'p.json', [NSG_EXT]);
    expect(doc.items[0]!.after).toMatchObject({ properties: { disableBgpRoutePropagation: true, routes: [{ name: 'mgmt', properties: { addressPrefix: 'ApiManagement', nextHopType: 'Internet' } }] } });
    expect(doc.items[0]!.resourceId).toBe(NSG_EXT.replace('networkSecurityGroups/nsg-apim-external-weu', 'routeTables/rt'));
    expect(doc.items[2]!.resourceId).toBe(NSG_EXT.replace('nsg-apim-external-weu', 'nsg/securityRules/r'));
    expect(doc.notes).toEqual([expect.stringMatching(/inline security_rule blocks and separate rules overwrite each other/)]);
  });

  it('refuses an unknown major format version and changes without actions', () => {
    expect(() => parse({ format_version: '2.0', resource_changes: [] })).toThrow(/format_version 2.0 is not supported/);
    expect(() => parse({ format_version: '1.2', resource_changes: [{ address: 'a', type: 't', change: {} }] })).toThrow(/resource_changes\[0\]: a resource change needs/);
  });
});

describe('format detection and proposed resources', () => {
  it('detects each format from its content, and reads proposed resources as modify or create', () => {
    expect(detectFormat(JSON.parse(fixtureText('tf-plan-unrelated.json')))).toBe('terraform');
    expect(detectFormat(JSON.parse(fixtureText('whatif-rest-api-specs-example.json')))).toBe('what-if');
    expect(detectFormat(JSON.parse(fixtureText('proposed-nsg-deny-above-allow.json')))).toBe('resources');
    const doc = parseFixture('proposed-nsg-deny-above-allow.json', [{ id: NSG_EXT, type: 'Microsoft.Network/networkSecurityGroups' }]);
    expect(doc.items.map((i) => [i.action, i.source])).toEqual([['modify', 'proposed-nsg-deny-above-allow.json ([0])']]);
    expect(parseFixture('proposed-nsg-deny-above-allow.json').items[0]!.action).toBe('create');
  });

  it('a forced format that does not fit is an error naming the file', () => {
    expect(() => parseFixture('proposed-nsg-deny-above-allow.json', [], 'what-if')).toThrow(/proposed-nsg-deny-above-allow.json: not an ARM what-if result/);
    expect(() => parseFixture('whatif-rest-api-specs-example.json', [], 'terraform')).toThrow(/not a Terraform plan/);
  });
});
