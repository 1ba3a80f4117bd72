/**
 * The CLI reading live Azure (the ARM simulator, through the test-only endpoint override and a fake
 * credential): `check --subscription` prints what `check --estate` prints for the same estate, `export`
 * writes an estate that checks the same, progress stays on stderr, and without a sign-in the
 * executable fails with one line and exit 2, never probing the managed-identity endpoint.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { parseResourceId } from '../../../src/arm/resource-id.js';
import { main, type CliIo } from '../../../src/cli/program.js';
import { ARM_ENDPOINT_ENV } from '../../../src/sources/arm/transport.js';
import { ArmSimulator, RESOURCE_GRAPH_ROUTE } from '../../support/arm-simulator.js';
import { fakeCredential, TEST_RETRY } from '../../support/arm-simulator-connection.js';
import { syntheticEstate } from '../../support/synthetic-estate.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SUB = '3f2b8c1e-7d4a-4e9b-9c61-2a5d8e0f4b17';
const PARTNER = 'a71c5e92-0b3d-4f68-8e2a-6c94d1b7f305';
const INT_WEU = `/subscriptions/${SUB}/resourceGroups/rg-apim-prod/providers/Microsoft.ApiManagement/service/apim-contoso-int-weu`;

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

async function run(argv: string[], options: { sim?: ArmSimulator; tty?: boolean; cwd?: string } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: options.tty ?? false },
    env: { NO_COLOR: '1', ...(options.sim ? { [ARM_ENDPOINT_ENV]: options.sim.url } : {}) },
    cwd: options.cwd ?? ROOT,
    credential: fakeCredential(),
    retry: TEST_RETRY,
  };
  const status = await main(argv, io);
  return { status, stdout, stderr };
}

let sim: ArmSimulator;
beforeAll(async () => {
  sim = await ArmSimulator.fromEstate(join(ROOT, 'examples/estate'), { managementGroups: { contoso: [SUB, PARTNER] } });
});
afterAll(async () => sim.stop());
afterEach(() => {
  sim.resetCounters();
  sim.faults.clear(11);
  sim.allowAll();
});

describe('check --subscription = check --estate', () => {
  test.each(['json', 'text', 'sarif'])('the sample estate, --format %s: same output, same exit status', async (format) => {
    const file = await run(['check', '--estate', 'examples/estate', '--format', format]);
    const dir = await mkdtemp(join(tmpdir(), 'cli-live-sarif-'));
    try {
      const live = await run(['check', '--subscription', SUB, '--subscription', PARTNER, '--format', format], { sim, cwd: dir });
      expect(live.stderr).toBe('');
      expect(live.status).toBe(file.status);
      if (format === 'sarif') {
        // SARIF names the estate file each finding came from; a live check writes the resources it read beside it.
        const strip = (text: string) => JSON.parse(text, (k, v) => (k === 'locations' || k === 'artifacts' || k === 'originalUriBaseIds' ? undefined : v));
        expect(strip(live.stdout)).toEqual(strip(file.stdout));
        const results = JSON.parse(live.stdout).runs[0].results as Array<{ ruleId: string; locations: Array<{ physicalLocation?: { artifactLocation: { uri: string }; region?: { startLine: number } } }> }>;
        const artifact = (await readFile(join(dir, 'apim-vnet-guard.resources.json'), 'utf8')).split('\n');
        expect(results.length).toBeGreaterThan(0);
        for (const r of results) {
          const at = r.locations[0]!.physicalLocation;
          expect(at?.artifactLocation.uri, r.ruleId).toBe('apim-vnet-guard.resources.json');
          // The line holds the start of the resource's element in the file.
          expect(artifact[at!.region!.startLine - 1], r.ruleId).toBe('  {');
        }
      } else {
        expect(live.stdout).toBe(file.stdout);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('--management-group gives the same report', async () => {
    const file = await run(['check', '--estate', 'examples/estate', '--format', 'json']);
    const live = await run(['check', '--management-group', 'contoso', '--format', 'json'], { sim });
    expect(live.stdout).toBe(file.stdout);
    expect(live.status).toBe(file.status);
  });

  test('--instance by id and by name give the same report', async () => {
    for (const instance of [INT_WEU, 'apim-contoso-global']) {
      const file = await run(['check', '--estate', 'examples/estate', '--format', 'json', '--instance', instance]);
      const live = await run(['check', '--subscription', SUB, '--format', 'json', '--instance', instance], { sim });
      expect(live.stdout, instance).toBe(file.stdout);
      expect(live.status, instance).toBe(file.status);
    }
  });

  test('progress goes to stderr (on a terminal), the report alone to stdout', async () => {
    const live = await run(['check', '--subscription', SUB, '--subscription', PARTNER, '--format', 'json'], { sim, tty: true });
    expect(JSON.parse(live.stdout).summary.instances).toBe(9);
    expect(live.stderr).toMatch(/Reading Azure: 9 instances found, \d+ resources read, \d+ requests/);
    expect(live.stdout).not.toMatch(/instances found/);
  });
});

describe('a 1,000-instance estate', () => {
  test('check --subscription ×10 and check --estate print the same JSON report', async () => {
    const resources = syntheticEstate({ instances: 1000, subscriptions: 10, nsgRules: 12, routes: 2, instancesPerNsg: 10, instancesPerRouteTable: 25, brokenEvery: 9 });
    const subs = [...new Set(resources.map((r) => parseResourceId(r.id).subscriptionId))];
    const dir = await mkdtemp(join(tmpdir(), 'apim-vnet-guard-cli-'));
    const big = await ArmSimulator.start(resources);
    try {
      await writeFile(join(dir, 'estate.json'), JSON.stringify(resources));
      const file = await run(['check', '--estate', join(dir, 'estate.json'), '--format', 'json']);
      const live = await run(['check', ...subs.flatMap((s) => ['--subscription', s]), '--format', 'json'], { sim: big });
      expect(live.stdout).toBe(file.stdout);
      expect(live.status).toBe(file.status);
      expect(JSON.parse(live.stdout).summary.instances).toBe(1000);
      expect(big.requestsFor(RESOURCE_GRAPH_ROUTE)).toBe(5);
    } finally {
      await big.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('export', () => {
  test('writes an estate that checks exactly like the live scope', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'apim-vnet-guard-export-'));
    try {
      const exported = await run(['export', '--subscription', SUB, '--subscription', PARTNER], { sim });
      expect(exported.status).toBe(0);
      expect(exported.stderr).toBe('');
      const resources = JSON.parse(exported.stdout) as Array<{ id: string; type: string }>;
      expect(resources[0]!.type).toBe('Microsoft.ApiManagement/service');
      await writeFile(join(dir, 'estate.json'), exported.stdout);
      const fromExport = await run(['check', '--estate', join(dir, 'estate.json'), '--format', 'json']);
      const live = await run(['check', '--subscription', SUB, '--subscription', PARTNER, '--format', 'json'], { sim });
      expect(fromExport.stdout).toBe(live.stdout);
      expect(fromExport.stderr).toBe('');

      const toFile = await run(['export', '--management-group', 'contoso', '--output', join(dir, 'mg.json')], { sim, tty: true });
      expect(toFile.stdout).toBe('');
      expect(toFile.stderr).toMatch(/Exported \d+ resources of 9 instances/);
      expect(JSON.parse(await readFile(join(dir, 'mg.json'), 'utf8'))).toEqual(resources);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('needs a scope', async () => {
    const r = await run(['export']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/export needs --subscription/);
  });
});

describe('errors: one line on stderr, the exit status of the docs', () => {
  test.each([
    [['check', '--subscription', 'not-a-guid'], /--subscription "not-a-guid" is not a subscription id/],
    [['check', '--management-group', 'a/b'], /--management-group "a\/b" is not a management group name/],
    [['check', '--estate', 'examples/estate', '--subscription', SUB], /either --estate or --subscription/],
  ])('%j → exit 2', async (argv, message) => {
    const r = await run(argv, { sim });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  test('an endpoint override off the loopback host is refused (it is for tests only)', async () => {
    let stderr = '';
    const status = await main(['check', '--subscription', SUB], {
      stdout: { write: () => true },
      stderr: { write: (s: string) => (stderr += s) },
      env: { [ARM_ENDPOINT_ENV]: 'http://10.1.2.3:8080' },
      cwd: ROOT,
      credential: fakeCredential(),
    });
    expect(status).toBe(2);
    expect(stderr).toMatch(/plain http only for 127\.0\.0\.1 or localhost/);
  });

  test('the checked instance answering 403: exit 3, one line', async () => {
    sim.deny(INT_WEU);
    const r = await run(['check', '--subscription', SUB, '--instance', INT_WEU], { sim });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^apim-vnet-guard: cannot read instance .*apim-contoso-int-weu: 403 AuthorizationFailed/);
  });

  test('--instance: what the read could not list besides the instance is a warning on stderr, the report unchanged', async () => {
    const file = await run(['check', '--estate', 'examples/estate', '--format', 'json', '--instance', INT_WEU]);
    // Neighbours come from Resource Graph; only where it is denied too does the list decide.
    sim.denyResourceGraph(SUB);
    sim.deny(`/subscriptions/${SUB}/providers/Microsoft.ApiManagement/service`);
    const r = await run(['check', '--subscription', SUB, '--format', 'json', '--instance', INT_WEU], { sim });
    expect(r.stderr).toMatch(new RegExp(`^warning: the API Management instances of subscription ${SUB} could not be listed \\(403 AuthorizationFailed.*\\): instances sharing a subnet with the checked one may be missed\\n$`));
    expect(r.stdout).toBe(file.stdout);
  });

  test('a subscription that cannot be read at all: warnings, exit 3', async () => {
    sim.denyResourceGraph(PARTNER);
    sim.deny(`/subscriptions/${PARTNER}`);
    const r = await run(['check', '--subscription', SUB, '--subscription', PARTNER, '--format', 'json', '--fail-on', 'never'], { sim });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/warning: API Management instances in subscription a71c5e92-.*: neither Resource Graph nor ARM lists could be read \(403 AuthorizationFailed/);
    expect(JSON.parse(r.stdout).summary.instances).toBe(7);
  });
});

describe('the executable without a sign-in', () => {
  test('fails within seconds with one line on how to sign in, exit 2, and never probes 169.254.169.254', () => {
    const child = spawnSync(
      process.execPath,
      ['--import', './test/support/arm-simulator-connect-log.mjs', '--import', 'tsx', 'src/cli/main.ts', 'check', '--subscription', SUB],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 30_000,
        // The developer-tool credentials only (no managed identity), and no `az` on the PATH.
        env: { HOME: process.env.HOME, AZURE_TOKEN_CREDENTIALS: 'dev', PATH: '/nonexistent-apim-vnet-guard-test' },
      },
    );
    const lines = child.stderr.split('\n').filter((l) => l !== '');
    // TCP connections only (tsx talks to its loader over a Unix socket).
    const connects = lines.filter((l) => l.startsWith('connect-log: ') && !l.startsWith('connect-log: /'));
    const messages = lines.filter((l) => !l.startsWith('connect-log: '));
    expect(lines.some((l) => l.startsWith('connect-log: '))).toBe(true); // the log works
    expect(child.status).toBe(2);
    expect(messages).toEqual([expect.stringMatching(/^apim-vnet-guard: not signed in to Azure: sign in with `az login`/)]);
    expect(child.stdout).toBe('');
    expect(connects.filter((c) => c.includes('169.254.169.254'))).toEqual([]);
    expect(connects.filter((c) => !/127\.0\.0\.1|localhost|::1/.test(c))).toEqual([]);
  });
});
