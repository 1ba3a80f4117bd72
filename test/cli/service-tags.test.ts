/** `check --service-tags FILE`: NSG rules listing CIDRs instead of the ApiManagement tag, judged on the real ranges. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArmResource } from '../../src/arm/arm-resource.js';
import { armNetworkSecurityGroup, recommendedRuleSpecs } from '../support/synthetic-estate.js';
import { instanceResources, run, tempEstate, type TempEstate } from './fixtures.js';

const TAGS = readFileSync(join(import.meta.dirname, '../fixtures/service-tags/ServiceTags_Public.json'), 'utf8');
let estate: TempEstate;

beforeAll(async () => {
  const resources = instanceResources({ name: 'a', octet: 1 }).map((r): ArmResource => {
    if (r.type !== 'Microsoft.Network/networkSecurityGroups') return r;
    const specs = recommendedRuleSpecs().map((s) => (s.name === 'AllowApiManagementInbound' ? { ...s, source: ['51.145.179.78/32', '52.236.187.80/28', '13.69.64.76/31'] } : s));
    return armNetworkSecurityGroup(r.id, 'westeurope', specs, { subnetIds: [((r.properties as { subnets: Array<{ id: string }> }).subnets[0]!.id)] });
  });
  estate = await tempEstate({ 'estate.json': resources, 'tags.json': TAGS, 'bad-tags.json': '{"values": 3}' });
});
afterAll(async () => estate.cleanup());

describe('check --service-tags', () => {
  it('without it: a CIDR list for 3443 is only partly allowed (today’s verdict), the ranges not checked', async () => {
    const r = await run(['check', '--estate', estate.path('estate.json'), '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { instances: Array<{ status: string; findings: Array<{ ruleId: string; message: string }> }> };
    expect(report.instances[0]!.status).toBe('fail');
    expect(report.instances[0]!.findings.find((f) => f.ruleId === 'NSG_IN_MGMT_3443')!.message).toContain('were not checked');
  });

  it('with it: the list covers every ApiManagement range of West Europe, so the instance passes', async () => {
    const r = await run(['check', '--estate', estate.path('estate.json'), '--service-tags', estate.path('tags.json'), '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { instances: Array<{ status: string }> }).instances[0]!.status).toBe('pass');
  });

  it('a bad file is a usage error naming the file and the spot', async () => {
    const r = await run(['check', '--estate', estate.path('estate.json'), '--service-tags', estate.path('bad-tags.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--service-tags');
    expect(r.stderr).toContain('"values": is not an array');
    const missing = await run(['check', '--estate', estate.path('estate.json'), '--service-tags', estate.path('nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--service-tags .*nope\.json: .*ENOENT/);
  });
});
