/**
 * Every remediation command runs as printed: it names its --subscription, every value is one shell
 * word that reads back as the Azure value, and a placeholder is a quoted word (never a redirect).
 * Commands are cut out of the remediation text and split with a POSIX shell-word parser; bash
 * itself then splits the same text, and both must agree.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ArmResource } from '../../src/arm/arm-resource.js';
import { tryParseResourceId } from '../../src/arm/resource-id.js';
import { checkEstate } from '../../src/cli/check-estate.js';
import type { Finding } from '../../src/model/finding.js';
import { RULES } from '../../src/rules/catalogue.js';
import { loadEstateFromPath } from '../../src/sources/estate-file.js';
import { Estate } from '../../src/sources/estate.js';
import { armNetworkSecurityGroup, armRouteTable, recommendedRuleSpecs } from '../support/synthetic-estate.js';

/** Splits shell words from the start of `text` until an unquoted `)`, `;` or `, ` (prose after a command). */
export function shellWords(text: string): { words: string[]; length: number } {
  const words: string[] = [];
  let i = 0;
  let word: string | undefined;
  const end = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (c === ' ') end();
    else if (c === ')' || c === ';' || (c === ',' && text[i + 1] === ' ') || (c === '.' && (i + 1 === text.length || text[i + 1] === ' '))) break;
    else if (c === '\\') word = (word ?? '') + text[++i]!;
    else if ('<>|&`"'.includes(c) || (c === '$' && text[i + 1] !== "'")) throw new Error(`unquoted ${c} at ${i} in: ${text}`);
    else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close === -1) throw new Error(`unterminated quote in: ${text}`);
      word = (word ?? '') + text.slice(i + 1, close);
      i = close;
    } else if (c === '$') {
      // $'…' (ANSI-C): \n \r \t \\ \' and \xHH (bytes, UTF-8)
      const bytes: number[] = [];
      for (i += 2; text[i] !== "'"; i++) {
        if (i >= text.length) throw new Error(`unterminated $' in: ${text}`);
        if (text[i] === '\\') {
          const e = text[++i]!;
          if (e === 'x') {
            bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
            i += 2;
          } else bytes.push(...Buffer.from({ n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'" }[e] ?? `\\${e}`));
        } else bytes.push(...Buffer.from(text[i]!));
      }
      word = (word ?? '') + Buffer.from(bytes).toString('utf8');
    } else word = (word ?? '') + c;
  }
  end();
  return { words, length: i };
}

/** The `az …` commands in a remediation text. */
function commandsIn(remediation: string): Array<{ text: string; words: string[] }> {
  const out: Array<{ text: string; words: string[] }> = [];
  for (let at = remediation.indexOf('az '); at !== -1; at = remediation.indexOf('az ', at + 1)) {
    if (at > 0 && /\w/.test(remediation[at - 1]!)) continue;
    const { words, length } = shellWords(remediation.slice(at));
    out.push({ text: remediation.slice(at, at + length).trimEnd(), words });
    at += length - 1;
  }
  return out;
}

/** What bash makes of each command: `az` is a function printing its arguments NUL-separated. */
function bashWords(commands: readonly string[]): string[][] {
  const script = ['az() { printf "%s\\0" "$@"; printf "\\n--end--\\n"; }', ...commands].join('\n');
  const out = execFileSync('bash', ['-c', script], { encoding: 'utf8' });
  return out.split('\n--end--\n').slice(0, commands.length).map((chunk) => ['az', ...chunk.split('\0').slice(0, -1)]);
}

// Names Azure accepts in ids, that a shell would otherwise read as syntax.
const RG = "rg (net) $(touch pwned); it's";
const SUB = '8d3f6a2e-1c4b-4e7a-9b05-3e2d1c0f9a84';
const NET = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network`;

function hostileEstate(): ArmResource[] {
  const name = 'apim `id` & co';
  const vnetId = `${NET}/virtualNetworks/vnet "weu"`;
  const subnetId = `${vnetId}/subnets/snet <apim>`;
  const pipId = `${NET}/publicIPAddresses/pip|weu`;
  const rtId = `${NET}/routeTables/rt weu`;
  const apimId = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ApiManagement/service/${name}`;
  return [
    {
      id: apimId,
      name,
      type: 'Microsoft.ApiManagement/service',
      location: 'West Europe',
      sku: { name: 'Developer', capacity: 1 },
      properties: {
        provisioningState: 'Succeeded',
        platformVersion: 'stv2',
        virtualNetworkType: 'External',
        virtualNetworkConfiguration: { subnetResourceId: subnetId },
        publicIpAddressId: pipId,
        additionalLocations: [{ location: 'North Europe', sku: { name: 'Developer', capacity: 1 }, platformVersion: 'stv2' }],
        hostnameConfigurations: [],
      },
    },
    {
      id: vnetId,
      name: 'vnet "weu"',
      type: 'Microsoft.Network/virtualNetworks',
      location: 'westeurope',
      properties: {
        addressSpace: { addressPrefixes: ['10.9.0.0/16'] },
        dhcpOptions: { dnsServers: ['10.9.0.4'] },
        subnets: [
          {
            id: subnetId,
            name: 'snet <apim>',
            properties: {
              addressPrefix: '10.9.1.0/29',
              routeTable: { id: rtId },
              delegations: [{ name: 'd', properties: { serviceName: 'Microsoft.Web/serverFarms' } }],
              serviceEndpointPolicies: [{ id: `${NET}/serviceEndpointPolicies/sep` }],
            },
          },
        ],
      },
    },
    {
      // A tier without injection, in a subnet its VNet does not list.
      id: `${apimId}-basic`,
      name: `${name}-basic`,
      type: 'Microsoft.ApiManagement/service',
      location: 'West Europe',
      sku: { name: 'Basic', capacity: 1 },
      properties: { provisioningState: 'Succeeded', platformVersion: 'stv2', virtualNetworkType: 'Internal', virtualNetworkConfiguration: { subnetResourceId: `${vnetId}/subnets/gone` } },
    },
    armRouteTable(rtId, 'westeurope', [{ name: 'default > nva', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.9.2.4' }, { name: 'drop', addressPrefix: 'ApiManagement', nextHopType: 'None' }]),
    {
      id: pipId,
      name: 'pip|weu',
      type: 'Microsoft.Network/publicIPAddresses',
      location: 'westeurope',
      sku: { name: 'Basic' },
      properties: { publicIPAllocationMethod: 'Dynamic', publicIPAddressVersion: 'IPv4' },
    },
  ];
}

async function findingsOf(resources: readonly ArmResource[]): Promise<Finding[]> {
  const outcome = await checkEstate(Estate.fromResources(resources), RULES);
  if (outcome.kind !== 'report') throw new Error(outcome.reason);
  return outcome.report.instances.flatMap((i) => i.findings);
}

describe('remediation commands', () => {
  it('parse as shell words (the same words as bash), name --subscription, and quote every Azure value', async () => {
    const examples = (await loadEstateFromPath(join(import.meta.dirname, '../../examples/estate'))).resources.map((r) => r.resource as ArmResource);
    const findings = [...(await findingsOf(examples)), ...(await findingsOf(hostileEstate()))];
    const commands = findings.flatMap((f) => commandsIn(f.remediation).map((c) => ({ ...c, ruleId: f.ruleId, resourceId: f.resourceId })));
    const rules = new Set(commands.map((c) => c.ruleId));
    expect(rules.size, [...rules].join(' ')).toBeGreaterThanOrEqual(12);

    const bash = bashWords(commands.map((c) => c.text));
    commands.forEach((c, i) => {
      expect(bash[i], c.text).toEqual(c.words);
      const [az, ...args] = c.words;
      expect(az).toBe('az');
      if (args[0] !== 'rest') {
        const sub = args[args.indexOf('--subscription') + 1];
        expect(args, `${c.ruleId}: ${c.text}`).toContain('--subscription');
        expect(sub, c.text).toBe(tryParseResourceId(c.resourceId)?.subscriptionId ?? SUB);
      }
      // A value to choose is a whole placeholder word; nothing else holds < or >.
      for (const w of args) if (/[<>]/.test(w) && !w.includes('snet <apim>')) expect(w, c.text).toMatch(/^<[a-z-]+>$/);
    });
    // The hostile names come back exactly, one word each.
    const words = commands.flatMap((c) => c.words);
    expect(words).toContain(RG);
    expect(words).toContain('snet <apim>');
    expect(words).toContain('vnet "weu"');
    expect(words).toContain('pip|weu');
    expect(words).toContain('apim `id` & co');
  });

  it('names an unattached NSG of the same subscription and region when the estate holds one', async () => {
    const resources = hostileEstate();
    const spareId = `${NET}/networkSecurityGroups/nsg-spare`;
    const usedElsewhere = armNetworkSecurityGroup(`${NET}/networkSecurityGroups/nsg-used`, 'westeurope', recommendedRuleSpecs(), { subnetIds: [`${NET}/virtualNetworks/other/subnets/s`] });
    const otherRegion = armNetworkSecurityGroup(`${NET}/networkSecurityGroups/nsg-neu`, 'northeurope', recommendedRuleSpecs());
    (otherRegion.properties as Record<string, unknown>).subnets = [];
    const spare = armNetworkSecurityGroup(spareId, 'westeurope', recommendedRuleSpecs());
    (spare.properties as Record<string, unknown>).subnets = [];
    const without = (await findingsOf(resources)).find((f) => f.ruleId === 'SUBNET_NSG_ATTACHED_CLASSIC')!;
    expect(commandsIn(without.remediation)[0]!.words.at(-1)).toBe('<nsg-name-or-id>');
    const withSpare = (await findingsOf([...resources, usedElsewhere, otherRegion, spare])).find((f) => f.ruleId === 'SUBNET_NSG_ATTACHED_CLASSIC')!;
    const words = commandsIn(withSpare.remediation)[0]!.words;
    expect(words.slice(-2)).toEqual(['--network-security-group', spareId]);
  });
});
