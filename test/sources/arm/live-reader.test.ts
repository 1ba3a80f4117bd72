/**
 * The live reader on the real SDK clients against the ARM simulator serving the bundled sample estate:
 * a live check and a check of the estate files give the same report; each distinct resource is read
 * once; 404, 403 and injected throttling end where the rules say.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { ArmResource } from '../../../src/arm/arm-resource.js';
import { normalizeResourceId, parentResourceId } from '../../../src/arm/resource-id.js';
import type { InstanceView } from '../../../src/model/view.js';
import { APIM_READ_API_VERSION } from '../../../src/sources/arm/connection.js';
import { InstanceUnreadableError, LiveArmReader } from '../../../src/sources/arm/live-reader.js';
import { openEstate } from '../../../src/sources/estate-file.js';
import type { Estate } from '../../../src/sources/estate.js';
import { ArmSimulator } from '../../support/arm-simulator.js';
import { ADMIN_RULES_ROUTE } from '../../support/arm-simulator-network.js';
import { connectTo } from '../../support/arm-simulator-connection.js';
import { instanceReport, jsonReport, reportsById } from './reports.js';

const SUB = '3f2b8c1e-7d4a-4e9b-9c61-2a5d8e0f4b17';
const PARTNER = 'a71c5e92-0b3d-4f68-8e2a-6c94d1b7f305';
const APIM = (rg: string, name: string, sub = SUB) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ApiManagement/service/${name}`;
const EXT_WEU = APIM('rg-apim-prod', 'apim-contoso-ext-weu');
const INT_WEU = APIM('rg-apim-prod', 'apim-contoso-int-weu');
const GLOBAL = APIM('rg-apim-prod', 'apim-contoso-global');
const V2_INJ = APIM('rg-apim-v2', 'apim-contoso-v2-inj-weu');
const V2_INT = APIM('rg-apim-v2', 'apim-contoso-v2-int-weu');

let sim: ArmSimulator;
let file: Estate;
let fileViews: InstanceView[];

beforeAll(async () => {
  sim = await ArmSimulator.fromEstate('examples/estate');
  file = await openEstate('examples/estate');
  expect(file.errors).toEqual([]);
  fileViews = file.buildViews();
});
afterAll(async () => sim.stop());
afterEach(() => {
  sim.resetCounters();
  sim.faults.clear(99);
  sim.allowAll();
});

const reader = () => new LiveArmReader({ connection: connectTo(sim), scope: { subscriptions: [SUB, PARTNER] } });
const fileView = (id: string) => fileViews.find((v) => normalizeResourceId(v.instance.id) === normalizeResourceId(id))!;

/** The distinct dependencies of an instance (the VNet stands for its subnet: it brings it inline). */
function dependenciesOf(view: InstanceView): Set<string> {
  const ids = new Set<string>();
  for (const l of view.locations) {
    if (l.location.subnetId) ids.add(normalizeResourceId(parentResourceId(l.location.subnetId)!));
    for (const lookup of [l.networkSecurityGroup, l.routeTable, l.publicIp]) if (lookup) ids.add(normalizeResourceId(lookup.id));
  }
  return ids;
}

/** Replaces a resource in the simulator for one test. */
async function withChange<T>(id: string, change: (r: ArmResource | undefined) => ArmResource | undefined, run: () => Promise<T>): Promise<T> {
  const before = structuredClone(sim.store.get(id));
  sim.store.remove(id);
  const after = change(structuredClone(before));
  if (after) sim.store.put(after);
  try {
    return await run();
  } finally {
    sim.store.remove(id);
    if (before) sim.store.put(before);
  }
}

describe('live check = estate-file check', () => {
  test('a sweep of both subscriptions gives the same JSON report as the estate files', async () => {
    const live = await reader().sweep();
    expect(live.incomplete).toEqual([]);
    expect(jsonReport(live.views)).toBe(jsonReport(fileViews));
    expect(live.views).toHaveLength(9);
    // Five Resource Graph queries, one region list, no read by id (the lists held everything), and one
    // list of effective security admin rules per VNet an instance uses.
    const vnets = new Set(fileViews.flatMap((v) => v.locations.flatMap((l) => (l.location.subnetId ? [normalizeResourceId(parentResourceId(l.location.subnetId)!)] : []))));
    expect(sim.countsByRoute()).toEqual({ 'POST resourcegraph': 5, 'LIST locations': 1, [ADMIN_RULES_ROUTE]: vnets.size });
    expect(new Set(sim.log.filter((r) => r.route === ADMIN_RULES_ROUTE).map((r) => r.resourceId))).toEqual(vnets);
    // Without those reads: the figures of before.
    sim.resetCounters();
    const without = await new LiveArmReader({ connection: connectTo(sim), scope: { subscriptions: [SUB, PARTNER] }, adminRules: false }).sweep();
    expect(jsonReport(without.views)).toBe(jsonReport(fileViews));
    expect(sim.countsByRoute()).toEqual({ 'POST resourcegraph': 5, 'LIST locations': 1 });
  });

  test('reads API Management with an API version that knows PremiumV2, by id, by Resource Graph and by ARM lists', async () => {
    const injected = instanceReport((await reader().loadInstance(V2_INJ))!);
    expect(injected).toMatchObject({ sku: 'PremiumV2', networkMode: 'Internal', status: 'fail', findings: [{ ruleId: 'V2_NSG_OUT_KV_443' }] });
    sim.denyResourceGraph();
    const listed = reportsById((await reader().sweep()).views);
    expect(listed.get(V2_INJ.toLowerCase())).toEqual(injected);
    expect(listed.get(V2_INT.toLowerCase())).toMatchObject({ sku: 'StandardV2', status: 'pass', findings: [] });
    const apimRequests = sim.log.filter((r) => /\/providers\/microsoft\.apimanagement\//i.test(r.path));
    expect(apimRequests.length).toBeGreaterThan(2);
    expect(new Set(apimRequests.map((r) => r.apiVersion))).toEqual(new Set([APIM_READ_API_VERSION]));
  });

  test('each instance read alone gives the same report as in the estate files', async () => {
    for (const view of fileViews) {
      const live = await reader().loadInstance(view.instance.id);
      expect(live, view.instance.name).toBeDefined();
      expect(instanceReport(live!), view.instance.name).toEqual(instanceReport(view));
    }
  });

  test('a single-instance check reads each distinct resource exactly once', async () => {
    const expected = dependenciesOf(fileView(GLOBAL));
    expect(expected.size).toBe(5); // two VNets, two public IPs, one NSG (the North Europe subnet lost its)
    await reader().loadInstance(GLOBAL);
    const reads = sim.successfulReadsById();
    expect(new Set(reads.keys())).toEqual(new Set([...expected, normalizeResourceId(GLOBAL)]));
    for (const [id, n] of reads) expect(n, id).toBe(1);
    // Its subnet and public-IP neighbours: one Resource Graph query, no list of the subscription.
    expect(sim.requestsFor('POST resourcegraph')).toBe(1);
    expect(sim.requestsFor('LIST microsoft.apimanagement/service')).toBe(0);
    // and one list of effective security admin rules per VNet (two)
    expect(sim.requestsFor(ADMIN_RULES_ROUTE)).toBe(2);
    expect(sim.requestCount).toBe(1 + expected.size + 2 + 1);
  });

  test('instances evaluated together read a shared VNet once', async () => {
    const ids = [EXT_WEU, INT_WEU, GLOBAL];
    const distinct = new Set(ids.flatMap((id) => [...dependenciesOf(fileView(id))]));
    const { views, notes } = await reader().loadInstances(ids);
    expect(notes).toEqual([]);
    for (const id of ids) expect(instanceReport(views.get(normalizeResourceId(id))!)).toEqual(instanceReport(fileView(id)));
    for (const [id, n] of sim.successfulReadsById()) expect(n, id).toBe(1);
    // the instances by id, and each distinct dependency once
    expect(sim.successfulReadsById().size).toBe(ids.length + distinct.size);
    expect(distinct.size).toBeLessThan(ids.reduce((sum, id) => sum + dependenciesOf(fileView(id)).size, 0));
  });

  test('without neighbour discovery the instance is read by id and nothing is listed', async () => {
    const live = await new LiveArmReader({ connection: connectTo(sim), neighbours: false }).loadInstance(EXT_WEU);
    expect(instanceReport(live!)).toEqual(instanceReport(fileView(EXT_WEU)));
    expect(sim.readsOf(EXT_WEU)).toBe(1);
    expect(sim.requestsFor('LIST microsoft.apimanagement/service')).toBe(0);
  });
});

describe('404: deleted while referenced is a finding', () => {
  const nsgOf = (id: string) => {
    const l = fileView(id).locations[0]!.networkSecurityGroup!;
    return l.id;
  };

  test('a deleted NSG gives NSG_EXISTS, in a single-instance check and in a sweep', async () => {
    const nsg = nsgOf(EXT_WEU);
    await withChange(nsg, () => undefined, async () => {
      const one = instanceReport((await reader().loadInstance(EXT_WEU))!);
      expect(one.findings.map((f) => f.ruleId)).toContain('NSG_EXISTS');
      expect(one.status).toBe('fail');
      const swept = reportsById((await reader().sweep()).views);
      expect(swept.get(EXT_WEU.toLowerCase())!.findings.map((f) => f.ruleId)).toContain('NSG_EXISTS');
      // The sweep did not find it in Resource Graph, asked ARM once, and got 404.
      expect(sim.readsOf(nsg)).toBe(2);
    });
  });

  test('a deleted subnet gives SUBNET_EXISTS, a deleted public IP PIP_EXISTS', async () => {
    const location = fileView(EXT_WEU).locations[0]!;
    const subnetId = location.location.subnetId!;
    const pipId = location.location.publicIpAddressId!;
    await withChange(subnetId, () => undefined, async () => {
      await withChange(pipId, () => undefined, async () => {
        const rules = instanceReport((await reader().loadInstance(EXT_WEU))!).findings.map((f) => f.ruleId);
        expect(rules).toContain('SUBNET_EXISTS');
        expect(rules).toContain('PIP_EXISTS');
      });
    });
  });

  test('an instance that does not exist is undefined', async () => {
    expect(await reader().loadInstance(APIM('rg-apim-prod', 'apim-gone'))).toBeUndefined();
  });
});

describe('403: the instance is unknown and nothing else is lost', () => {
  test('a public IP that answers 403 makes its instance unknown with RESOURCE_UNREADABLE', async () => {
    const pip = fileView(INT_WEU).locations[0]!.location.publicIpAddressId!;
    sim.deny(pip);
    const live = await reader().sweep();
    const before = reportsById(fileViews);
    const after = reportsById(live.views);
    const hit = after.get(INT_WEU.toLowerCase())!;
    expect(hit.status).toBe('fail'); // it already failed on its NSG: unknown never hides a real break
    expect(hit.findings.map((f) => f.ruleId)).toContain('RESOURCE_UNREADABLE');
    for (const [id, report] of before) if (id !== INT_WEU.toLowerCase()) expect(after.get(id), id).toEqual(report);
  });

  test('an otherwise healthy instance with an unreadable NSG is unknown, never pass', async () => {
    const nsg = fileView(EXT_WEU).locations[0]!.networkSecurityGroup!.id;
    expect(instanceReport(fileView(EXT_WEU)).status).toBe('pass');
    sim.deny(nsg);
    const one = instanceReport((await reader().loadInstance(EXT_WEU))!);
    expect(one.status).toBe('unknown');
    expect(one.findings.map((f) => f.ruleId)).toEqual(['RESOURCE_UNREADABLE']);
    const swept = reportsById((await reader().sweep()).views);
    expect(swept.get(EXT_WEU.toLowerCase())!.status).toBe('unknown');
    const others = [...reportsById(fileViews)].filter(([id]) => id !== EXT_WEU.toLowerCase());
    // Instances that share nothing with it keep their reports.
    for (const [id, report] of others) {
      const shares = [...dependenciesOf(fileView(id))].includes(normalizeResourceId(nsg));
      if (!shares) expect(swept.get(id), id).toEqual(report);
    }
  });

  test('an instance that answers 403 cannot be checked, and says so', async () => {
    sim.deny(EXT_WEU);
    const err = await new LiveArmReader({ connection: connectTo(sim), neighbours: false }).loadInstance(EXT_WEU).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InstanceUnreadableError);
    expect((err as Error).message).toMatch(/403 AuthorizationFailed/);
  });
});

describe('notes belong to the read that made them', () => {
  const PARTNER_APIM = APIM('rg-fabrikam-partner', 'apim-fabrikam-partner', PARTNER);
  const listOf = (sub: string) => `/subscriptions/${sub}/providers/Microsoft.ApiManagement/service`;

  test('two concurrent reads on one reader each get their own notes, and a later read none', async () => {
    // Neighbours come from Resource Graph, or from the list where Graph is denied.
    sim.denyResourceGraph();
    sim.deny(listOf(SUB));
    sim.deny(listOf(PARTNER));
    const shared = reader();
    const [ours, theirs] = await Promise.all([shared.readInstance(EXT_WEU), shared.readInstance(PARTNER_APIM)]);
    expect(ours.view?.instance.name).toBe('apim-contoso-ext-weu');
    expect(theirs.view?.instance.name).toBe('apim-fabrikam-partner');
    expect(ours.notes).toEqual([expect.stringMatching(new RegExp(`^the API Management instances of subscription ${SUB} could not be listed \\(403`))]);
    expect(theirs.notes).toEqual([expect.stringMatching(new RegExp(`^the API Management instances of subscription ${PARTNER} could not be listed \\(403`))]);
    sim.allowAll();
    expect((await shared.readInstance(EXT_WEU)).notes).toEqual([]);
  });

  test('loadInstances returns the notes of its own read beside the views', async () => {
    sim.denyResourceGraph(PARTNER);
    sim.deny(listOf(PARTNER));
    const { views, notes } = await reader().loadInstances([EXT_WEU, PARTNER_APIM]);
    expect(views.get(normalizeResourceId(PARTNER_APIM))?.instance.name).toBe('apim-fabrikam-partner');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain(`subscription ${PARTNER} could not be listed`);
  });
});

describe('throttling and unavailability', () => {
  test('with 30% of requests answered 429 or 503 (seeded), the reports are identical', async () => {
    sim.injectFault({ kind: 'throttle-no-retry-after', probability: 0.15 });
    sim.injectFault({ kind: 'unavailable', probability: 0.18 });
    const live = await reader().sweep();
    expect(jsonReport(live.views)).toBe(jsonReport(fileViews));
    for (const view of fileViews) {
      const one = await reader().loadInstance(view.instance.id);
      expect(instanceReport(one!)).toEqual(instanceReport(view));
    }
    const share = sim.faultCount() / sim.requestCount;
    expect(sim.faultCount()).toBeGreaterThan(5);
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.5);
  });
});
