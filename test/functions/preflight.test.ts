/**
 * POST /api/preflight as the host invokes it, against live state read from the ARM simulator (the
 * sample estate) with the real runtime on Azurite: the same answer as the CLI, size-limited,
 * validated, errors as `{ code, message }`.
 */
import { HttpRequest, type HttpResponseInit } from '@azure/functions';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MAX_PREFLIGHT_BODY_BYTES, preflightHandler } from '../../functions/preflight.js';
import { createRuntime, type Runtime } from '../../functions/runtime.js';
import { loadConfig } from '../../src/config/config.js';
import { fakeCredential } from '../support/arm-simulator-connection.js';
import { ArmSimulator } from '../support/arm-simulator.js';
import { fixtureText, NSG_EXT, sampleResources, SUB } from '../preflight/fixtures.js';
import { recordingTelemetry } from '../watcher/fixtures.js';
import { context } from './host.js';

let sim: ArmSimulator;
let runtime: Runtime;
const provider = async () => runtime;

function post(body: string, query: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<HttpResponseInit> {
  const qs = new URLSearchParams(query).toString();
  const request = new HttpRequest({ method: 'POST', url: `http://localhost/api/preflight${qs ? `?${qs}` : ''}`, query, headers: { 'content-type': 'application/json', ...headers }, body: { string: body } });
  return preflightHandler(provider)(request, context('preflight'));
}

beforeAll(async () => {
  // The production subscription of the sample estate, served live.
  const resources = (await sampleResources()).filter((r) => r.id.toLowerCase().startsWith(`/subscriptions/${SUB}`));
  sim = await ArmSimulator.start(resources);
  const tag = randomBytes(4).toString('hex');
  const config = loadConfig({
    AzureWebJobsStorage: inject('storageConnectionString'),
    WATCH_SUBSCRIPTIONS: SUB,
    APIM_VNET_GUARD_ARM_ENDPOINT: sim.url,
    STATE_TABLE_PREFIX: `pf${tag}`,
    EVALUATIONS_QUEUE_NAME: `evaluations-${tag}`,
  });
  runtime = await createRuntime(config, { armCredential: fakeCredential(), telemetry: recordingTelemetry() });
});

afterAll(async () => {
  await sim?.stop();
});

describe('POST /api/preflight', () => {
  it('answers a what-if against live state: the instance that gets worse, with the rule and the change item', async () => {
    const response = await post(fixtureText('whatif-external-3443-removed.json'));
    expect(response.status).toBe(200);
    const body = response.jsonBody as { instances: Array<Record<string, unknown>>; changes: unknown[]; summary: { verdict: string } };
    expect(body.summary.verdict).toBe('worse');
    expect(body.instances).toHaveLength(1);
    expect(body.instances[0]).toMatchObject({ name: 'apim-contoso-ext-weu', verdict: 'worse', before: { status: 'pass' }, after: { status: 'fail' } });
    expect(body.instances[0]!.introduced).toEqual([expect.objectContaining({ ruleId: 'NSG_IN_MGMT_3443', changedResource: NSG_EXT, change: 'request body changes[0]' })]);
  });

  it('answers a Terraform plan, and ?all=true lists every instance of the scope', async () => {
    const response = await post(fixtureText('tf-plan-delete-nsg-association.json'), { all: 'true' });
    expect(response.status).toBe(200);
    const body = response.jsonBody as { instances: Array<{ name: string; verdict: string }> };
    expect(body.instances.find((i) => i.name === 'apim-contoso-ext-weu')!.verdict).toBe('worse');
    expect(body.instances.length).toBeGreaterThan(1);
  });

  it('refuses an empty body, invalid JSON, a document with no change, bad query parameters and an oversized body', async () => {
    expect(await post('')).toMatchObject({ status: 400, jsonBody: { code: 'INVALID_CHANGE_DOCUMENT' } });
    expect(await post('{"changes": [')).toMatchObject({ status: 400, jsonBody: { code: 'INVALID_CHANGE_DOCUMENT', message: expect.stringMatching(/^request body: not valid JSON at line 1/) } });
    expect(await post('[]')).toMatchObject({ status: 400, jsonBody: { code: 'INVALID_CHANGE_DOCUMENT', message: expect.stringMatching(/lists no change/) } });
    expect(await post('{}', { format: 'bicep' })).toMatchObject({ status: 400, jsonBody: { code: 'INVALID_QUERY' } });
    expect(await post('{}', { all: 'yes' })).toMatchObject({ status: 400, jsonBody: { code: 'INVALID_QUERY' } });
    expect(await post('{}', { other: '1' })).toMatchObject({ status: 400, jsonBody: { code: 'INVALID_QUERY' } });
    expect(await post('{}', {}, { 'content-length': String(MAX_PREFLIGHT_BODY_BYTES + 1) })).toMatchObject({ status: 413, jsonBody: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(await post(' '.repeat(MAX_PREFLIGHT_BODY_BYTES + 1))).toMatchObject({ status: 413, jsonBody: { code: 'PAYLOAD_TOO_LARGE' } });
  });
});
