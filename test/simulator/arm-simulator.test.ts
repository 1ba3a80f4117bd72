/**
 * The ARM simulator on its own: what it serves (raw HTTP, as ARM does), and that the real SDK clients
 * understand it through the transport redirect, with their real bearer policy and paging.
 */
import { RestError } from '@azure/core-rest-pipeline';
import { ApiManagementClient } from '@azure/arm-apimanagement';
import { NetworkManagementClient } from '@azure/arm-network';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { armHttpClient } from '../../src/sources/arm/transport.js';
import { sweepQuery } from '../../src/sources/arm/resource-graph.js';
import { RESOURCE_TYPES } from '../../src/arm/resource-id.js';
import { ArmSimulator, PUBLIC_ARM_HOST } from '../support/arm-simulator.js';
import { fakeCredential } from '../support/arm-simulator-connection.js';

const SUB = '3f2b8c1e-7d4a-4e9b-9c61-2a5d8e0f4b17';
const PARTNER = 'a71c5e92-0b3d-4f68-8e2a-6c94d1b7f305';
const NET_WEU = `/subscriptions/${SUB}/resourceGroups/rg-network-weu/providers/Microsoft.Network`;
const NSG = `${NET_WEU}/networkSecurityGroups/nsg-apim-external-weu`;
const VNET = `${NET_WEU}/virtualNetworks/vnet-spoke-apim-weu`;
const APIM = `/subscriptions/${SUB}/resourceGroups/rg-apim-prod/providers/Microsoft.ApiManagement/service/apim-contoso-ext-weu`;
const NET_API = 'api-version=2025-05-01';

let sim: ArmSimulator;
beforeAll(async () => {
  sim = await ArmSimulator.fromEstate('examples/estate', { pageSize: 2, managementGroups: { 'mg-contoso': [SUB, PARTNER] } });
});
afterAll(async () => sim.stop());
beforeEach(() => {
  sim.resetCounters();
  sim.faults.clear(42);
});

async function get(path: string, headers: Record<string, string> = { authorization: 'Bearer t' }) {
  const res = await fetch(`${sim.url}${path}`, { headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

async function graph(body: unknown) {
  const res = await fetch(`${sim.url}/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01`, {
    method: 'POST',
    headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const network = () => new NetworkManagementClient(fakeCredential(), SUB, { httpClient: armHttpClient(sim.url) });

describe('ARM REST, raw', () => {
  test('a GET by id answers the resource in ARM shape, properties nested', async () => {
    const { status, body } = await get(`${NSG}?${NET_API}`);
    expect(status).toBe(200);
    expect(body.id).toBe(NSG);
    expect(body.properties.securityRules[0].properties.priority).toEqual(expect.any(Number));
    expect(body.securityRules).toBeUndefined();
  });

  test('api-version is required, with ARM error body', async () => {
    const { status, body } = await get(NSG);
    expect(status).toBe(400);
    expect(body.error.code).toBe('MissingApiVersionParameter');
  });

  test('a request without a bearer token is refused', async () => {
    const { status, body } = await get(`${NSG}?${NET_API}`, {});
    expect(status).toBe(401);
    expect(body.error.code).toBe('AuthenticationFailed');
  });

  test('404 with ARM error body, for a resource and for a resource group', async () => {
    const missing = await get(`${NET_WEU}/networkSecurityGroups/nope?${NET_API}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('ResourceNotFound');
    expect(missing.body.error.message).toContain("Microsoft.Network/networkSecurityGroups/nope");
    const group = await get(`/subscriptions/${SUB}/resourceGroups/rg-gone/providers/Microsoft.Network/networkSecurityGroups/x?${NET_API}`);
    expect(group.body.error.code).toBe('ResourceGroupNotFound');
  });

  test('child resources are served by id exactly as they appear inline', async () => {
    const vnet = (await get(`${VNET}?${NET_API}`)).body;
    const inline = vnet.properties.subnets[0];
    const byId = await get(`${inline.id}?${NET_API}`);
    expect(byId.status).toBe(200);
    expect(byId.body).toEqual(inline);
    const rules = (await get(`${NSG}/securityRules?${NET_API}`)).body;
    const nsg = (await get(`${NSG}?${NET_API}`)).body;
    expect(rules.value).toEqual(nsg.properties.securityRules.slice(0, 2));
    expect(sim.countsByRoute()['GET microsoft.network/virtualnetworks/subnets']).toBe(1);
  });

  test('lists are paged with absolute nextLinks on the public host', async () => {
    const first = await get(`/subscriptions/${SUB}/providers/Microsoft.Network/networkSecurityGroups?${NET_API}`);
    expect(first.body.value).toHaveLength(2);
    expect(first.body.nextLink).toMatch(new RegExp(`^${PUBLIC_ARM_HOST}/subscriptions/${SUB}/providers/Microsoft.Network/networkSecurityGroups\\?`));
    const next = new URL(first.body.nextLink);
    const second = await get(`${next.pathname}${next.search}`);
    expect(second.body.value[0].id).not.toBe(first.body.value[0].id);
  });

  test('403 AuthorizationFailed for a denied id and everything under it', async () => {
    sim.deny(VNET);
    try {
      expect((await get(`${VNET}?${NET_API}`)).body.error.code).toBe('AuthorizationFailed');
      expect((await get(`${VNET}/subnets/snet-apim-ext?${NET_API}`)).status).toBe(403);
    } finally {
      sim.allowAll();
    }
  });
});

describe('Resource Graph', () => {
  const apimQuery = sweepQuery(RESOURCE_TYPES.apim);

  test('answers the sweep query with rows as Resource Graph stores them, paged by $skipToken', async () => {
    const first = await graph({ subscriptions: [SUB, PARTNER], query: apimQuery, options: { $top: 5 } });
    expect(first.status).toBe(200);
    expect(first.body.totalRecords).toBe(9);
    expect(first.body.count).toBe(5);
    expect(first.body.data[0]).toMatchObject({ type: 'microsoft.apimanagement/service', location: expect.stringMatching(/^[a-z0-9]+$/) });
    expect(Object.keys(first.body.data[0]).sort()).toEqual(['id', 'location', 'name', 'properties', 'sku', 'tags', 'type', 'zones']);
    const second = await graph({ subscriptions: [SUB, PARTNER], query: apimQuery, options: { $top: 5, $skipToken: first.body.$skipToken } });
    expect(second.body.count).toBe(4);
    expect(second.body.$skipToken).toBeUndefined();
    const ids = [...first.body.data, ...second.body.data].map((r: { id: string }) => r.id);
    expect(new Set(ids).size).toBe(9);
  });

  test('scopes by subscription and by management group', async () => {
    const partner = await graph({ subscriptions: [PARTNER], query: apimQuery, options: { $top: 1000 } });
    expect(partner.body.totalRecords).toBe(2);
    const mg = await graph({ managementGroups: ['mg-contoso'], query: apimQuery, options: { $top: 1000 } });
    expect(mg.body.totalRecords).toBe(9);
    expect((await graph({ managementGroups: ['mg-unknown'], query: apimQuery })).status).toBe(403);
  });

  test('fails loudly on any query that is not one of the sweep\'s', async () => {
    const other = await graph({ subscriptions: [SUB], query: 'resources | where name == "x"' });
    expect(other.status).toBe(400);
    expect(other.body.error.code).toBe('SimulatorUnsupportedQuery');
    expect((await graph({ subscriptions: [SUB], query: apimQuery, options: { $top: 5000 } })).status).toBe(400);
  });

  test('403 where Resource Graph is denied', async () => {
    const denied = await ArmSimulator.fromEstate('examples/estate');
    try {
      denied.denyResourceGraph(PARTNER);
      const res = await fetch(`${denied.url}/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01`, {
        method: 'POST',
        headers: { authorization: 'Bearer t' },
        body: JSON.stringify({ subscriptions: [SUB, PARTNER], query: apimQuery }),
      });
      expect(res.status).toBe(403);
    } finally {
      await denied.stop();
    }
  });
});

describe('the real SDK clients against the simulator', () => {
  test('typed results flatten what the simulator nests; the bearer token is sent', async () => {
    const credential = fakeCredential();
    const client = new NetworkManagementClient(credential, SUB, { httpClient: armHttpClient(sim.url) });
    const nsg = await client.networkSecurityGroups.get('rg-network-weu', 'nsg-apim-external-weu');
    expect(nsg.securityRules?.[0]?.priority).toEqual(expect.any(Number));
    expect(credential.calls).toBeGreaterThan(0);
    const apim = new ApiManagementClient(fakeCredential(), SUB, { httpClient: armHttpClient(sim.url) });
    const svc = await apim.apiManagementService.get('rg-apim-prod', 'apim-contoso-ext-weu');
    expect(svc.virtualNetworkConfiguration?.subnetResourceId).toContain('/subnets/');
    expect(sim.log.find((r) => r.route === 'GET microsoft.apimanagement/service')?.apiVersion).toBe('2024-05-01');
  });

  test('paging follows nextLink through the redirect: one request per page', async () => {
    const names: string[] = [];
    for await (const n of network().networkSecurityGroups.listAll()) names.push(n.name!);
    const inSubscription = sim.store.list(RESOURCE_TYPES.networkSecurityGroup, SUB).length;
    expect(names).toHaveLength(inSubscription);
    expect(sim.requestsFor('LIST microsoft.network/networksecuritygroups')).toBe(Math.ceil(inSubscription / 2));
  });

  test('404 becomes RestError ResourceNotFound, not retried', async () => {
    const err = await network().networkSecurityGroups.get('rg-network-weu', 'nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RestError);
    expect((err as RestError).statusCode).toBe(404);
    expect((err as RestError).code).toBe('ResourceNotFound');
    expect(sim.requestCount).toBe(1);
  });
});

describe('fault injection and counters', () => {
  const route = 'GET microsoft.network/networksecuritygroups';

  test('429 with retry-after-ms is honoured by the SDK\'s own policy; the counters see every attempt', async () => {
    sim.injectFault({ route, kind: 'throttle', retryAfterMs: 5, times: 2 });
    await network().networkSecurityGroups.get('rg-network-weu', 'nsg-apim-external-weu');
    expect(sim.readsOf(NSG)).toBe(3);
    expect(sim.faultCount()).toBe(2);
    expect(sim.successfulReadsById().get(NSG.toLowerCase())).toBe(1);
  });

  test('429 without Retry-After is not retried by the SDK default (what our policy fixes)', async () => {
    sim.injectFault({ route, kind: 'throttle-no-retry-after', times: 1 });
    const err = await network().networkSecurityGroups.get('rg-network-weu', 'nsg-apim-external-weu').catch((e: unknown) => e);
    expect((err as RestError).statusCode).toBe(429);
    expect(sim.readsOf(NSG)).toBe(1);
  });

  test('a reset connection reaches the client as ECONNRESET', async () => {
    sim.injectFault({ route, kind: 'reset', times: 10 });
    const client = new NetworkManagementClient(fakeCredential(), SUB, {
      httpClient: armHttpClient(sim.url),
      retryOptions: { maxRetries: 1, retryDelayInMs: 1, maxRetryDelayInMs: 2 },
    });
    const err = await client.networkSecurityGroups.get('rg-network-weu', 'nsg-apim-external-weu').catch((e: unknown) => e);
    expect((err as RestError).code).toBe('ECONNRESET');
    expect(sim.readsOf(NSG)).toBe(2);
  });

  test('503, latency, 403 and resource-scoped faults', async () => {
    sim.injectFault({ resourceId: NSG, kind: 'forbidden', times: 1 });
    sim.injectFault({ route, kind: 'latency', latencyMs: 5, times: 1 });
    sim.injectFault({ route: /virtualnetworks$/, kind: 'unavailable', times: 1 });
    expect((await get(`${NSG}?${NET_API}`)).status).toBe(403);
    expect((await get(`${NSG}?${NET_API}`)).status).toBe(200);
    expect((await get(`${VNET}?${NET_API}`)).status).toBe(503);
    expect((await get(`${VNET}?${NET_API}`)).status).toBe(200);
    expect(sim.log.map((r) => r.fault)).toEqual(['forbidden', 'latency', 'unavailable', undefined]);
  });

  test('a percentage at random is repeatable with the same seed', async () => {
    const run = async () => {
      sim.resetCounters();
      sim.faults.clear(1234);
      sim.injectFault({ kind: 'unavailable', probability: 0.3 });
      const statuses: number[] = [];
      for (let i = 0; i < 200; i++) statuses.push((await get(`${NSG}?${NET_API}`)).status);
      return statuses;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    const failed = a.filter((s) => s === 503).length;
    expect(failed).toBeGreaterThan(30);
    expect(failed).toBeLessThan(90);
  });

  test('`after` lets the first matching requests through', async () => {
    sim.injectFault({ route: 'LIST microsoft.network/networksecuritygroups', kind: 'unavailable', after: 1, times: 1 });
    const path = `/subscriptions/${SUB}/providers/Microsoft.Network/networkSecurityGroups?${NET_API}`;
    expect((await get(path)).status).toBe(200);
    expect((await get(path)).status).toBe(503);
    expect((await get(path)).status).toBe(200);
  });

  test('unknown routes fail loudly and are counted', async () => {
    const res = await get(`/subscriptions/${SUB}/providers/Microsoft.Compute/virtualMachines/x/y?${NET_API}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('SimulatorUnsupportedRoute');
    expect(Object.keys(sim.countsByRoute())[0]).toMatch(/^UNSUPPORTED/);
  });
});
