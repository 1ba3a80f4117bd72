/**
 * Neighbours from the dependency index (issue 15, item 4): a single-instance read that knows, from
 * the index, who shares its subnet reads them by id and lists nothing, so its request count does not
 * grow with the subscription; the list of the subscription's instances is the fallback when the
 * index has not seen the instance there, or the subnet names an occupant the index does not know.
 * Reports are those of the list-based read.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { ArmResource } from '../../../src/arm/arm-resource.js';
import { normalizeResourceId } from '../../../src/arm/resource-id.js';
import { DependencyIndex } from '../../../src/index/dependency-index.js';
import { LiveArmReader } from '../../../src/sources/arm/live-reader.js';
import type { OccupantIndex } from '../../../src/sources/arm/neighbours.js';
import { openEstate } from '../../../src/sources/estate-file.js';
import { Estate } from '../../../src/sources/estate.js';
import { ArmSimulator } from '../../support/arm-simulator.js';
import { connectTo } from '../../support/arm-simulator-connection.js';
import { syntheticEstate } from '../../support/synthetic-estate.js';
import { RULES } from '../../../src/rules/catalogue.js';
import { MemoryStateStore } from '../../../src/state/memory-state-store.js';
import { noTelemetry } from '../../../src/telemetry/telemetry.js';
import { DEFAULT_TIMING, type WatcherDeps } from '../../../src/watcher/deps.js';
import { evaluateLive } from '../../../src/watcher/evaluate-instance.js';
import { instanceReport } from './reports.js';

const APIM_TYPE = 'Microsoft.ApiManagement/service';
let sims: ArmSimulator[] = [];
afterEach(async () => {
  await Promise.all(sims.map((s) => s.stop()));
  sims = [];
});

async function start(resources: ArmResource[]): Promise<ArmSimulator> {
  const sim = await ArmSimulator.start(resources);
  sims.push(sim);
  return sim;
}

const lists = (sim: ArmSimulator) => Object.entries(sim.countsByRoute()).filter(([route]) => route.startsWith('LIST')).reduce((n, [, c]) => n + c, 0);
const asOccupants = (index: DependencyIndex): OccupantIndex => ({ dependentsOf: async (id) => index.dependentsOf(id) });
const indexOf = (resources: ArmResource[]) => DependencyIndex.fromViews(Estate.fromResources(resources).buildViews());

/** A synthetic subscription of `instances` where the second instance shares the first one's subnet. */
function sharedSubnetEstate(instances: number): { resources: ArmResource[]; a: string; b: string; subnetId: string } {
  const resources = structuredClone(syntheticEstate({ instances, subscriptions: 1, nsgRules: 9, routes: 0 }));
  const [a, b] = resources.filter((r) => r.type === APIM_TYPE);
  const config = (r: ArmResource) => (r.properties as { virtualNetworkConfiguration: { subnetResourceId: string } }).virtualNetworkConfiguration;
  const subnetId = config(a!).subnetResourceId;
  config(b!).subnetResourceId = subnetId;
  return { resources, a: a!.id, b: b!.id, subnetId };
}

/** The report of the list-based read (no index), on the same simulator. */
async function listedReport(sim: ArmSimulator, id: string) {
  const { view } = await new LiveArmReader({ connection: connectTo(sim) }).readInstance(id);
  sim.resetCounters();
  return instanceReport(view!);
}

describe('neighbours known to the index', () => {
  test('no list call, and the same number of requests in a subscription of 10 or 200 instances', async () => {
    const counts: number[] = [];
    for (const size of [10, 200]) {
      const { resources, a, b } = sharedSubnetEstate(size);
      const sim = await start(resources);
      const expected = await listedReport(sim, a);
      const reader = new LiveArmReader({ connection: connectTo(sim), occupants: asOccupants(indexOf(resources)) });
      const { view, notes } = await reader.readInstance(a);
      expect(notes).toEqual([]);
      expect(lists(sim)).toBe(0);
      expect(view!.locations[0]!.subnetNeighbours.map((n) => normalizeResourceId(n.instanceId))).toEqual([normalizeResourceId(b)]);
      expect(instanceReport(view!)).toEqual(expected);
      expect(sim.readsOf(b)).toBe(1);
      // Reads by id only: the instance and its neighbour, its VNet, NSG and public IP, each once,
      // and the VNet's effective admin rules.
      expect(sim.countsByRoute()).toEqual({
        'POST listnetworkmanagereffectivesecurityadminrules': 1,
        'GET microsoft.apimanagement/service': 2,
        'GET microsoft.network/virtualnetworks': 1,
        'GET microsoft.network/networksecuritygroups': 1,
        'GET microsoft.network/publicipaddresses': 1,
      });
      counts.push(sim.requestCount);
    }
    expect(counts[0]).toBe(6);
    expect(counts[1]).toBe(counts[0]);
  });

  test('the sample estate: every instance reads as from its files, without a list', async () => {
    const sim = await ArmSimulator.fromEstate('examples/estate');
    sims.push(sim);
    const file = await openEstate('examples/estate');
    const views = file.buildViews();
    const reader = new LiveArmReader({ connection: connectTo(sim), occupants: asOccupants(DependencyIndex.fromViews(views)) });
    for (const fileView of views) {
      sim.resetCounters();
      const { view } = await reader.readInstance(fileView.instance.id);
      expect(instanceReport(view!)).toEqual(instanceReport(fileView));
      expect(lists(sim)).toBe(0);
    }
  });
});

describe('without an index (the CLI\'s single-instance check)', () => {
  test('neighbours from one Resource Graph query and reads by id: no list, the same requests in a subscription of 10 or 200 instances', async () => {
    const counts: Array<Record<string, number>> = [];
    for (const size of [10, 200]) {
      const { resources, a, b, subnetId } = sharedSubnetEstate(size);
      const sim = await start(resources);
      const { view, notes } = await new LiveArmReader({ connection: connectTo(sim) }).readInstance(a);
      expect(notes).toEqual([]);
      expect(view!.locations[0]!.subnetNeighbours.map((n) => normalizeResourceId(n.instanceId))).toEqual([normalizeResourceId(b)]);
      expect(lists(sim)).toBe(0);
      expect(sim.readsOf(a)).toBe(1);
      expect(sim.readsOf(b)).toBe(1);
      // The query names the subnet (and the public IP) it looks for, not the subscription's every instance.
      const query = (sim.log.find((r) => r.route === 'POST resourcegraph')!.body as { query: string }).query;
      expect(query).toContain(`'"${subnetId}"'`);
      counts.push(sim.countsByRoute());
    }
    expect(counts[0]).toEqual({
      'GET microsoft.apimanagement/service': 2,
      'GET microsoft.network/virtualnetworks': 1,
      'GET microsoft.network/networksecuritygroups': 1,
      'GET microsoft.network/publicipaddresses': 1,
      'POST listnetworkmanagereffectivesecurityadminrules': 1,
      'POST resourcegraph': 1,
    });
    expect(counts[1]).toEqual(counts[0]);
  });

  test('a service the subnet\'s links name is read by id whatever Resource Graph answers (Graph may lag ARM)', async () => {
    const { resources, a, subnetId } = sharedSubnetEstate(10);
    const c = resources.filter((r) => r.type === APIM_TYPE)[5]!.id;
    const vnet = resources.find((r) => normalizeResourceId(subnetId).startsWith(`${normalizeResourceId(r.id)}/`))!;
    const subnet = (vnet.properties!.subnets as ArmResource[]).find((s) => normalizeResourceId(s.id) === normalizeResourceId(subnetId))!;
    subnet.properties!.resourceNavigationLinks = [{ id: `${subnetId}/resourceNavigationLinks/apim`, name: 'apim', properties: { linkedResourceType: APIM_TYPE, link: c } }];
    const sim = await start(resources);
    await new LiveArmReader({ connection: connectTo(sim) }).readInstance(a);
    // Resource Graph does not place c in the subnet (its properties name another one); the link does.
    expect(sim.readsOf(c)).toBe(1);
    expect(lists(sim)).toBe(0);
  });

  test('Resource Graph denied: the subscription is listed instead, and the report is the same', async () => {
    const { resources, a, b } = sharedSubnetEstate(10);
    const sim = await start(resources);
    const { view: byGraph } = await new LiveArmReader({ connection: connectTo(sim) }).readInstance(a);
    sim.denyResourceGraph();
    sim.resetCounters();
    const { view, notes } = await new LiveArmReader({ connection: connectTo(sim) }).readInstance(a);
    expect(notes).toEqual([]);
    expect(lists(sim)).toBeGreaterThan(0);
    expect(view!.locations[0]!.subnetNeighbours.map((n) => normalizeResourceId(n.instanceId))).toEqual([normalizeResourceId(b)]);
    expect(instanceReport(view!)).toEqual(instanceReport(byGraph!));
  });
});

describe('the list as a fallback', () => {
  test('the subnet names an API Management service the index does not place there: the list finds it', async () => {
    const { resources, a, b, subnetId } = sharedSubnetEstate(10);
    const index = indexOf(resources);
    index.removeInstance(b);
    const vnet = resources.find((r) => normalizeResourceId(subnetId).startsWith(`${normalizeResourceId(r.id)}/`))!;
    const subnet = (vnet.properties!.subnets as ArmResource[]).find((s) => normalizeResourceId(s.id) === normalizeResourceId(subnetId))!;
    subnet.properties!.resourceNavigationLinks = [
      { id: `${subnetId}/resourceNavigationLinks/apim`, name: 'apim', properties: { linkedResourceType: APIM_TYPE, link: b } },
    ];
    const sim = await start(resources);
    const expected = await listedReport(sim, a);
    const { view } = await new LiveArmReader({ connection: connectTo(sim), occupants: asOccupants(index) }).readInstance(a);
    expect(sim.requestsFor('LIST microsoft.apimanagement/service')).toBeGreaterThan(0);
    expect(view!.locations[0]!.subnetNeighbours.map((n) => normalizeResourceId(n.instanceId))).toEqual([normalizeResourceId(b)]);
    expect(instanceReport(view!)).toEqual(expected);
  });

  test('the index has not seen the instance in its subnet (a first evaluation): the list finds its neighbours', async () => {
    const { resources, a, b } = sharedSubnetEstate(10);
    const sim = await start(resources);
    const expected = await listedReport(sim, a);
    const { view } = await new LiveArmReader({ connection: connectTo(sim), occupants: asOccupants(new DependencyIndex()) }).readInstance(a);
    expect(lists(sim)).toBeGreaterThan(0);
    expect(view!.locations[0]!.subnetNeighbours.map((n) => normalizeResourceId(n.instanceId))).toEqual([normalizeResourceId(b)]);
    expect(instanceReport(view!)).toEqual(expected);
  });

  test('a neighbour the index names but ARM no longer has is not a neighbour', async () => {
    const { resources, a, b } = sharedSubnetEstate(10);
    const index = indexOf(resources);
    const sim = await start(resources.filter((r) => normalizeResourceId(r.id) !== normalizeResourceId(b)));
    const { view, notes } = await new LiveArmReader({ connection: connectTo(sim), occupants: asOccupants(index) }).readInstance(a);
    expect(notes).toEqual([]);
    expect(lists(sim)).toBe(0);
    expect(view!.locations[0]!.subnetNeighbours).toEqual([]);
  });
});

describe('the watcher wired as functions/runtime.ts wires it', () => {
  test('a first evaluation lists the subscription; the next ones read neighbours from the index it stored, and dependencies with the instance', async () => {
    const { resources, a, b } = sharedSubnetEstate(50);
    const sim = await start(resources);
    const store = new MemoryStateStore();
    const connection = connectTo(sim);
    const deps: WatcherDeps = {
      store,
      queue: { scheduleEvaluation: async () => {} },
      reader: new LiveArmReader({ connection, occupants: store }),
      rules: RULES,
      clock: { now: () => new Date(Date.UTC(2026, 0, 1, 12)) },
      telemetry: noTelemetry,
      scope: { subscriptions: [] },
      timing: DEFAULT_TIMING,
    };
    const quiet = { info() {}, warn() {}, error() {} };
    const evaluate = async (id: string) => {
      sim.resetCounters();
      const outcome = await evaluateLive(deps, id, { trigger: 'http', notify: false }, quiet);
      expect(outcome.kind).toBe('evaluated');
      return { outcome, lists: lists(sim), requests: sim.requestCount };
    };
    const first = await evaluate(a);
    expect(first.lists).toBeGreaterThan(0);
    await evaluate(b);
    const again = await evaluate(a);
    expect(again.lists).toBe(0);
    expect(again.requests).toBe(6);
    expect(again.outcome.kind === 'evaluated' && again.outcome.report).toEqual(first.outcome.kind === 'evaluated' && first.outcome.report);

    // Its dependencies, known from the index, are read while the instance itself is still in flight.
    const slow = normalizeResourceId(a);
    const inFlight = new Map<string, boolean>();
    sim.faults.add({ kind: 'latency', latencyMs: 200, resourceId: a });
    sim.faults.add({
      kind: 'latency',
      route: (facts) => {
        if (facts.route.startsWith('GET ') && facts.resourceId && facts.resourceId !== slow) inFlight.set(facts.route, sim.log.some((r) => r.resourceId === slow && r.status === 0));
        return false;
      },
    });
    const round = await evaluate(a);
    sim.faults.clear();
    expect(round.outcome.kind === 'evaluated' && round.outcome.report).toEqual(first.outcome.kind === 'evaluated' && first.outcome.report);
    expect(Object.fromEntries(inFlight)).toEqual({
      'GET microsoft.network/virtualnetworks': true,
      'GET microsoft.network/networksecuritygroups': true,
      'GET microsoft.network/publicipaddresses': true,
      // The neighbour comes after: who shares the subnet is checked against the instance as read.
      'GET microsoft.apimanagement/service': false,
    });
  });
});
