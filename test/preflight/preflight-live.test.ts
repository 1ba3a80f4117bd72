/**
 * `preflight --subscription` reads the current state live (the ARM simulator serving the sample
 * estate, through the test-only endpoint override and a fake credential) and answers as
 * `preflight --estate` does for the same estate.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliIo } from '../../src/cli/program.js';
import { ARM_ENDPOINT_ENV } from '../../src/sources/arm/transport.js';
import { fakeCredential, TEST_RETRY } from '../support/arm-simulator-connection.js';
import { ArmSimulator } from '../support/arm-simulator.js';
import { SAMPLE_ESTATE, SUB } from './fixtures.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PARTNER = 'a71c5e92-0b3d-4f68-8e2a-6c94d1b7f305';
let sim: ArmSimulator;

async function run(argv: string[], live: boolean) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: live ? { [ARM_ENDPOINT_ENV]: sim.url } : {},
    cwd: ROOT,
    credential: fakeCredential(),
    retry: TEST_RETRY,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

beforeAll(async () => {
  sim = await ArmSimulator.fromEstate(SAMPLE_ESTATE);
});
afterAll(async () => sim.stop());

describe('preflight --subscription', () => {
  it.each(['whatif-external-3443-removed.json', 'tf-plan-delete-nsg-association.json', 'tf-plan-replace-nsg-association.json', 'whatif-unrelated-nsg.json'])(
    '%s: the same answer and exit status as against the estate file',
    async (change) => {
      const args = ['preflight', '--change', join('test/fixtures/preflight', change), '--format', 'json'];
      const file = await run([...args, '--estate', 'examples/estate'], false);
      const live = await run([...args, '--subscription', SUB, '--subscription', PARTNER], true);
      expect(live.stderr).toBe('');
      expect(live.code).toBe(file.code);
      expect(JSON.parse(live.stdout)).toEqual(JSON.parse(file.stdout));
    },
  );

  it('refuses --estate together with --subscription', async () => {
    const r = await run(['preflight', '--change', 'test/fixtures/preflight/tf-plan-unrelated.json', '--estate', 'examples/estate', '--subscription', SUB], true);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/either --estate or --subscription/);
  });
});
