/** The overlay's semantics, one pitfall per test (reference §1.5, §2.4), on the sample estate. */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ArmResource } from '../../src/arm/arm-resource.js';
import { normalizeResourceId } from '../../src/arm/resource-id.js';
import type { ChangeItem } from '../../src/preflight/change.js';
import { overlay } from '../../src/preflight/overlay.js';
import { preflight } from '../../src/preflight/preflight.js';
import { RULES } from '../../src/rules/catalogue.js';
import { APIM, NET_WEU, NSG_EXT, resourceNamed, sampleResources, SUBNET_EXT } from './fixtures.js';

let current: ArmResource[];
beforeAll(async () => {
  current = await sampleResources();
});

const item = (over: Partial<ChangeItem> & Pick<ChangeItem, 'resourceId' | 'action'>): ChangeItem => ({ source: 'test', unknown: [], ...over });
const byId = (resources: readonly ArmResource[], id: string) => resources.find((r) => normalizeResourceId(r.id) === normalizeResourceId(id));
const rulesOf = (r: ArmResource | undefined) => ((r?.properties?.securityRules ?? []) as Array<{ name: string }>).map((x) => x.name);
const subnetsOf = (r: ArmResource | undefined) => ((r?.properties?.subnets ?? []) as Array<{ name: string; properties: Record<string, unknown> }>);
const VNET = `${NET_WEU}/virtualNetworks/vnet-spoke-apim-weu`;

function run(items: ChangeItem[]) {
  return preflight({ current, document: { format: 'resources', file: 'test', items, notes: [] }, rules: RULES });
}

describe('overlay', () => {
  it('puts the after body of a modify, removes a delete, and leaves no-change and ignore items untouched (listed as skipped)', () => {
    const nsg = resourceNamed(current, 'nsg-apim-external-weu');
    (nsg.properties!.securityRules as unknown[]).pop();
    const out = overlay(current, [
      item({ resourceId: NSG_EXT, action: 'modify', after: nsg }),
      item({ resourceId: `${NET_WEU}/networkSecurityGroups/nsg-workloads-weu`, action: 'delete' }),
      item({ resourceId: `${NET_WEU}/networkSecurityGroups/nsg-apim-global-weu`, action: 'no-change', skip: 'NoChange' }),
      item({ resourceId: `${NET_WEU}/networkSecurityGroups/nsg-apim-internal-weu`, action: 'ignore' }),
    ]);
    expect(rulesOf(byId(out.resources, NSG_EXT))).not.toContain('AllowInternetHttpOutbound');
    expect(byId(out.resources, `${NET_WEU}/networkSecurityGroups/nsg-workloads-weu`)).toBeUndefined();
    expect(out.outcomes.map((o) => o.applied)).toEqual([true, true, false, false]);
    expect(out.outcomes[2]!.reason).toBe('NoChange');
    expect(out.outcomes[3]!.reason).toMatch(/ignored/);
    // The input is not modified.
    expect(rulesOf(byId(current, NSG_EXT))).toContain('AllowInternetHttpOutbound');
  });

  it('folds child rules, subnets and routes into their parents, after the parents (the child wins)', () => {
    const nsg = resourceNamed(current, 'nsg-apim-external-weu');
    const rule = { name: 'AllowApiManagementInbound', properties: { priority: 110, direction: 'Inbound', access: 'Deny', protocol: 'Tcp', sourceAddressPrefix: 'ApiManagement', sourcePortRange: '*', destinationAddressPrefix: 'VirtualNetwork', destinationPortRange: '3443' } };
    const out = overlay(current, [
      // The child comes first in the document; it is still applied after its parent.
      item({ resourceId: `${NSG_EXT}/securityRules/AllowApiManagementInbound`, action: 'modify', after: rule }),
      item({ resourceId: NSG_EXT, action: 'modify', after: nsg }),
      item({ resourceId: `${VNET}/subnets/snet-new`, action: 'create', after: { name: 'snet-new', properties: { addressPrefix: '10.40.9.0/26' } } }),
      item({ resourceId: `${NET_WEU.replace('rg-network-weu', 'rg-network-neu')}/routeTables/rt-apim-forced-tunnel-neu/routes/default-to-hub-firewall`, action: 'delete' }),
    ]);
    const rules = byId(out.resources, NSG_EXT)!.properties!.securityRules as Array<{ name: string; properties: { access: string } }>;
    expect(rules.find((r) => r.name === 'AllowApiManagementInbound')!.properties.access).toBe('Deny');
    expect(subnetsOf(byId(out.resources, VNET)).map((s) => s.name)).toContain('snet-new');
    const rt = out.resources.find((r) => r.name === 'rt-apim-forced-tunnel-neu')!;
    expect((rt.properties!.routes as Array<{ name: string }>).map((r) => r.name)).not.toContain('default-to-hub-firewall');
    expect(out.outcomes.every((o) => o.applied)).toBe(true);
  });

  it('skips a child whose parent is neither current nor created, and types no instance depends on, with the reason', () => {
    const out = overlay(current, [
      item({ resourceId: `${NET_WEU}/networkSecurityGroups/nsg-elsewhere/securityRules/r1`, action: 'delete' }),
      item({ resourceId: `${NET_WEU.replace('Microsoft.Network', 'Microsoft.Storage')}/storageAccounts/st1`, action: 'create', after: {} }),
      item({ resourceId: 'not-an-id', action: 'delete' }),
    ]);
    expect(out.outcomes.map((o) => o.applied)).toEqual([false, false, false]);
    expect(out.outcomes[0]!.reason).toMatch(/network security group nsg-elsewhere is neither in the current resources nor created/);
    expect(out.outcomes[1]!.reason).toMatch(/Microsoft.Storage\/storageAccounts is not a resource type apim-vnet-guard reads/);
    expect(out.outcomes[2]!.reason).toMatch(/not the ARM id/);
  });

  it('keeps the subnets of a VNet declared without subnets (arm-template-whatif #393), but an explicit array that omits one removes it', () => {
    const vnet = resourceNamed(current, 'vnet-spoke-apim-weu');
    delete vnet.properties!.subnets;
    const kept = overlay(current, [item({ resourceId: VNET, action: 'modify', after: vnet })]);
    expect(subnetsOf(byId(kept.resources, VNET)).map((s) => s.name)).toEqual(subnetsOf(byId(current, VNET)).map((s) => s.name));

    const explicit = resourceNamed(current, 'vnet-spoke-apim-weu');
    explicit.properties!.subnets = subnetsOf(explicit).filter((s) => s.name !== 'snet-apim-external');
    const result = run([item({ resourceId: VNET, action: 'modify', after: explicit })]);
    const ext = result.instances.find((i) => i.name === 'apim-contoso-ext-weu')!;
    expect(ext.verdict).toBe('worse');
    expect(ext.introduced.map((f) => f.ruleId)).toContain('SUBNET_EXISTS');
  });

  it('keeps read-only properties the body leaves out: subnet ipConfigurations, an instance platformVersion', () => {
    const vnet = resourceNamed(current, 'vnet-spoke-apim-weu');
    for (const s of subnetsOf(vnet)) delete s.properties.ipConfigurations;
    const apim = resourceNamed(current, 'apim-contoso-legacy');
    delete apim.properties!.platformVersion;
    const legacyVnet = current.find((r) => r.type === 'Microsoft.Network/virtualNetworks' && subnetsOf(r).some((s) => s.properties.ipConfigurations))!;
    const stripped = structuredClone(legacyVnet);
    for (const s of subnetsOf(stripped)) delete s.properties.ipConfigurations;
    const out = overlay(current, [item({ resourceId: apim.id, action: 'modify', after: apim }), item({ resourceId: legacyVnet.id, action: 'modify', after: stripped })]);
    expect(byId(out.resources, apim.id)!.properties!.platformVersion).toBe('stv1');
    expect(subnetsOf(byId(out.resources, legacyVnet.id)).some((s) => Array.isArray(s.properties.ipConfigurations))).toBe(true);
  });

  it('applies a patch to an inline subnet (an association), and a patch with null clears the key', () => {
    const out = overlay(current, [item({ resourceId: SUBNET_EXT, action: 'delete', patch: { networkSecurityGroup: null } })]);
    const subnet = subnetsOf(byId(out.resources, VNET)).find((s) => s.name === 'snet-apim-external')!;
    expect(subnet.properties.networkSecurityGroup).toBeUndefined();
    expect(subnet.properties.addressPrefix).toBe('10.40.1.0/26');
  });

  it('lists the resource of an item with unknown values, on the NSG for a rule', () => {
    const out = overlay(current, [
      item({ resourceId: `${NSG_EXT}/securityRules/AllowApiManagementInbound`, action: 'unknown', unknown: [{ path: '(resource)', reason: 'Deploy' }] }),
    ]);
    expect([...out.unknown.keys()]).toEqual([normalizeResourceId(NSG_EXT)]);
    expect(out.touched.has(normalizeResourceId(NSG_EXT))).toBe(true);
  });

  it('a replace is taken in its in-between form only when asked', () => {
    const patch = { networkSecurityGroup: { id: `${NET_WEU}/networkSecurityGroups/nsg-apim-global-weu` } };
    const replace = item({ resourceId: SUBNET_EXT, action: 'replace', patch, whileReplacing: { action: 'modify', patch: { networkSecurityGroup: null } } });
    const nsgOf = (r: ReturnType<typeof overlay>) => subnetsOf(byId(r.resources, VNET)).find((s) => s.name === 'snet-apim-external')!.properties.networkSecurityGroup;
    expect(nsgOf(overlay(current, [replace]))).toEqual(patch.networkSecurityGroup);
    expect(nsgOf(overlay(current, [replace], { replacing: 0 }))).toBeUndefined();
  });

  it('an instance created by the change is reported, with before absent', () => {
    const apim = resourceNamed(current, 'apim-contoso-ext-weu');
    const id = `${APIM}/apim-contoso-new`;
    const created = { ...apim, id, name: 'apim-contoso-new' };
    const result = run([item({ resourceId: id, action: 'create', after: created })]);
    const i = result.instances.find((x) => x.name === 'apim-contoso-new')!;
    expect(i.before.status).toBe('absent');
    expect(i.after.status).not.toBe('absent');
  });

  it('never modifies the current resources (copy on write)', () => {
    const before = JSON.stringify(current);
    const vnet = resourceNamed(current, 'vnet-spoke-apim-weu');
    delete vnet.properties!.subnets;
    overlay(current, [
      item({ resourceId: SUBNET_EXT, action: 'modify', patch: { networkSecurityGroup: null } }),
      item({ resourceId: `${NSG_EXT}/securityRules/AllowApiManagementInbound`, action: 'delete' }),
      item({ resourceId: `${VNET}/subnets/snet-apim-internal`, action: 'modify', after: { properties: { addressPrefix: '10.40.2.0/27' } } }),
      item({ resourceId: VNET, action: 'modify', after: vnet }),
      item({ resourceId: `${NET_WEU}/networkSecurityGroups/nsg-workloads-weu`, action: 'delete' }),
    ]);
    expect(JSON.stringify(current)).toBe(before);
  });

  it('reordering the rules of an NSG changes nothing (arm-template-whatif #60)', () => {
    fc.assert(
      fc.property(fc.constantFrom('nsg-apim-external-weu', 'nsg-apim-internal-weu', 'nsg-apim-global-weu'), fc.integer(), (name, seed) => {
        const nsg = resourceNamed(current, name);
        const rules = nsg.properties!.securityRules as unknown[];
        const shuffled = fc.sample(fc.shuffledSubarray(rules, { minLength: rules.length, maxLength: rules.length }), { numRuns: 1, seed })[0]!;
        nsg.properties!.securityRules = shuffled;
        const result = run([item({ resourceId: nsg.id, action: 'modify', after: nsg })]);
        expect(result.instances.length).toBeGreaterThan(0);
        for (const i of result.instances) {
          expect(i.verdict).toBe('same');
          expect(i.introduced).toEqual([]);
          expect(i.resolved).toEqual([]);
        }
      }),
      { numRuns: 15 },
    );
  });
});
