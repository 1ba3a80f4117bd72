import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildReport } from '../../src/engine/report.js';
import { FINGERPRINT_KEY, renderSarif, sarifLevel, toSarif } from '../../src/report/sarif.js';
import { RULES } from '../../src/rules/catalogue.js';
import { GLOBAL_ID, INSTANCES, NSG_NEU, PIP_WEU, sampleReport, SAMPLE_RULES, UNKNOWN_ID } from './sample-report.js';

/**
 * The parts of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json) that consumers rely on: required
 * properties, enums and types of sarifLog, run, tool, toolComponent, reportingDescriptor, result,
 * location and logicalLocation. Strict objects where we control every key, so a typo fails.
 */
const message = z.object({ text: z.string().min(1) });
const level = z.enum(['none', 'note', 'warning', 'error']);
const reportingDescriptor = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  shortDescription: message.optional(),
  fullDescription: message.optional(),
  helpUri: z.url().optional(),
  help: message.optional(),
  defaultConfiguration: z.object({ level }).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});
const logicalLocation = z.object({ fullyQualifiedName: z.string().min(1), name: z.string().optional(), kind: z.string().optional() });
const physicalLocation = z.strictObject({
  artifactLocation: z.strictObject({ uri: z.string().min(1) }),
  region: z.strictObject({ startLine: z.number().int().min(1), startColumn: z.number().int().min(1).optional() }).optional(),
});
const location = z.object({
  physicalLocation: physicalLocation.optional(),
  logicalLocations: z.array(logicalLocation).min(1),
});
/** What GitHub code scanning adds: a physical location on every result (see src/report/sarif.ts). */
const githubResult = z.object({ locations: z.array(z.object({ physicalLocation })).min(1) });
const notification = z.strictObject({
  level,
  message,
  locations: z.array(z.strictObject({ physicalLocation: z.strictObject({ artifactLocation: z.strictObject({ uri: z.string().min(1) }) }) })).optional(),
});
const invocation = z.strictObject({ executionSuccessful: z.boolean(), toolExecutionNotifications: z.array(notification) });
const result = z.object({
  ruleId: z.string().min(1),
  ruleIndex: z.number().int().nonnegative(),
  level,
  message,
  locations: z.array(location).min(1),
  partialFingerprints: z.record(z.string(), z.string()),
  properties: z.record(z.string(), z.unknown()).optional(),
});
const sarifLog = z.object({
  $schema: z.url(),
  version: z.literal('2.1.0'),
  runs: z
    .array(
      z.object({
        tool: z.object({
          driver: z.object({
            name: z.string().min(1),
            version: z.string().optional(),
            semanticVersion: z.string().optional(),
            rules: z.array(reportingDescriptor),
          }),
        }),
        invocations: z.array(invocation).min(1),
        results: z.array(result),
        properties: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .min(1),
});

const options = { toolVersion: '0.1.0', rules: SAMPLE_RULES };

describe('sarif format', () => {
  const log = toSarif(sampleReport(), options);
  const run = log.runs[0]!;

  it('has the structure SARIF 2.1.0 requires', () => {
    expect(() => sarifLog.parse(JSON.parse(renderSarif(sampleReport(), options)))).not.toThrow();
  });

  it('also validates with the real rule catalogue, whose every rule is listed with its docs and level', () => {
    const real = toSarif(sampleReport(), { toolVersion: '0.1.0', rules: RULES.map((r) => r.meta) });
    sarifLog.parse(real);
    const ids = real.runs[0]!.tool.driver.rules.map((r) => r.id);
    for (const rule of RULES) expect(ids).toContain(rule.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('describes each catalogue rule with helpUri and default level', () => {
    const rule = run.tool.driver.rules.find((r) => r.id === 'NSG_IN_MGMT_3443')!;
    expect(rule.helpUri).toBe('https://learn.microsoft.com/azure/api-management/nsg_in_mgmt_3443');
    expect(rule.defaultConfiguration.level).toBe('error');
    expect(rule.shortDescription.text).toBe('Title of NSG_IN_MGMT_3443');
    expect(run.tool.driver.rules.find((r) => r.id === 'SUBNET_HEADROOM')!.defaultConfiguration.level).toBe('note');
  });

  it('adds a descriptor for a finding whose rule is not in the catalogue, and ruleIndex points at it', () => {
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
    expect(run.tool.driver.rules.map((r) => r.id)).toContain('RESOURCE_UNREADABLE');
  });

  it('maps severities to levels', () => {
    expect(sarifLevel('breaks-now')).toBe('error');
    expect(sarifLevel('breaks-on-apply')).toBe('error');
    expect(sarifLevel('degraded')).toBe('warning');
    expect(sarifLevel('recommendation')).toBe('note');
    expect(sarifLevel('info')).toBe('note');
    const byRule = Object.fromEntries(run.results.map((r) => [r.ruleId, r.level]));
    expect(byRule).toMatchObject({ NSG_IN_MGMT_3443: 'error', PIP_SKU_STANDARD: 'error', MR_INTERNAL_ROUTING_OWNED: 'warning', SUBNET_HEADROOM: 'note' });
  });

  it('locates a result at the resource to change, by its ARM id', () => {
    const r = run.results.find((x) => x.ruleId === 'NSG_IN_MGMT_3443')!;
    expect(r.message.text).toContain('3443');
    expect(r.locations[0]!.logicalLocations[0]).toEqual({ fullyQualifiedName: NSG_NEU, name: 'nsg-neu', kind: 'resource' });
    expect(r.locations[0]!.physicalLocation).toBeUndefined();
    expect(r.properties).toMatchObject({ instanceId: GLOBAL_ID, location: 'northeurope', severity: 'breaks-now' });
  });

  it('names the mode of the instance in words, and the regimes of a v2 rule without classic platforms', () => {
    const [, global] = INSTANCES;
    const v2 = buildReport([{ ...global!, sku: 'PremiumV2', networkMode: 'Internal' }]);
    const result = toSarif(v2, options).runs[0]!.results[0]!;
    expect(result.properties.instanceMode).toBe('VNet injection');
    expect(run.results.find((x) => x.ruleId === 'NSG_IN_MGMT_3443')!.properties.instanceMode).toBe('External VNet');
    const kv = toSarif(sampleReport(), { ...options, rules: RULES.map((r) => r.meta) }).runs[0]!.tool.driver.rules.find((r) => r.id === 'V2_NSG_OUT_KV_443')!;
    expect(kv.fullDescription.text).toBe('The NSG lets the v2 instance reach Azure Key Vault on TCP 443. Applies to v2 outbound integration/v2 injection, checked per location.');
  });

  it('adds a physical location when the estate file of the resource is known', () => {
    const withFiles = toSarif(sampleReport(), { ...options, artifactOf: (id) => (id === PIP_WEU ? 'estate/network.json' : undefined) });
    const pip = withFiles.runs[0]!.results.find((x) => x.ruleId === 'PIP_SKU_STANDARD')!;
    expect(pip.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'estate/network.json' } });
  });

  it('puts a result whose resource is in no file at its instance, with the line and column', () => {
    const at = (id: string) => (id === GLOBAL_ID ? { uri: 'estate/apim.json', line: 12, column: 3 } : undefined);
    const withFiles = toSarif(sampleReport(), { ...options, artifactOf: at });
    const nsg = withFiles.runs[0]!.results.find((x) => x.ruleId === 'NSG_IN_MGMT_3443')!;
    expect(nsg.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'estate/apim.json' }, region: { startLine: 12, startColumn: 3 } });
  });

  it('lists the input problems as tool notifications of the invocation', () => {
    const withProblems = toSarif(sampleReport(), {
      ...options,
      notifications: [
        { level: 'error', text: 'estate/nsgs.json: not valid JSON at line 3 column 1', uri: 'estate/nsgs.json' },
        { level: 'warning', text: 'subscription x could not be listed' },
      ],
    });
    sarifLog.parse(withProblems);
    expect(withProblems.runs[0]!.invocations).toEqual([
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          { level: 'error', message: { text: 'estate/nsgs.json: not valid JSON at line 3 column 1' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'estate/nsgs.json' } } }] },
          { level: 'warning', message: { text: 'subscription x could not be listed' } },
        ],
      },
    ]);
    expect(toSarif(sampleReport(), options).runs[0]!.invocations).toEqual([{ executionSuccessful: true, toolExecutionNotifications: [] }]);
  });

  it('from the CLI on an estate: every result has the file, line and column of its resource, and validates', async () => {
    const { main } = await import('../../src/cli/program.js');
    let out = '';
    const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true }, env: {}, cwd: join(import.meta.dirname, '../..') };
    await main(['check', '--estate', 'examples/estate', '--format', 'sarif'], io);
    const log = sarifLog.parse(JSON.parse(out));
    const results = log.runs[0]!.results;
    expect(results.length).toBeGreaterThan(5);
    for (const r of results) {
      const at = githubResult.parse(r).locations[0]!.physicalLocation;
      expect(at.artifactLocation.uri).toMatch(/^examples\/estate\/[\w-]+\.json$/);
      expect(at.region?.startLine).toBeGreaterThan(0);
      // The region points at the resource: its id is on one of the next lines of that file.
      const lines = readFileSync(join(import.meta.dirname, '../..', at.artifactLocation.uri), 'utf8').split('\n');
      const near = lines.slice(at.region!.startLine - 1, at.region!.startLine + 40).join('\n').toLowerCase();
      expect(near, r.ruleId).toContain(String(r.properties!.instanceId).toLowerCase().split('/').slice(0, 3).join('/'));
    }
  });

  it('fingerprints stay stable across runs and id casing, and differ per instance, rule, location and resource', () => {
    const fp = (l: typeof log) => l.runs[0]!.results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    const again = toSarif(sampleReport(), options);
    expect(fp(again)).toEqual(fp(log));
    expect(new Set(fp(log)).size).toBe(run.results.length);

    const recased = structuredClone(INSTANCES).map((i) => ({
      ...i,
      id: i.id.toUpperCase(),
      findings: i.findings.map((f) => ({ ...f, resourceId: f.resourceId.replace('resourceGroups', 'resourcegroups') })),
    }));
    expect(fp(toSarif(buildReport(recased), options)).sort()).toEqual(fp(log).sort());

    // The same finding on another instance is another problem.
    const moved = structuredClone(INSTANCES);
    moved[1]!.id = UNKNOWN_ID.replace('apim-unknown', 'apim-other');
    const movedPrints = fp(toSarif(buildReport(moved), options));
    const original = run.results.find((r) => r.ruleId === 'NSG_IN_MGMT_3443')!.partialFingerprints[FINGERPRINT_KEY];
    expect(movedPrints).not.toContain(original);
  });

  it('has no results and still a valid log for an empty report', () => {
    const empty = toSarif(buildReport([]), options);
    sarifLog.parse(empty);
    expect(empty.runs[0]!.results).toEqual([]);
  });
});
