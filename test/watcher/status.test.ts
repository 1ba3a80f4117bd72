/**
 * The status page's use case and routes on the in-memory state store: failures first, counts over the
 * whole scope, paging, the status filter, strict query validation, the page's headers.
 */
import { HttpRequest } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { instanceStatusHandler, statusPageHandler } from '../../functions/status.js';
import type { Runtime } from '../../functions/runtime.js';
import { loadConfig, statusSignInRequested } from '../../src/config/config.js';
import { RULES } from '../../src/rules/catalogue.js';
import { MemoryStateStore } from '../../src/state/memory-state-store.js';
import { DEFAULT_TIMING, type WatcherDeps } from '../../src/watcher/deps.js';
import { statusOverview } from '../../src/watcher/status.js';
import { context } from '../functions/host.js';
import { apimId, at, change, finding, recordingTelemetry, report, result, SUB } from './fixtures.js';

const OTHER = '99999999-9999-9999-9999-999999999999';

async function estate(): Promise<WatcherDeps> {
  const store = new MemoryStateStore();
  for (let i = 0; i < 120; i++) {
    const id = apimId(`apim-${String(i).padStart(3, '0')}`);
    await store.saveEvaluation(result(report(id, 'pass'), at(i)));
    if (i % 4 === 0) {
      await store.saveEvaluation(result(report(id, 'fail', [finding('NSG_IN_MGMT_3443')]), at(1000 + i), [change(`e${i}`, `${id}/x`, at(999), 'mallory@contoso.com')]));
    }
  }
  await store.saveEvaluation(result(report(apimId('apim-elsewhere', OTHER), 'fail', [finding('NSG_IN_MGMT_3443')]), at(5)));
  return {
    store,
    queue: { scheduleEvaluation: async () => {} },
    reader: { loadInstance: async () => undefined, sweep: async () => ({ views: [], resources: [], incomplete: [] }) },
    rules: RULES,
    clock: { now: () => new Date(at(2000)) },
    telemetry: recordingTelemetry(),
    scope: { subscriptions: [SUB] },
    timing: DEFAULT_TIMING,
  };
}

function runtimeOf(deps: WatcherDeps): () => Promise<Runtime> {
  return async () => ({ config: {} as Runtime['config'], watcher: () => deps, alerting: () => undefined });
}

function get(query: Record<string, string> = {}, params: Record<string, string> = {}, headers: Record<string, string> = {}): HttpRequest {
  const qs = new URLSearchParams(query).toString();
  return new HttpRequest({ method: 'GET', url: `http://localhost/api/status${qs ? `?${qs}` : ''}`, query, params, headers });
}

describe('status overview', () => {
  it('counts the whole scope, lists failures first and pages the rest', async () => {
    const deps = await estate();
    const first = await statusOverview(deps, { page: 1, pageSize: 50 });
    expect(first.total).toBe(120);
    expect(first.byStatus).toMatchObject({ fail: 30, pass: 90 });
    expect(first.pages).toBe(3);
    expect(first.entries).toHaveLength(50);
    expect(first.entries.slice(0, 30).every((e) => e.state.status === 'fail')).toBe(true);
    expect(first.entries[30]!.state.status).toBe('pass');
    expect(first.entries[0]!.transitions[0]!.changes[0]!.caller.upn).toBe('mallory@contoso.com');

    const last = await statusOverview(deps, { page: 99, pageSize: 50 });
    expect(last.page).toBe(3);
    expect(last.entries).toHaveLength(20);

    const failing = await statusOverview(deps, { page: 1, pageSize: 50, status: 'fail' });
    expect(failing.matching).toBe(30);
    expect(failing.entries.map((e) => e.state.status)).toEqual(Array(30).fill('fail'));
  });
});

describe('GET /api/status', () => {
  it('answers a self-contained page with its CSP as a header too, and page links without the function key', async () => {
    const deps = await estate();
    const res = await statusPageHandler(runtimeOf(deps), { now: () => new Date(at(2000)) })(get({ code: 'secret-key', pageSize: '40' }), context('statusPage'));
    expect(res.status).toBe(200);
    const headers = res.headers as Record<string, string>;
    expect(headers['content-type']).toBe('text/html; charset=utf-8');
    expect(headers['content-security-policy']).toContain("default-src 'none'");
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const body = String(res.body);
    expect(body.match(/<section class="instance/g)).toHaveLength(40);
    expect(body).toContain('Page 1 of 3');
    expect(body).toContain('href="?page=2&amp;pageSize=40"');
    expect(body).toContain('mallory@contoso.com');
    expect(body).not.toContain('secret-key');
    expect(body).not.toContain('apim-elsewhere');
  });

  it('refuses bad paging and unknown parameters with a stable code', async () => {
    const handler = statusPageHandler(runtimeOf(await estate()));
    const queries: Array<Record<string, string>> = [{ page: '0' }, { page: 'x' }, { pageSize: '201' }, { status: 'broken' }, { sort: 'name' }];
    for (const query of queries) {
      const res = await handler(get(query), context('statusPage'));
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect((res.jsonBody as { code: string }).code).toBe('INVALID_QUERY');
    }
  });

  it('shows one instance, and refuses one outside the scope or never evaluated', async () => {
    const handler = instanceStatusHandler(runtimeOf(await estate()));
    const one = await handler(get({}, { subscriptionId: SUB, resourceGroup: 'rg-apim', name: 'apim-004' }), context('instanceStatus'));
    expect(one.status).toBe(200);
    expect(String(one.body).match(/<section class="instance/g)).toHaveLength(1);
    expect(String(one.body)).toContain('href="../../../status"');
    const outside = await handler(get({}, { subscriptionId: OTHER, resourceGroup: 'rg-apim', name: 'apim-elsewhere' }), context('instanceStatus'));
    expect(outside.status).toBe(403);
    const never = await handler(get({}, { subscriptionId: SUB, resourceGroup: 'rg-apim', name: 'apim-none' }), context('instanceStatus'));
    expect(never.status).toBe(404);
    const bad = await handler(get({}, { subscriptionId: 'x', resourceGroup: 'rg', name: 'a' }), context('instanceStatus'));
    expect(bad.status).toBe(400);
  });
});

describe('signing in with Entra ID instead of a function key', () => {
  const CLIENT = '0b9e7d6c-5a4f-4e3d-8c2b-1a0f9e8d7c6b';

  it('is on only where App Service Authentication is on as well, so the sign-in headers are the platform’s', () => {
    expect(statusSignInRequested({ STATUS_SIGN_IN_CLIENT_ID: CLIENT, WEBSITE_AUTH_ENABLED: 'True' })).toBe(true);
    expect(statusSignInRequested({ STATUS_SIGN_IN_CLIENT_ID: CLIENT })).toBe(false);
    expect(statusSignInRequested({ WEBSITE_AUTH_ENABLED: 'True' })).toBe(false);
    expect(statusSignInRequested({})).toBe(false);
  });

  it('names a client id that is not a GUID', () => {
    expect(() => loadConfig({ AzureWebJobsStorage: 'UseDevelopmentStorage=true', WATCH_SUBSCRIPTIONS: SUB, STATUS_SIGN_IN_CLIENT_ID: 'my-app' })).toThrow(/STATUS_SIGN_IN_CLIENT_ID: expected the client id/);
  });

  it('sends a request the platform did not sign in with Entra ID to the sign-in page, and back', async () => {
    const handler = statusPageHandler(runtimeOf(await estate()), { signIn: true });
    const anonymous = await handler(get({ page: '2' }), context('statusPage'));
    expect(anonymous.status).toBe(302);
    expect((anonymous.headers as Record<string, string>).location).toBe('/.auth/login/aad?post_login_redirect_uri=%2Fapi%2Fstatus%3Fpage%3D2');
    const otherProvider = await handler(get({}, {}, { 'x-ms-client-principal-id': 'u1', 'x-ms-client-principal-idp': 'github' }), context('statusPage'));
    expect(otherProvider.status).toBe(302);
    const signedIn = await handler(get({}, {}, { 'x-ms-client-principal-id': 'u1', 'x-ms-client-principal-idp': 'aad' }), context('statusPage'));
    expect(signedIn.status).toBe(200);
    const one = instanceStatusHandler(runtimeOf(await estate()), { signIn: true });
    expect((await one(get({}, { subscriptionId: SUB, resourceGroup: 'rg-apim', name: 'apim-004' }), context('instanceStatus'))).status).toBe(302);
  });
});
