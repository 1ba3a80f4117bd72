/**
 * The HTTP API as the host invokes it (HttpRequest / InvocationContext), on Azurite and the ARM
 * simulator, with alerts going to a local Teams webhook on 127.0.0.1.
 */
import { HttpRequest, type HttpResponseInit } from '@azure/functions';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deliverAlertsHandler } from '../../functions/deliverAlerts.js';
import { checkInstanceHandler, listInstancesHandler, showInstanceHandler } from '../../functions/recheck.js';
import { createRuntime, type Runtime } from '../../functions/runtime.js';
import { parseResourceId } from '../../src/arm/resource-id.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { fakeCredential } from '../support/arm-simulator-connection.js';
import { ArmSimulator } from '../support/arm-simulator.js';
import { syntheticEstate } from '../support/synthetic-estate.js';
import { recordingTelemetry } from '../watcher/fixtures.js';
import { context } from './host.js';

const OTHER_SUB = '11111111-2222-3333-4444-555555555555';

let sim: ArmSimulator;
let runtime: Runtime;
let telemetry: ReturnType<typeof recordingTelemetry>;
let webhook: http.Server;
const posts: unknown[] = [];
let sub: string;
let broken: string[];
let healthy: string;

const provider = async () => runtime;

function request(method: string, params: Record<string, string>, query: Record<string, string> = {}): HttpRequest {
  const qs = new URLSearchParams(query).toString();
  return new HttpRequest({ method, url: `http://localhost/api/instances${qs ? `?${qs}` : ''}`, params, query });
}

function partsOf(id: string): Record<string, string> {
  const p = parseResourceId(id);
  return { subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup!, name: p.name! };
}

async function check(id: string, query: Record<string, string> = {}): Promise<HttpResponseInit> {
  return checkInstanceHandler(provider)(request('POST', partsOf(id), query), context('checkInstance'));
}

async function show(id: string): Promise<HttpResponseInit> {
  return showInstanceHandler(provider)(request('GET', partsOf(id)), context('showInstance'));
}

beforeAll(async () => {
  // Every second NSG lacks the inbound 3443 rule: instances on it fail.
  const resources = syntheticEstate({ instances: 4, subscriptions: 1, nsgRules: 9, routes: 0, brokenEvery: 2 });
  sim = await ArmSimulator.start(resources);
  const ids = resources.filter((r) => r.type === 'Microsoft.ApiManagement/service').map((r) => r.id);
  sub = parseResourceId(ids[0]!).subscriptionId;
  healthy = ids[0]!;
  broken = [ids[1]!, ids[3]!];
  webhook = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      posts.push(JSON.parse(body));
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((r) => webhook.listen(0, '127.0.0.1', () => r()));
  const origin = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}`;
  const tag = randomBytes(4).toString('hex');
  const config = loadConfig({
    AzureWebJobsStorage: inject('storageConnectionString'),
    WATCH_SUBSCRIPTIONS: sub,
    APIM_VNET_GUARD_ARM_ENDPOINT: sim.url,
    STATE_TABLE_PREFIX: `http${tag}`,
    EVALUATIONS_QUEUE_NAME: `evaluations-${tag}`,
    ALERT_TEAMS_WEBHOOK_URL: `${origin}/workflows/hook`,
    ALERT_EXTRA_WEBHOOK_ORIGINS: origin,
    ALERT_OUTBOX_TABLE: `outbox${tag}`,
  });
  telemetry = recordingTelemetry();
  runtime = await createRuntime(config, { armCredential: fakeCredential(), telemetry });
});

afterAll(async () => {
  await sim?.stop();
  await new Promise((r) => webhook?.close(r));
});

describe('GET /api/instances', () => {
  it('lists nothing before any evaluation, then every evaluated instance with its last status', async () => {
    const empty = await listInstancesHandler(provider)(request('GET', {}), context('listInstances'));
    expect(empty).toMatchObject({ status: 200, jsonBody: { count: 0, instances: [] } });
    await check(healthy);
    await check(broken[0]!);
    const listed = await listInstancesHandler(provider)(request('GET', {}), context('listInstances'));
    expect(listed.status).toBe(200);
    const body = listed.jsonBody as { count: number; instances: Array<Record<string, unknown>> };
    expect(body.count).toBe(2);
    expect(body.instances.map((i) => [i.name, i.status, i.trigger])).toEqual([
      [parseResourceId(healthy).name, 'pass', 'http'],
      [parseResourceId(broken[0]!).name, 'fail', 'http'],
    ]);
    expect(body.instances[1]).toMatchObject({ subscriptionId: sub, resourceGroup: 'rg-apim', fingerprint: expect.any(String), failing: expect.any(Number) });
  });
});

describe('POST …/check', () => {
  it('evaluates live and returns the report and the transition; without notify nothing is queued to alert', async () => {
    const response = await check(broken[1]!);
    expect(response.status).toBe(200);
    const body = response.jsonBody as Record<string, any>;
    expect(body.report).toMatchObject({ id: broken[1], status: 'fail' });
    expect(body.report.findings.length).toBeGreaterThan(0);
    expect(body.transition).toMatchObject({ to: { status: 'fail' }, trigger: 'http' });
    expect(body.transition.from).toBeUndefined();
    expect(body).toMatchObject({ notified: false, stored: true, instance: { status: 'fail' } });
    expect(((await show(broken[1]!)).jsonBody as Record<string, unknown>).undeliveredAlerts).toEqual([]);
  });

  it('?notify=true lets the result alert: the alert is queued, then delivered to Teams', async () => {
    posts.length = 0;
    const response = await check(broken[1]!, { notify: 'true' });
    expect(response.jsonBody).toMatchObject({ notified: true, transition: null });
    const pending = (await show(broken[1]!)).jsonBody as { undeliveredAlerts: Array<Record<string, unknown>> };
    expect(pending.undeliveredAlerts).toEqual([expect.objectContaining({ kind: 'failing', channel: 'default', target: 'teams', status: 'pending' })]);
    const delivered = await deliverAlertsHandler(provider)({ isPastDue: false } as never, context('deliverAlerts'));
    expect(delivered).toMatchObject({ sent: 1 });
    expect(telemetry.sum('AlertsSent')).toBe(1);
    expect(JSON.stringify(posts)).toContain(parseResourceId(broken[1]!).name);
    expect(((await show(broken[1]!)).jsonBody as Record<string, unknown>).undeliveredAlerts).toEqual([]);
  });

  it('?corroborate=true reads the networkstatus now, even for a passing instance: a failing required probe is reported', async () => {
    const now = new Date().toISOString();
    sim.networkStatus.set(healthy.toLowerCase(), [
      {
        location: 'West Europe',
        networkStatus: {
          dnsServers: [],
          connectivityStatus: [{ name: 'x.blob.core.windows.net', status: 'failure', error: 'Timeout', lastUpdated: now, lastStatusChange: now, resourceType: 'BlobStorage', isOptional: false }],
        },
      },
    ]);
    const plain = await check(healthy);
    expect((plain.jsonBody as { report: { status: string } }).report.status).toBe('pass');
    const response = await check(healthy, { corroborate: 'true' });
    expect(response.status).toBe(200);
    const body = response.jsonBody as { report: { status: string; findings: Array<{ ruleId: string; corroboration?: { state: string } }> } };
    expect(body.report.status).toBe('fail');
    expect(body.report.findings).toEqual([expect.objectContaining({ ruleId: 'NETWORK_STATUS_FAILURE', corroboration: expect.objectContaining({ state: 'confirmed' }) })]);
    expect((await check(healthy, { corroborate: 'maybe' })).status).toBe(400);
    sim.networkStatus.delete(healthy.toLowerCase());
    await check(healthy, { corroborate: 'true' });
  });

  it('an instance ARM does not know → 404 INSTANCE_NOT_FOUND', async () => {
    const response = await check(`/subscriptions/${sub}/resourceGroups/rg-apim/providers/Microsoft.ApiManagement/service/apim-nowhere`);
    expect(response).toMatchObject({ status: 404, jsonBody: { code: 'INSTANCE_NOT_FOUND' } });
  });

  it('an instance that cannot be read → 502 INSTANCE_UNREADABLE, without ARM’s error text', async () => {
    sim.deny(`/subscriptions/${sub}`);
    try {
      const response = await check(healthy);
      expect(response).toMatchObject({ status: 502, jsonBody: { code: 'INSTANCE_UNREADABLE' } });
      expect(JSON.stringify(response.jsonBody)).not.toMatch(/AuthorizationFailed|does not have authorization/);
    } finally {
      sim.allowAll();
    }
  });
});

describe('GET …/{name}', () => {
  it('returns the last result with findings and transitions', async () => {
    const response = await show(broken[0]!);
    expect(response.status).toBe(200);
    const body = response.jsonBody as Record<string, any>;
    expect(body.instance).toMatchObject({ id: broken[0], status: 'fail', trigger: 'http' });
    expect(body.report.findings.some((f: { ruleId: string }) => f.ruleId.length > 0)).toBe(true);
    expect(body.transitions).toHaveLength(1);
  });

  it('an instance never evaluated → 404 NOT_EVALUATED', async () => {
    const response = await show(`/subscriptions/${sub}/resourceGroups/rg-apim/providers/Microsoft.ApiManagement/service/apim-never`);
    expect(response).toMatchObject({ status: 404, jsonBody: { code: 'NOT_EVALUATED' } });
  });
});

describe('validation and scope', () => {
  const base = () => partsOf(healthy);

  it.each([
    [{ subscriptionId: 'not-a-guid' }, 'INVALID_SUBSCRIPTION_ID'],
    [{ subscriptionId: `${OTHER_SUB}/../x` }, 'INVALID_SUBSCRIPTION_ID'],
    [{ resourceGroup: 'rg/../../providers/Microsoft.Storage' }, 'INVALID_RESOURCE_GROUP'],
    [{ resourceGroup: 'rg.' }, 'INVALID_RESOURCE_GROUP'],
    [{ resourceGroup: 'a'.repeat(91) }, 'INVALID_RESOURCE_GROUP'],
    [{ name: 'apim_underscore' }, 'INVALID_INSTANCE_NAME'],
    [{ name: '1starts-with-digit' }, 'INVALID_INSTANCE_NAME'],
    [{ name: 'ends-with-' }, 'INVALID_INSTANCE_NAME'],
    [{ name: 'x?api-version=1' }, 'INVALID_INSTANCE_NAME'],
    [{ name: 'https://evil.example.com' }, 'INVALID_INSTANCE_NAME'],
    [{ name: '..' }, 'INVALID_INSTANCE_NAME'],
  ])('%o → 400 %s, and nothing is read from ARM', async (override, code) => {
    const before = sim.requestCount;
    for (const handler of [checkInstanceHandler(provider), showInstanceHandler(provider)]) {
      const response = await handler(request('POST', { ...base(), ...override }), context('x'));
      expect(response).toMatchObject({ status: 400, jsonBody: { code, message: expect.any(String) } });
    }
    expect(sim.requestCount).toBe(before);
  });

  it('rejects a bad notify value and unknown query parameters', async () => {
    expect(await check(healthy, { notify: 'yes' })).toMatchObject({ status: 400, jsonBody: { code: 'INVALID_QUERY' } });
    expect(await check(healthy, { url: 'http://169.254.169.254/' })).toMatchObject({ status: 400, jsonBody: { code: 'INVALID_QUERY' } });
    // The function key travels as ?code= and is the host's business.
    expect((await check(healthy, { code: 'key' })).status).toBe(200);
  });

  it('an instance outside the configured subscriptions → 403 OUT_OF_SCOPE, without reading it', async () => {
    const before = sim.requestCount;
    const outside = { subscriptionId: OTHER_SUB, resourceGroup: 'rg-apim', name: 'apim-00000' };
    for (const handler of [checkInstanceHandler(provider), showInstanceHandler(provider)]) {
      const response = await handler(request('POST', outside), context('x'));
      expect(response).toMatchObject({ status: 403, jsonBody: { code: 'OUT_OF_SCOPE' } });
    }
    expect(sim.requestCount).toBe(before);
  });

  it('a watcher that cannot start answers 503 NOT_CONFIGURED without quoting its settings', async () => {
    const failing = async (): Promise<Runtime> => {
      throw new ConfigError(['AzureWebJobsStorage: not a storage connection string']);
    };
    const response = await checkInstanceHandler(failing)(request('POST', base()), context('x'));
    expect(response).toMatchObject({ status: 503, jsonBody: { code: 'NOT_CONFIGURED' } });
    expect(JSON.stringify(response.jsonBody)).not.toContain('AzureWebJobsStorage');
  });
});
