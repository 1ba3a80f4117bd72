/**
 * The whole-scope sweep at scale against the ARM simulator: 1,000 instances over 10 subscriptions
 * that share NSGs and route tables. Request counts come from the simulator's counters.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { ArmResource } from '../../../src/arm/arm-resource.js';
import { isType, normalizeResourceId, parseResourceId, RESOURCE_TYPES } from '../../../src/arm/resource-id.js';
import type { InstanceView } from '../../../src/model/view.js';
import { LiveArmReader } from '../../../src/sources/arm/live-reader.js';
import { RESOURCE_GRAPH_PAGE_SIZE } from '../../../src/sources/arm/resource-graph.js';
import { openEstate } from '../../../src/sources/estate-file.js';
import type { SweepProgress } from '../../../src/sources/reader.js';
import { ArmSimulator, RESOURCE_GRAPH_ROUTE } from '../../support/arm-simulator.js';
import { connectTo } from '../../support/arm-simulator-connection.js';
import { ADMIN_RULES_ROUTE } from '../../support/arm-simulator-network.js';
import { syntheticEstate } from '../../support/synthetic-estate.js';
import { instanceReport, jsonReport, reportsById } from './reports.js';

const INSTANCES = 1000;
const resources = syntheticEstate({
  instances: INSTANCES,
  subscriptions: 10,
  nsgRules: 20,
  routes: 4,
  instancesPerNsg: 10,
  instancesPerRouteTable: 20,
  brokenEvery: 7,
});
const subscriptions = [...new Set(resources.map((r) => parseResourceId(r.id).subscriptionId))];
const countOf = (type: string) => resources.filter((r) => isType(r.id, type)).length;

let dir: string;
let sim: ArmSimulator;
let fileViews: InstanceView[];
let fileReport: string;

beforeAll(async () => {
  // The same JSON file feeds `check --estate` and the simulator.
  dir = await mkdtemp(join(tmpdir(), 'apim-vnet-guard-sweep-'));
  await writeFile(join(dir, 'estate.json'), JSON.stringify(resources));
  const estate = await openEstate(dir);
  expect(estate.errors).toEqual([]);
  fileViews = estate.buildViews();
  fileReport = jsonReport(fileViews);
  sim = await ArmSimulator.fromEstate(dir, { managementGroups: { 'mg-landing-zones': subscriptions } });
}, 120_000);
afterAll(async () => {
  await sim.stop();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  sim.resetCounters();
  sim.faults.clear(5);
  sim.allowAll();
});

// The figures of the sweep without the admin-rule reads (one more request per VNet: see below).
const reader = (extra: Partial<ConstructorParameters<typeof LiveArmReader>[0]> = {}) =>
  new LiveArmReader({ connection: connectTo(sim), scope: { subscriptions }, adminRules: false, ...extra });

/** Views in id order: what the engine evaluates, compared without evaluating 1,000 instances again. */
function byId(views: readonly InstanceView[]): InstanceView[] {
  return [...views].sort((a, b) => (a.instance.id.toLowerCase() < b.instance.id.toLowerCase() ? -1 : 1));
}

/** Pages beyond the first that one query per kind needs. */
function extraPages(pageSize: number): number {
  const kinds = [RESOURCE_TYPES.apim, RESOURCE_TYPES.virtualNetwork, RESOURCE_TYPES.networkSecurityGroup, RESOURCE_TYPES.routeTable, RESOURCE_TYPES.publicIp];
  return kinds.reduce((sum, t) => sum + Math.max(0, Math.ceil(countOf(t) / pageSize) - 1), 0);
}

describe(`a sweep of ${INSTANCES} instances over 10 subscriptions`, { timeout: 90_000 }, () => {
  test('the estate shares NSGs and route tables', () => {
    expect(subscriptions).toHaveLength(10);
    expect(countOf(RESOURCE_TYPES.networkSecurityGroup)).toBe(100);
    expect(countOf(RESOURCE_TYPES.routeTable)).toBe(50);
    expect(countOf(RESOURCE_TYPES.apim)).toBe(INSTANCES);
  });

  test('gives the same JSON report as the estate file, in at most 10 Resource Graph requests plus paging', async () => {
    const progress: SweepProgress[] = [];
    const live = await reader().sweep((p) => progress.push(p));
    expect(live.incomplete).toEqual([]);
    expect(jsonReport(live.views)).toBe(fileReport);
    expect(byId(live.views)).toEqual(byId(fileViews));

    const graphRequests = sim.requestsFor(RESOURCE_GRAPH_ROUTE);
    expect(graphRequests).toBeLessThanOrEqual(10 + extraPages(RESOURCE_GRAPH_PAGE_SIZE));
    expect(graphRequests).toBe(5); // one query per kind; no kind has more than 1,000 rows
    expect(sim.countsByRoute()).toEqual({ [RESOURCE_GRAPH_ROUTE]: 5, 'LIST locations': 1 });
    expect(live.resources).toHaveLength(resources.length);

    expect(progress.at(-1)).toMatchObject({ instancesFound: INSTANCES, resourcesRead: resources.length, requests: 6 });
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.resourcesRead).toBeGreaterThanOrEqual(progress[i - 1]!.resourcesRead);
  });

  test('with the admin-rule reads: the same report, plus one paged POST per distinct VNet', async () => {
    const live = await reader({ adminRules: true }).sweep();
    expect(live.incomplete).toEqual([]);
    expect(jsonReport(live.views)).toBe(fileReport);
    const vnets = countOf(RESOURCE_TYPES.virtualNetwork);
    expect(sim.countsByRoute()).toEqual({ [RESOURCE_GRAPH_ROUTE]: 5, 'LIST locations': 1, [ADMIN_RULES_ROUTE]: vnets });
    // export writes the (empty) lists too: `check --estate` of the export then reads the same.
    expect(live.resources).toHaveLength(resources.length + vnets);
  });

  test('pages of 100 rows: one request per page, and the same report', async () => {
    const live = await reader({ graphPageSize: 100 }).sweep();
    expect(byId(live.views)).toEqual(byId(fileViews));
    const pages = [RESOURCE_TYPES.apim, RESOURCE_TYPES.virtualNetwork, RESOURCE_TYPES.networkSecurityGroup, RESOURCE_TYPES.routeTable, RESOURCE_TYPES.publicIp]
      .map((t) => Math.max(1, Math.ceil(countOf(t) / 100)))
      .reduce((a, b) => a + b, 0);
    expect(sim.requestsFor(RESOURCE_GRAPH_ROUTE)).toBe(pages);
    expect(pages).toBe(5 + extraPages(100));
  });

  test('a management group scope gives the same report', async () => {
    const live = await new LiveArmReader({ connection: connectTo(sim), scope: { subscriptions: [], managementGroup: 'mg-landing-zones' }, adminRules: false }).sweep();
    expect(live.incomplete).toEqual([]);
    expect(byId(live.views)).toEqual(byId(fileViews));
    const bodies = sim.log.filter((r) => r.route === RESOURCE_GRAPH_ROUTE).map((r) => r.body as { managementGroups?: string[] });
    expect(bodies.every((b) => b.managementGroups?.[0] === 'mg-landing-zones')).toBe(true);
  });

  test('with 30% of requests answered 429 (no Retry-After) or 503 (seeded), the report is identical', async () => {
    sim.injectFault({ kind: 'throttle-no-retry-after', probability: 0.15 });
    sim.injectFault({ kind: 'unavailable', probability: 0.18 });
    const live = await reader({ graphPageSize: 100 }).sweep();
    expect(live.incomplete).toEqual([]);
    expect(jsonReport(live.views)).toBe(fileReport);
    expect(sim.faultCount() / sim.requestCount).toBeGreaterThan(0.2);
  });

  test('where Resource Graph answers 403, ARM list calls per subscription give the same report', async () => {
    sim.denyResourceGraph(subscriptions[3]);
    const live = await reader().sweep();
    expect(live.incomplete).toEqual([]);
    expect(byId(live.views)).toEqual(byId(fileViews));
    // Each kind's one query was refused; then one list per kind and subscription (100 instances per
    // subscription fit ARM's page of 100), and no read by id. ARM's lists spell regions as ARM does.
    expect(sim.countsByRoute()).toEqual({
      [RESOURCE_GRAPH_ROUTE]: 5,
      'LIST microsoft.apimanagement/service': 10,
      'LIST microsoft.network/virtualnetworks': 10,
      'LIST microsoft.network/networksecuritygroups': 10,
      'LIST microsoft.network/routetables': 10,
      'LIST microsoft.network/publicipaddresses': 10,
    });
  });

  test('a management group where Resource Graph is denied says what was not read', async () => {
    sim.denyResourceGraph();
    const live = await new LiveArmReader({ connection: connectTo(sim), scope: { subscriptions: [], managementGroup: 'mg-landing-zones' } }).sweep();
    expect(live.views).toEqual([]);
    expect(live.incomplete).toHaveLength(5);
    expect(live.incomplete[0]).toMatch(/management group mg-landing-zones: Resource Graph is not permitted .*pass --subscription/);
  });

  test('a single-instance check in this estate reads each distinct resource once', async () => {
    const target = fileViews[123]!;
    const live = await reader().loadInstance(target.instance.id);
    expect(instanceReport(live!)).toEqual(instanceReport(target));
    const reads = sim.successfulReadsById();
    expect([...reads.values()].every((n) => n === 1)).toBe(true);
    expect([...reads.keys()].sort()).toEqual(
      [
        parseResourceId(target.locations[0]!.location.subnetId!).id.split('/subnets/')[0]!,
        target.locations[0]!.networkSecurityGroup!.id,
        target.locations[0]!.routeTable!.id,
        target.locations[0]!.location.publicIpAddressId!,
        target.instance.id,
      ]
        .map(normalizeResourceId)
        .sort(),
    );
    // and one Resource Graph query for the instances naming its subnet or public IP, instead of a list
    // of the subscription's instances (issue 15)
    expect(sim.requestsFor(RESOURCE_GRAPH_ROUTE)).toBe(1);
    expect(sim.requestsFor('LIST microsoft.apimanagement/service')).toBe(0);
  });
});

describe('partial results', { timeout: 90_000 }, () => {
  test('Resource Graph failing part-way: stops cleanly, says what was not read, reads the rest by id within a budget', async () => {
    type GraphBody = { query?: string; options?: { $skipToken?: string } };
    const graph = (f: { route: string; body?: unknown }) => f.route === RESOURCE_GRAPH_ROUTE;
    // Every query's pages after the first fail (503) until the retry budget is spent, and the public IP
    // query fails from its first page.
    sim.injectFault({ route: (f) => graph(f) && Boolean((f.body as GraphBody).options?.$skipToken), kind: 'unavailable' });
    sim.injectFault({ route: (f) => graph(f) && /publicipaddresses/.test((f.body as GraphBody).query ?? ''), kind: 'unavailable' });
    const live = await reader({ graphPageSize: 100, maxFallbackReads: 40 }).sweep();
    expect(live.incomplete).toEqual([
      expect.stringMatching(/^API Management instances in 10 subscriptions: Resource Graph stopped after 100 rows \(Resource Graph answered 503/),
      expect.stringMatching(/^public IP addresses in 10 subscriptions: Resource Graph stopped after 0 rows/),
    ]);
    // Only the instances of the first page are known. Their public IPs were read by id up to the budget
    // (40); the other instances are unknown, never pass.
    expect(live.views).toHaveLength(100);
    expect(sim.successfulReadsById().size).toBe(40);
    const before = reportsById(fileViews);
    const after = [...reportsById(live.views)];
    const unknown = after.filter(([, r]) => r.findings.some((f) => f.ruleId === 'RESOURCE_UNREADABLE'));
    expect(unknown).toHaveLength(60);
    for (const [, r] of unknown) expect(r.status === 'unknown' || r.status === 'fail').toBe(true);
    for (const [id, r] of after) if (!unknown.some(([u]) => u === id)) expect(r).toEqual(before.get(id));
  });

  test('a dependency outside the swept subscriptions is read by id', async () => {
    const [inScope, other] = [subscriptions[0]!, subscriptions[1]!];
    const live = await reader({ scope: { subscriptions: [inScope] } }).sweep();
    expect(live.incomplete).toEqual([]);
    expect(live.views).toHaveLength(100);
    expect(sim.requestsFor(RESOURCE_GRAPH_ROUTE)).toBe(5);
    expect(Object.keys(sim.countsByRoute()).filter((k) => k.startsWith('GET '))).toEqual([]);
    expect(other).not.toBe(inScope);
  });
});

describe('references across subscriptions', () => {
  let cross: ArmSimulator;
  const small = syntheticEstate({ instances: 4, subscriptions: 2, nsgRules: 9, routes: 1 });
  const [subA, subB] = [...new Set(small.map((r) => parseResourceId(r.id).subscriptionId))] as [string, string];
  // Move the NSG of subscription A's first instance to subscription B.
  const nsgA = small.find((r) => isType(r.id, RESOURCE_TYPES.networkSecurityGroup) && r.id.includes(subA))!.id;
  const moved = nsgA.replace(subA, subB);
  const estate: ArmResource[] = JSON.parse(JSON.stringify(small).split(nsgA).join(moved));

  beforeAll(async () => {
    cross = await ArmSimulator.start(estate);
  });
  afterAll(async () => cross.stop());

  test('are read by id once, and the report matches the estate files', async () => {
    const live = await new LiveArmReader({ connection: connectTo(cross), scope: { subscriptions: [subA] } }).sweep();
    expect(live.incomplete).toEqual([]);
    expect(cross.successfulReadsById()).toEqual(new Map([[normalizeResourceId(moved), 1]]));
    const fileSide = (await openEstateFromResources(estate)).filter((v) => v.instance.id.includes(subA));
    expect(jsonReport(live.views)).toBe(jsonReport(fileSide));
  });
});

async function openEstateFromResources(items: ArmResource[]): Promise<InstanceView[]> {
  const d = await mkdtemp(join(tmpdir(), 'apim-vnet-guard-cross-'));
  try {
    await writeFile(join(d, 'estate.json'), JSON.stringify(items));
    return (await openEstate(d)).buildViews();
  } finally {
    await rm(d, { recursive: true, force: true });
  }
}
