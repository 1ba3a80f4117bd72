import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/engine/report.js';
import { renderText } from '../../src/report/text.js';
import { finding, GLOBAL_ID, INSTANCES, NSG_NEU, sampleReport } from './sample-report.js';

const ESC = '\u001b';

describe('text format', () => {
  const text = renderText(sampleReport(), { color: false });

  it('gives each instance a header with status, sku, platform, mode and locations', () => {
    expect(text).toContain('✖ FAIL  apim-global');
    expect(text).toContain(`  ${GLOBAL_ID}`);
    expect(text).toContain('Premium × 2 · platform stv2 · External VNet · westeurope, northeurope');
    expect(text).toContain('✔ PASS  apim-ok');
    expect(text).toContain('? UNKNOWN  apim-unknown');
  });

  it('names the mode of a v2 instance in words', () => {
    const [ok] = INSTANCES;
    const v2 = renderText(buildReport([{ ...ok!, sku: 'StandardV2', capacity: 1, networkMode: 'External' }, { ...ok!, id: `${ok!.id}2`, sku: 'PremiumV2', networkMode: 'Internal' }]), { color: false });
    expect(v2).toContain('StandardV2 × 1 · platform stv2 · outbound VNet integration · westeurope');
    expect(v2).toContain('PremiumV2 × 2 · platform stv2 · VNet injection · westeurope');
  });

  it('groups findings by location (instance-wide, primary, additional) with message, fix and docs', () => {
    const block = text.slice(text.indexOf('apim-global'), text.indexOf('apim-ok'));
    const order = ['Instance-wide', 'westeurope (primary)', 'northeurope (additional location 1)'].map((h) => block.indexOf(h));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const neu = block.slice(block.indexOf('northeurope (additional location 1)'));
    expect(neu).toContain('breaks-now       NSG_IN_MGMT_3443  Title of NSG_IN_MGMT_3443');
    expect(neu).toContain('Inbound ApiManagement → VirtualNetwork TCP 3443 is denied by DenyAllInBound (65500).');
    expect(neu).toContain('Fix:  Remediation of NSG_IN_MGMT_3443');
    expect(neu).toContain('Docs: https://learn.microsoft.com/azure/api-management/virtual-network-reference');
    expect(neu).toContain(`Resource: ${NSG_NEU}`);
  });

  it('puts the worst finding first inside a location', () => {
    const weu = text.slice(text.indexOf('westeurope (primary)'), text.indexOf('northeurope (additional'));
    expect(weu.indexOf('PIP_SKU_STANDARD')).toBeGreaterThan(0);
    expect(weu.indexOf('PIP_SKU_STANDARD')).toBeLessThan(weu.indexOf('SUBNET_HEADROOM'));
  });

  it('ends with a summary line of statuses and severities, then names the failing and the unknown instances', () => {
    expect(text.trimEnd().split('\n').slice(-3)).toEqual([
      'Summary: 3 instances (1 fail, 1 unknown, 1 pass) · 5 findings (1 breaks-now, 1 breaks-on-apply, 1 degraded, 1 recommendation, 1 info)',
      'Failing: apim-global',
      'Cannot evaluate: apim-unknown',
    ]);
  });

  it('puts failures first, then instances that cannot be evaluated, then the rest (the report itself stays in id order)', () => {
    const order = ['✖ FAIL  apim-global', '? UNKNOWN  apim-unknown', '✔ PASS  apim-ok'].map((h) => text.indexOf(h));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(sampleReport().instances.map((i) => i.name)).toEqual(['apim-global', 'apim-ok', 'apim-unknown']);
  });

  it('has no escape codes without colour, and colours statuses and severities with it', () => {
    expect(text).not.toContain(ESC);
    const coloured = renderText(sampleReport(), { color: true });
    expect(coloured).toContain(`${ESC}[31m✖ FAIL${ESC}[39m`);
    expect(coloured).toContain(`${ESC}[32m✔ PASS${ESC}[39m`);
  });

  it('makes control characters from Azure values inert', () => {
    const hostile = structuredClone(INSTANCES);
    hostile[1]!.findings = [
      finding({
        ruleId: 'NSG_IN_MGMT_3443',
        severity: 'breaks-now',
        location: 'northeurope',
        resourceId: NSG_NEU,
        message: `Rule "evil${ESC}[2J${ESC}]0;pwned\u0007" denies 3443.`,
      }),
    ];
    const out = renderText(buildReport(hostile), { color: false });
    expect(out).not.toContain(ESC);
    expect(out).not.toContain('\u0007');
    expect(out).toContain('Rule "evil\\x1b[2J\\x1b]0;pwned\\x07" denies 3443.');
  });

  it('says when there is nothing to report', () => {
    const out = renderText(buildReport([]), { color: false });
    expect(out).toBe('Summary: 0 instances · 0 findings\n');
  });
});
