/**
 * `apim-vnet-guard preflight` on the sample estate: the done-when scenarios with their exit codes,
 * the JSON contract, the Markdown PR comment's structure and SARIF of what the change introduces.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ArmResource } from '../../src/arm/arm-resource.js';
import { MARKDOWN_MARKER } from '../../src/preflight/render/markdown.js';
import { preflight } from '../../src/preflight/preflight.js';
import { RULES } from '../../src/rules/catalogue.js';
import { run } from '../cli/fixtures.js';
import { FIXTURES, NSG_EXT, resourceNamed, SAMPLE_ESTATE, sampleResources, SUBNET_EXT } from './fixtures.js';

const ROOT = join(import.meta.dirname, '..', '..');
const preflightRun = (change: string, ...more: string[]) => run(['preflight', '--change', join('test/fixtures/preflight', change), '--estate', 'examples/estate', ...more], { cwd: ROOT });

async function json(change: string, ...more: string[]) {
  const r = await preflightRun(change, '--format', 'json', ...more);
  return { ...r, answer: JSON.parse(r.stdout) };
}

describe('preflight on the sample estate', () => {
  it.each([
    ['a what-if that deletes the ApiManagement:3443 allow', 'whatif-external-3443-removed.json', 'NSG_IN_MGMT_3443', NSG_EXT, 'test/fixtures/preflight/whatif-external-3443-removed.json changes[0]'],
    ['a what-if (REST spelling) that deletes the 3443 rule as a child resource', 'whatif-rest-delete-3443-rule.json', 'NSG_IN_MGMT_3443', `${NSG_EXT}/securityRules/AllowApiManagementInbound`, 'test/fixtures/preflight/whatif-rest-delete-3443-rule.json changes[0]'],
    ['a Terraform plan that deletes the subnet NSG association', 'tf-plan-delete-nsg-association.json', 'SUBNET_NSG_ATTACHED_CLASSIC', SUBNET_EXT, 'azurerm_subnet_network_security_group_association.apim_external'],
    ['a proposed NSG with a deny above the allow', 'proposed-nsg-deny-above-allow.json', 'NSG_IN_MGMT_3443', NSG_EXT, 'test/fixtures/preflight/proposed-nsg-deny-above-allow.json ([0])'],
  ])('%s: apim-contoso-ext-weu gets worse with the rule introduced, exit 1', async (_title, change, ruleId, changedResource, source) => {
    const { code, answer, stderr } = await json(change);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(answer.instances.map((i: { name: string; verdict: string }) => [i.name, i.verdict])).toEqual([['apim-contoso-ext-weu', 'worse']]);
    const [instance] = answer.instances;
    expect(instance.before.status).toBe('pass');
    expect(instance.after.status).toBe('fail');
    expect(instance.introduced).toHaveLength(1);
    expect(instance.introduced[0]).toMatchObject({ ruleId, severity: 'breaks-now', location: 'westeurope', changedResource, change: source, moment: 'after' });
    expect(instance.resolved).toEqual([]);
  });

  it('the deny above the allow is named as the deciding rule', async () => {
    const { answer } = await json('proposed-nsg-deny-above-allow.json');
    expect(answer.instances[0].introduced[0].message).toMatch(/decided by custom rule DenyInternetManagementInbound \(priority 105, Deny\)/);
  });

  it.each([['whatif-unrelated-nsg.json'], ['tf-plan-unrelated.json'], ['whatif-rest-api-specs-example.json']])('%s: a change no instance depends on reports no instance and exits 0', async (change) => {
    const { code, answer } = await json(change);
    expect(code).toBe(0);
    expect(answer.instances).toEqual([]);
    expect(answer.summary).toMatchObject({ instances: 0, verdict: 'same' });
  });

  it('the 3443 rule of nsg-apim-internal-weu is already missing in the sample: adding it back is better, exit 0', async () => {
    const { code, answer } = await json('whatif-internal-3443-added.json');
    expect(code).toBe(0);
    expect(answer.instances.map((i: { name: string; verdict: string }) => [i.name, i.verdict])).toEqual([['apim-contoso-int-weu', 'better']]);
    expect(answer.instances[0].resolved.map((f: { ruleId: string }) => f.ruleId)).toEqual(['NSG_IN_MGMT_3443']);
  });

  it.each([['whatif-unresolved-reference.json'], ['whatif-powershell-resource-id-only.json'], ['tf-plan-rule-source-unknown.json']])('%s: values known only after apply give an unknown verdict and exit 3, never a pass', async (change) => {
    const { code, answer } = await json(change);
    expect(code).toBe(3);
    const ext = answer.instances.find((i: { name: string }) => i.name === 'apim-contoso-ext-weu');
    expect(ext.verdict).toBe('unknown');
    expect(ext.after.status).toBe('unknown');
    expect(ext.unknownValues.length).toBeGreaterThan(0);
  });

  it('a Terraform replace of the association is evaluated between its delete and its create as well as after', async () => {
    const { code, answer } = await json('tf-plan-replace-nsg-association.json');
    expect(code).toBe(1);
    const [instance] = answer.instances;
    expect(instance.after.status).toBe('pass');
    expect(instance.verdict).toBe('worse');
    expect(instance.introduced).toEqual([expect.objectContaining({ ruleId: 'SUBNET_NSG_ATTACHED_CLASSIC', moment: 'while-replacing', change: 'azurerm_subnet_network_security_group_association.apim_external' })]);
  });

  it('noise (a VNet without subnets, reordered rules) changes no verdict', async () => {
    const { code, answer } = await json('whatif-noise-vnet-without-subnets.json');
    expect(code).toBe(0);
    expect(answer.instances.length).toBeGreaterThan(0);
    expect(answer.instances.every((i: { verdict: string; introduced: unknown[] }) => i.verdict === 'same' && i.introduced.length === 0)).toBe(true);
  });

  it('lists every change item as applied or skipped with its reason (the JSON contract)', async () => {
    const { answer } = await json('tf-plan-unrelated.json');
    expect(Object.keys(answer)).toEqual(['formatVersion', 'tool', 'change', 'instances', 'changes', 'notes', 'summary']);
    expect(answer.changes).toEqual([
      { resourceId: '/subscriptions/3f2b8c1e-7d4a-4e9b-9c61-2a5d8e0f4b17/resourceGroups/rg-network-weu/providers/Microsoft.Network/networkSecurityGroups/nsg-workloads-weu', action: 'modify', source: 'azurerm_network_security_group.workloads', applied: true },
      { resourceId: '', action: 'create', source: 'azurerm_storage_account.flowlogs', applied: false, reason: expect.stringMatching(/not a resource apim-vnet-guard reads/) },
      { resourceId: '', action: 'no-change', source: 'data.azurerm_client_config.current', applied: false, reason: 'a data source: read only' },
    ]);
    expect(answer.summary).toEqual({ instances: 0, byVerdict: { worse: 0, unknown: 0, better: 0, same: 0 }, changes: 3, applied: 1, skipped: 2, verdict: 'same' });
    const worse = (await json('whatif-external-3443-removed.json')).answer.instances[0];
    expect(Object.keys(worse)).toEqual(['id', 'name', 'before', 'after', 'introduced', 'resolved', 'changedResources', 'unknownValues', 'verdict']);
    expect(worse.changedResources).toEqual([NSG_EXT]);
  });

  it('--fail-on sets the gate: a recommendation introduced is worse but passes the default gate', async () => {
    const def = await json('tf-plan-subnet-service-endpoint-removed.json');
    expect(def.answer.instances[0]).toMatchObject({ name: 'apim-contoso-hub-neu', verdict: 'worse' });
    expect(def.code).toBe(0);
    expect((await preflightRun('tf-plan-subnet-service-endpoint-removed.json', '--fail-on', 'recommendation')).code).toBe(1);
    expect((await preflightRun('whatif-external-3443-removed.json', '--fail-on', 'never')).code).toBe(0);
  });

  it('--all lists the instances the change does not touch as same', async () => {
    const { answer, code } = await json('whatif-unrelated-nsg.json', '--all');
    expect(code).toBe(0);
    const instances = (await sampleResources()).filter((r) => r.type === 'Microsoft.ApiManagement/service');
    expect(answer.instances).toHaveLength(instances.length);
    expect(answer.instances.every((i: { verdict: string }) => i.verdict === 'same')).toBe(true);
  });

  it('input errors exit 2 with one line naming the problem', async () => {
    const missing = await run(['preflight', '--change', 'nope.json', '--estate', 'examples/estate'], { cwd: ROOT });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read --change nope.json/);
    const badJson = await run(['preflight', '--change', 'package-lock.json', '--estate', 'examples/estate', '--change-format', 'what-if'], { cwd: ROOT });
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toMatch(/--change: package-lock.json: not an ARM what-if result/);
    const noEstate = await run(['preflight', '--change', join('test/fixtures/preflight', 'tf-plan-unrelated.json')], { cwd: ROOT });
    expect(noEstate.code).toBe(2);
    expect(noEstate.stderr).toMatch(/no estate given/);
    const noChange = await run(['preflight', '--estate', 'examples/estate'], { cwd: ROOT });
    expect(noChange.code).toBe(2);
  });
});

describe('preflight output formats', () => {
  it('text: the headline first, the diff per instance, the change items', async () => {
    const { stdout, code } = await preflightRun('whatif-external-3443-removed.json');
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('Pre-flight of what-if test/fixtures/preflight/whatif-external-3443-removed.json: 1 instance gets worse (1 instance affected)');
    expect(stdout).toContain('✖ WORSE  apim-contoso-ext-weu  pass → fail');
    expect(stdout).toMatch(/introduced {2}breaks-now {2}NSG_IN_MGMT_3443 at westeurope/);
    expect(stdout).toMatch(/skipped {2}no-change {2}vnet-spoke-apim-weu .*NoChange: what-if predicts no property change/);
  });

  it('markdown: a verdict line first, a table of instances, collapsible details, the change items, the marker', async () => {
    const { stdout } = await preflightRun('tf-plan-delete-nsg-association.json', '--format', 'markdown');
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('**✖ apim-vnet-guard pre-flight: 1 instance gets worse (1 instance affected)**');
    const header = lines.indexOf('| Instance | Before | After | Verdict | Introduced | Resolved |');
    expect(header).toBeGreaterThan(0);
    expect(lines[header + 1]).toBe('|---|---|---|---|---|---|');
    expect(lines[header + 2]).toBe('| <code>apim-contoso-ext-weu</code> | pass | fail | ✖ worse | <code>SUBNET_NSG_ATTACHED_CLASSIC</code> (breaks-now) | — |');
    // Every table row has the header's six cells.
    for (const row of lines.filter((l) => l.startsWith('| ') && lines.indexOf(l) < lines.indexOf('<details><summary>2 change items: 1 applied, 1 skipped</summary>'))) expect(row.split(' | ')).toHaveLength(6);
    expect(lines).toContain('<details><summary>apim-contoso-ext-weu: pass → fail</summary>');
    expect(stdout.match(/<details>/g)).toHaveLength(2);
    expect(stdout.match(/<\/details>/g)).toHaveLength(2);
    expect(stdout).toMatch(/- \*\*Introduced\*\* <code>SUBNET_NSG_ATTACHED_CLASSIC<\/code> breaks-now at westeurope: Subnet/);
    expect(stdout).toContain('  - by <code>azurerm_subnet_network_security_group_association.apim_external</code> on <code>snet-apim-external</code>');
    expect(stdout).toContain('| <code>snet-apim-external</code> | delete | <code>azurerm_subnet_network_security_group_association.apim_external</code> | yes |  |');
    expect(lines.at(-1)).toBe(MARKDOWN_MARKER);
  });

  it('markdown: values from Azure cannot add markup, HTML, mentions or table cells', async () => {
    const current = await sampleResources();
    const nsg = resourceNamed(current, 'nsg-apim-external-weu');
    const rules = nsg.properties!.securityRules as Array<{ name: string }>;
    rules.splice(rules.findIndex((r) => r.name === 'AllowApiManagementInbound'), 1);
    const evil = { ...resourceNamed(current, 'apim-contoso-ext-weu') } as ArmResource;
    const { renderPreflightMarkdown } = await import('../../src/preflight/render/markdown.js');
    const result = preflight({
      current,
      document: { format: 'resources', file: 'x.json', notes: ['@org/team <img src=x> | cell'], items: [{ resourceId: nsg.id, action: 'modify', after: nsg, unknown: [], source: 'x.json ([0]) @org/team | <b>' }] },
      rules: RULES,
    });
    void evil;
    const md = renderPreflightMarkdown(result);
    expect(md).not.toMatch(/@org/);
    expect(md).not.toMatch(/<img|<b>/);
    expect(md).toContain('&#64;org/team &lt;img src=x&gt; &#124; cell');
  });

  it('sarif: only what the change introduces, located in the change document, naming the change item', async () => {
    const { stdout, code } = await preflightRun('whatif-external-3443-removed.json', '--format', 'sarif');
    expect(code).toBe(1);
    const log = JSON.parse(stdout);
    expect(log.version).toBe('2.1.0');
    const results = log.runs[0].results;
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ ruleId: 'NSG_IN_MGMT_3443', level: 'error' });
    expect(results[0].message.text).toMatch(/\(introduced by test\/fixtures\/preflight\/whatif-external-3443-removed.json changes\[0\]\)$/);
    expect(results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('test/fixtures/preflight/whatif-external-3443-removed.json');
    const none = JSON.parse((await preflightRun('whatif-internal-3443-added.json', '--format', 'sarif')).stdout);
    expect(none.runs[0].results).toEqual([]);
  });
});

describe('unknown values never produce a pass', () => {
  let current: ArmResource[];
  beforeAll(async () => {
    current = await sampleResources();
  });

  it('an unresolved expression anywhere in a rule of the NSG makes the verdict unknown or worse, never same or better', () => {
    const fields = ['sourceAddressPrefix', 'destinationAddressPrefix', 'destinationPortRange', 'access', 'direction', 'protocol', 'priority'];
    fc.assert(
      fc.property(fc.nat(8), fc.constantFrom(...fields), (ruleIndex, field) => {
        const nsg = resourceNamed(current, 'nsg-apim-external-weu');
        const rules = nsg.properties!.securityRules as Array<{ properties: Record<string, unknown> }>;
        rules[ruleIndex % rules.length]!.properties[field] = "[parameters('fromTheHub')]";
        const items = [{ resourceId: nsg.id, action: 'modify' as const, after: nsg, source: 'p', unknown: [{ path: `properties.securityRules[${ruleIndex}].properties.${field}`, reason: 'expression' }] }];
        const result = preflight({ current, document: { format: 'what-if', file: 'p', items, notes: [] }, rules: RULES });
        const ext = result.instances.find((i) => i.name === 'apim-contoso-ext-weu')!;
        expect(['unknown', 'worse']).toContain(ext.verdict);
        expect(ext.after.status).not.toBe('pass');
      }),
      { numRuns: 30 },
    );
  });

  it('the fixtures directory is what the README recipes use', () => {
    expect(FIXTURES.endsWith(join('test', 'fixtures', 'preflight'))).toBe(true);
    expect(SAMPLE_ESTATE.endsWith(join('examples', 'estate'))).toBe(true);
  });
});

describe('preflight text output safety', () => {
  it('control characters from a change document or Azure cannot reach the terminal', async () => {
    const current = await sampleResources();
    const nsg = resourceNamed(current, 'nsg-apim-external-weu');
    const { renderPreflightText } = await import('../../src/preflight/render/text.js');
    const result = preflight({
      current,
      document: { format: 'resources', file: 'x\u001b[2J.json', notes: ['note \u001b]8;;evil\u0007'], items: [{ resourceId: nsg.id, action: 'modify', after: nsg, unknown: [], source: 'x.json \u001b[31m(red)' }] },
      rules: RULES,
    });
    expect(renderPreflightText(result)).not.toMatch(/\u001b/);
  });
});
