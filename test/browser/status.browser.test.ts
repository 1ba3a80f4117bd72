/// <reference lib="dom" />
/**
 * The status page of a watcher whose state is in Azurite, after the sample scenario: the 3443 rule
 * deleted by a named caller (the instance fails), then restored by another (it recovers), while the
 * Teams webhook refuses every alert (so they stay undelivered). The page is served by the real handlers
 * on 127.0.0.1 and opened in headless Chromium: it names both callers and both transitions, lists the
 * undelivered alerts, loads nothing else, logs no error and has no serious accessibility violation.
 */
import { HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deliverAlertsHandler } from '../../functions/deliverAlerts.js';
import { evaluateInstanceHandler } from '../../functions/evaluateInstance.js';
import { resourceEventsHandler } from '../../functions/resourceEvents.js';
import { createRuntime, type Runtime } from '../../functions/runtime.js';
import { instanceStatusHandler, statusPageHandler } from '../../functions/status.js';
import { sweepHandler } from '../../functions/sweep.js';
import type { ArmResource } from '../../src/arm/arm-resource.js';
import { parseResourceId } from '../../src/arm/resource-id.js';
import { loadConfig } from '../../src/config/config.js';
import { startTeamsServer, type TeamsServer } from '../alerts/servers.js';
import { context, drain, queue, send, watcherTestSettings, type LogLine } from '../functions/host.js';
import { fakeCredential } from '../support/arm-simulator-connection.js';
import { ArmSimulator } from '../support/arm-simulator.js';
import { chromiumAvailable, launchChromium, seriousViolations, type Browser } from '../support/chromium.js';
import { syntheticEstate } from '../support/synthetic-estate.js';
import { resourceEvent } from '../watcher/fixtures.js';

let sim: ArmSimulator;
let runtime: Runtime;
let teams: TeamsServer;
let server: http.Server;
let base: string;
let browser: Browser;
let instanceId: string;
const logs: LogLine[] = [];

/** The two status routes behind a plain HTTP server, as the Functions host would route them. */
function serve(): Promise<http.Server> {
  const provider = async () => runtime;
  const overview = statusPageHandler(provider);
  const one = instanceStatusHandler(provider);
  const s = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    let answer: HttpResponseInit;
    const query = Object.fromEntries(url.searchParams);
    if (parts.length === 2 && parts[0] === 'api' && parts[1] === 'status') {
      answer = await overview(new HttpRequest({ method: 'GET', url: url.href, query }), context('statusPage', logs));
    } else if (parts.length === 5 && parts[0] === 'api' && parts[1] === 'status') {
      const params = { subscriptionId: parts[2]!, resourceGroup: parts[3]!, name: parts[4]! };
      answer = await one(new HttpRequest({ method: 'GET', url: url.href, query, params }), context('instanceStatus', logs));
    } else {
      answer = { status: 404, body: 'not found' };
    }
    res.writeHead(answer.status ?? 200, answer.headers as Record<string, string>);
    res.end(answer.body === undefined ? JSON.stringify(answer.jsonBody ?? null) : String(answer.body));
  });
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(s)));
}

beforeAll(async () => {
  // The webhook refuses every call: the alerts stay in the outbox.
  teams = await startTeamsServer({ responses: Array.from({ length: 50 }, () => ({ status: 500 })) });
  const resources = syntheticEstate({ instances: 2, subscriptions: 1, nsgRules: 9, routes: 0, instancesPerNsg: 1 });
  instanceId = resources.find((r) => r.type === 'Microsoft.ApiManagement/service')!.id;
  const nsgId = resources.find((r) => r.type === 'Microsoft.Network/networkSecurityGroups')!.id;
  sim = await ArmSimulator.start(resources);
  const cs = inject('storageConnectionString');
  const config = loadConfig(
    watcherTestSettings(
      { connectionString: cs, armEndpoint: sim.url, subscriptionId: parseResourceId(instanceId).subscriptionId, prefix: 'status' },
      { ALERT_TEAMS_WEBHOOK_URL: teams.url, ALERT_EXTRA_WEBHOOK_ORIGINS: teams.origin },
    ),
  );
  runtime = await createRuntime(config, { armCredential: fakeCredential() });
  const events = queue(cs, config.eventsQueueName);
  const evaluations = queue(cs, config.evaluationsQueueName);
  await events.createIfNotExists();
  const handle = (h: (m: unknown, c: InvocationContext) => Promise<unknown>) => h;
  const deliver = async () => {
    await drain(events, 'resourceEvents', handle(resourceEventsHandler(async () => runtime)), { logs });
    await new Promise((r) => setTimeout(r, 1_100)); // DEBOUNCE_SECONDS=1
    await drain(evaluations, 'evaluateInstance', handle(evaluateInstanceHandler(async () => runtime)), { logs });
    await deliverAlertsHandler(async () => runtime)({ isPastDue: false } as never, context('deliverAlerts', logs));
  };
  await sweepHandler(async () => runtime)({ isPastDue: false } as never, context('sweep', logs));

  const ruleId = `${nsgId}/securityRules/AllowApiManagementInbound`;
  const rule: ArmResource = structuredClone(sim.store.get(ruleId)!);
  sim.store.remove(ruleId);
  await send(events, resourceEvent({ id: 'evt-status-delete', resourceId: ruleId, operationName: 'Microsoft.Network/networkSecurityGroups/securityRules/delete', upn: 'mallory@contoso.com' }));
  await deliver();
  sim.store.put(rule);
  await send(events, resourceEvent({ id: 'evt-status-restore', resourceId: ruleId, operationName: 'Microsoft.Network/networkSecurityGroups/securityRules/write', upn: 'bob@contoso.com' }));
  await deliver();

  server = await serve();
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (chromiumAvailable() || process.env.CI) browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  await sim?.stop();
  await teams?.close();
});

describe('the status page from Azurite-backed state', () => {
  it('names the caller of each transition and the undelivered alerts', async () => {
    const res = await fetch(`${base}/api/status`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const body = await res.text();
    const name = parseResourceId(instanceId).name!;
    const section = body.slice(body.indexOf(`</span> ${name}</h2>`));
    expect(section).toContain('mallory@contoso.com');
    expect(section).toContain('bob@contoso.com');
    expect(section).toMatch(/data-transition-to="pass"[\s\S]*data-transition-to="fail"[\s\S]*data-transition-to="pass"/);
    expect(section).toContain('+ NSG_IN_MGMT_3443');
    expect(section).toContain('Alerts not delivered yet');
    expect(teams.calls).toBeGreaterThan(0);
  });

  it.skipIf(!chromiumAvailable() && !process.env.CI)('opens in Chromium: nothing off 127.0.0.1, no console error, no serious axe violation, the instance link works', async () => {
    const w = await browser.newPage();
    await w.page.goto(`${base}/api/status`);
    expect(w.consoleErrors).toEqual([]);
    expect(w.offMachine).toEqual([]);
    expect(w.requests).toEqual([`${base}/api/status`]);
    expect(await seriousViolations(w.page)).toEqual([]);
    await w.page.getByRole('button', { name: /^PASS/ }).click();
    expect(await w.page.locator('section.instance:visible').count()).toBe(2);
    const name = parseResourceId(instanceId).name!;
    const section = w.page.locator('section.instance', { hasText: name }).first();
    await section.getByRole('link', { name: 'This instance only' }).click();
    await w.page.waitForURL(/\/api\/status\/[^/]+\/[^/]+\/[^/]+$/);
    expect(await w.page.locator('section.instance').count()).toBe(1);
    expect(await w.page.locator('table.transitions').textContent()).toContain('mallory@contoso.com');
    await w.page.getByRole('link', { name: 'All instances' }).click();
    await w.page.waitForURL(`${base}/api/status`);
    expect(w.consoleErrors).toEqual([]);
    await w.page.close();
  });
});
