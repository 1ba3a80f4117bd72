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
const location = z.object({
  physicalLocation: z.object({ artifactLocation: z.object({ uri: z.string().min(1) }) }).optional(),
  logicalLocations: z.array(logicalLocation).min(1),
});
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
