/** The sample estate's resources and the pre-flight fixture documents, for the pre-flight tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArmResource } from '../../src/arm/arm-resource.js';
import { parseChangeDocument } from '../../src/preflight/parse/index.js';
import { currentResourceIds } from '../../src/preflight/current-ids.js';
import { preflight, type PreflightResult } from '../../src/preflight/preflight.js';
import type { ChangeDocument, ChangeFormat } from '../../src/preflight/change.js';
import { RULES } from '../../src/rules/catalogue.js';
import { openEstate } from '../../src/sources/estate-file.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'preflight');
export const SAMPLE_ESTATE = join(import.meta.dirname, '..', '..', 'examples', 'estate');

export const SUB = '3f2b8c1e-7d4a-4e9b-9c61-2a5d8e0f4b17';
export const NET_WEU = `/subscriptions/${SUB}/resourceGroups/rg-network-weu/providers/Microsoft.Network`;
export const NET_NEU = `/subscriptions/${SUB}/resourceGroups/rg-network-neu/providers/Microsoft.Network`;
export const APIM = `/subscriptions/${SUB}/resourceGroups/rg-apim-prod/providers/Microsoft.ApiManagement/service`;
export const NSG_EXT = `${NET_WEU}/networkSecurityGroups/nsg-apim-external-weu`;
export const SUBNET_EXT = `${NET_WEU}/virtualNetworks/vnet-spoke-apim-weu/subnets/snet-apim-external`;

export async function sampleResources(): Promise<ArmResource[]> {
  return (await (await openEstate(SAMPLE_ESTATE)).sweep()).resources;
}

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export function parseFixture(name: string, current: readonly ArmResource[] = [], format?: ChangeFormat): ChangeDocument {
  return parseChangeDocument(fixtureText(name), { file: name, currentIds: currentResourceIds(current), ...(format ? { format } : {}) });
}

export async function preflightOf(name: string, options: { all?: boolean } = {}): Promise<PreflightResult> {
  const current = await sampleResources();
  return preflight({ current, document: parseFixture(name, current), rules: RULES, ...options });
}

/** A deep copy of one resource of the sample estate, by name. */
export function resourceNamed(resources: readonly ArmResource[], name: string): ArmResource {
  const r = resources.find((x) => x.name === name);
  if (r === undefined) throw new Error(`no ${name} in the sample estate`);
  return structuredClone(r);
}
