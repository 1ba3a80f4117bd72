/** `check --corroborate` against the ARM simulator: networkstatus read once per instance and attached to the report. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { normalizeResourceId } from '../../../src/arm/resource-id.js';
import { main, type CliIo } from '../../../src/cli/program.js';
import { ARM_ENDPOINT_ENV } from '../../../src/sources/arm/transport.js';
import { apimIdOf, instanceResources, SUB } from '../../cli/fixtures.js';
import { ArmSimulator, NETWORK_STATUS_ROUTE } from '../../support/arm-simulator.js';
import { fakeCredential, TEST_RETRY } from '../../support/arm-simulator-connection.js';

let sim: ArmSimulator;
beforeAll(async () => {
  sim = await ArmSimulator.start([...instanceResources({ name: 'a', octet: 1 }), ...instanceResources({ name: 'b', octet: 2 })]);
  const probe = (resourceType: string, status: string, error = '') => ({
    name: `${resourceType.toLowerCase()}.example`,
    status,
    error,
    lastUpdated: '2026-12-01T11:55:00Z',
    lastStatusChange: '2026-12-01T10:00:00Z',
    resourceType,
    isOptional: false,
  });
  sim.networkStatus.set(normalizeResourceId(apimIdOf('a')), [
    { location: 'West Europe', networkStatus: { dnsServers: ['168.63.129.16'], connectivityStatus: [probe('BlobStorage', 'failure', 'Name resolution failed'), probe('ApiManagement Control Plane - inbound', 'success')] } },
  ]);
});
afterAll(async () => sim.stop());

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: { NO_COLOR: '1', [ARM_ENDPOINT_ENV]: sim.url },
    cwd: process.cwd(),
    credential: fakeCredential(),
    retry: TEST_RETRY,
    now: () => new Date('2026-12-01T12:00:00Z'),
  };
  const status = await main(argv, io);
  return { status, stdout, stderr };
}

describe('check --corroborate', () => {
  test('a failing required probe with a static pass is reported; one networkstatus read per instance', async () => {
    sim.resetCounters();
    const r = await run(['check', '--subscription', SUB, '--corroborate', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { instances: Array<{ name: string; status: string; findings: Array<{ ruleId: string; message: string }> }> };
    const [a, b] = report.instances;
    expect([a!.name, a!.status, a!.findings.map((f) => f.ruleId)]).toEqual(['a', 'fail', ['NETWORK_STATUS_FAILURE']]);
    expect(a!.findings[0]!.message).toContain('Name resolution failed');
    expect([b!.name, b!.status]).toEqual(['b', 'pass']);
    expect(sim.requestsFor(NETWORK_STATUS_ROUTE)).toBe(2);
  });

  test('without --corroborate nothing is read and the figures are unchanged', async () => {
    sim.resetCounters();
    const r = await run(['check', '--subscription', SUB, '--format', 'json']);
    expect(r.status).toBe(0);
    expect(sim.requestsFor(NETWORK_STATUS_ROUTE)).toBe(0);
  });

  test('a networkstatus that cannot be read leaves the findings uncorroborated, with a warning', async () => {
    sim.injectFault({ route: NETWORK_STATUS_ROUTE, kind: 'forbidden', times: 1 });
    const r = await run(['check', '--subscription', SUB, '--corroborate', '--format', 'json']);
    expect(r.stderr).toMatch(/warning: the networkstatus of .* could not be read \(.*authorization.*\): its findings are not corroborated/i);
    sim.faults.clear(1);
  });

  test('with an estate file it is a usage error', async () => {
    const r = await run(['check', '--estate', 'examples/estate', '--corroborate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--corroborate reads the instances');
  });
});
