/** A resource an instance needs is absent: the report says why (a skipped file, not exported, not in its VNet) and what to do. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArmResource } from '../../src/arm/arm-resource.js';
import { instanceResources, run, tempEstate, type TempEstate } from './fixtures.js';

const byType = (resources: ArmResource[], type: string) => resources.filter((r) => r.type === type);

describe('check names the cause of a missing resource', () => {
  let estates: TempEstate;
  beforeAll(async () => {
    const all = instanceResources({ name: 'apim-split', octet: 1 });
    const nsgs = byType(all, 'Microsoft.Network/networkSecurityGroups');
    const rest = all.filter((r) => !nsgs.includes(r));
    const renamed = instanceResources({ name: 'apim-renamed', octet: 2 });
    const vnet = byType(renamed, 'Microsoft.Network/virtualNetworks')[0]!;
    const subnet = (vnet.properties!.subnets as Array<{ id: string; name: string }>)[0]!;
    subnet.id = subnet.id.replace('snet-apim', 'snet-apim-new');
    subnet.name = 'snet-apim-new';
    estates = await tempEstate({
      'skipped/apim-and-network.json': rest,
      'skipped/nsgs.json': `${JSON.stringify(nsgs).slice(0, 200)}`,
      'not-exported/estate.json': rest,
      'renamed/estate.json': renamed,
    });
  });
  afterAll(() => estates.cleanup());

  it('points at the estate file that failed to parse, not at permissions', async () => {
    const r = await run(['check', '--estate', 'skipped', '--format', 'json', '--alerts-dir', 'previews'], { cwd: estates.dir });
    const finding = JSON.parse(r.stdout).instances[0].findings.find((f: { ruleId: string }) => f.ruleId === 'RESOURCE_UNREADABLE');
    expect(finding.message).toMatch(/was not read because of an input error: not in the estate; the input errors in .*skipped\/nsgs\.json may have kept it out/);
    expect(finding.remediation).toContain('Fix the estate file named in the message');
    expect(finding.remediation).not.toContain('Reader');
    const { readFile } = await import('node:fs/promises');
    const email = await readFile(estates.path('previews/apim-split.email.txt'), 'utf8');
    expect(email).toContain('skipped/nsgs.json');
    expect(email).not.toMatch(/permissions/i);
    expect(r.code).toBe(2);
  });

  it('says a resource that is simply not in the snapshot was not exported', async () => {
    const r = await run(['check', '--estate', 'not-exported', '--format', 'json'], { cwd: estates.dir });
    const finding = JSON.parse(r.stdout).instances[0].findings.find((f: { ruleId: string }) => f.ruleId === 'RESOURCE_UNREADABLE');
    expect(finding.message).toContain('is not in the estate that was read');
    expect(finding.remediation).toContain('apim-vnet-guard export');
    expect(r.code).toBe(3);
  });

  it('reports a subnet that its VNet in the snapshot does not list as gone (SUBNET_EXISTS), not as unreadable', async () => {
    const r = await run(['check', '--estate', 'renamed', '--format', 'json'], { cwd: estates.dir });
    const findings = JSON.parse(r.stdout).instances[0].findings as Array<{ ruleId: string; message: string }>;
    expect(findings.map((f) => f.ruleId)).not.toContain('RESOURCE_UNREADABLE');
    expect(findings.find((f) => f.ruleId === 'SUBNET_EXISTS')!.message).toContain('is not among the subnets of its virtual network in the estate');
    expect(r.code).toBe(1);
  });
});
