/** Small estates written to temporary directories, and a main() runner that captures its output. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ArmResource } from '../../src/arm/arm-resource.js';
import { main, type CliIo } from '../../src/cli/program.js';
import {
  armApimInstance,
  armNetworkSecurityGroup,
  armPublicIp,
  armSubnet,
  armVirtualNetwork,
  recommendedRuleSpecs,
} from '../support/synthetic-estate.js';

export const SUB = '8d3f6a2e-1c4b-4e7a-9b05-3e2d1c0f9a84';
const NET = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network`;
const APIM = `/subscriptions/${SUB}/resourceGroups/rg-apim/providers/Microsoft.ApiManagement/service`;

export const apimIdOf = (name: string) => `${APIM}/${name}`;

export interface InstanceOptions {
  name: string;
  /** Octet of the instance's VNet (10.x.0.0/16); each instance gets its own network. */
  octet: number;
  basicPublicIp?: boolean;
  /** Leave the VNet (and so the subnet) out of the estate: the instance cannot be evaluated. */
  withoutNetwork?: boolean;
}

/** A healthy stv2 External Premium instance with everything it needs, unless told otherwise. */
export function instanceResources(o: InstanceOptions): ArmResource[] {
  const vnetId = `${NET}/virtualNetworks/vnet-${o.name}`;
  const subnetId = `${vnetId}/subnets/snet-apim`;
  const nsgId = `${NET}/networkSecurityGroups/nsg-${o.name}`;
  const pipId = `${NET}/publicIPAddresses/pip-${o.name}`;
  const resources: ArmResource[] = [
    armApimInstance(apimIdOf(o.name), {
      location: 'West Europe',
      sku: 'Premium',
      capacity: 1,
      networkMode: 'External',
      subnetId,
      publicIpAddressId: pipId,
      platformVersion: 'stv2',
    }),
    armNetworkSecurityGroup(nsgId, 'westeurope', recommendedRuleSpecs(), { subnetIds: [subnetId] }),
    armPublicIp(pipId, 'westeurope', { sku: o.basicPublicIp ? 'Basic' : 'Standard', domainNameLabel: o.name }),
  ];
  if (!o.withoutNetwork) {
    resources.push(armVirtualNetwork(vnetId, 'westeurope', [`10.${o.octet}.0.0/16`], [armSubnet(subnetId, [`10.${o.octet}.1.0/26`], { networkSecurityGroupId: nsgId })]));
  }
  return resources;
}

export interface TempEstate {
  dir: string;
  path(file: string): string;
  cleanup(): Promise<void>;
}

/** Writes `files` (name → JSON value, or raw text) under a fresh temporary directory. */
export async function tempEstate(files: Record<string, unknown>): Promise<TempEstate> {
  const dir = await mkdtemp(join(tmpdir(), 'apim-vnet-guard-cli-'));
  for (const [name, content] of Object.entries(files)) {
    const file = join(dir, name);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  }
  return { dir, path: (f) => join(dir, f), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function run(argv: string[], options: { cwd?: string; tty?: boolean; env?: Record<string, string> } = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s), isTTY: options.tty ?? false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
