/** The Service Tags discovery API through the live adapter, against the ARM simulator: cached, refreshed by changeNumber. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveServiceTags } from '../../../src/sources/arm/service-tags.js';
import { buildView } from '../../support/view-builder.js';
import { ArmSimulator, SERVICE_TAGS_ROUTE } from '../../support/arm-simulator.js';
import { connectTo } from '../../support/arm-simulator-connection.js';

const TAGS = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/service-tags/ServiceTags_Public.json'), 'utf8')) as { changeNumber: string };
let sim: ArmSimulator;
beforeAll(async () => {
  sim = await ArmSimulator.start([]);
});
afterAll(async () => sim.stop());

describe('LiveServiceTags', () => {
  it('reads once per refresh period, keeps the parsed data while the changeNumber stays, replaces it when it moves', async () => {
    sim.serviceTags = TAGS;
    let now = 0;
    const source = new LiveServiceTags(connectTo(sim), { refreshSeconds: 60, now: () => now });
    const view = buildView();
    const warnings: string[] = [];
    const first = await source.forView(view, (l) => warnings.push(l));
    expect(first?.serviceTags?.changeNumber).toBe('63');
    expect(first?.serviceTags?.tags.get('apimanagement.westeurope')?.prefixes).toHaveLength(3);
    now = 30_000;
    expect((await source.forView(view, (l) => warnings.push(l)))?.serviceTags).toBe(first?.serviceTags);
    expect(sim.requestsFor(SERVICE_TAGS_ROUTE)).toBe(1);
    now = 61_000; // refreshed, same changeNumber: the same object
    expect((await source.forView(view, (l) => warnings.push(l)))?.serviceTags).toBe(first?.serviceTags);
    sim.serviceTags = { ...TAGS, changeNumber: '64' };
    now = 122_000;
    expect((await source.forView(view, (l) => warnings.push(l)))?.serviceTags?.changeNumber).toBe('64');
    expect([sim.requestsFor(SERVICE_TAGS_ROUTE), source.reads, source.changes]).toEqual([3, 3, 2]);
    expect(sim.log.find((r) => r.route === SERVICE_TAGS_ROUTE)!.path).toContain('/locations/westeurope/serviceTags');
    expect(warnings).toEqual([]);
  });

  it('a failed read keeps the last data, or gives none, with a warning', async () => {
    sim.serviceTags = undefined;
    const source = new LiveServiceTags(connectTo(sim), { refreshSeconds: 60, now: () => 0 });
    const warnings: string[] = [];
    expect(await source.forView(buildView(), (l) => warnings.push(l))).toBeUndefined();
    expect(warnings[0]).toMatch(/service-tag ranges could not be read \(404 .*\): tags are judged by containment only/);
  });
});

describe('LiveServiceTags after a failure', () => {
  it('does not ask again on every evaluation, but a few minutes later', async () => {
    sim.serviceTags = undefined;
    sim.resetCounters();
    let now = 0;
    const source = new LiveServiceTags(connectTo(sim), { refreshSeconds: 3600, now: () => now });
    await source.forView(buildView(), () => {});
    now = 60_000;
    await source.forView(buildView(), () => {});
    expect(sim.requestsFor(SERVICE_TAGS_ROUTE)).toBe(1);
    sim.serviceTags = TAGS;
    now = 301_000;
    expect((await source.forView(buildView(), () => {}))?.serviceTags?.changeNumber).toBe('63');
    expect(sim.requestsFor(SERVICE_TAGS_ROUTE)).toBe(2);
  });
});

describe('LiveServiceTags with a paged answer', () => {
  it('follows every nextLink and judges by the ranges of all pages', async () => {
    sim.serviceTags = TAGS;
    sim.serviceTagsPageSize = undefined;
    const whole = (await new LiveServiceTags(connectTo(sim), { now: () => 0 }).forView(buildView(), () => {}))!.serviceTags!;
    const values = (TAGS as unknown as { values: unknown[] }).values.length;
    expect(values).toBeGreaterThan(2);
    sim.serviceTagsPageSize = 2;
    sim.resetCounters();
    const warnings: string[] = [];
    const paged = (await new LiveServiceTags(connectTo(sim), { now: () => 0 }).forView(buildView(), (l) => warnings.push(l)))!.serviceTags!;
    expect(sim.requestsFor(SERVICE_TAGS_ROUTE)).toBe(Math.ceil(values / 2));
    expect([...paged.tags.keys()]).toEqual([...whole.tags.keys()]);
    expect(paged.tags.get('apimanagement.westeurope')?.prefixes).toEqual(whole.tags.get('apimanagement.westeurope')?.prefixes);
    expect(paged.changeNumber).toBe('63');
    expect(warnings).toEqual([]);
  });

  it('a page that fails makes the whole read fail: no ranges from part of the pages', async () => {
    sim.serviceTags = TAGS;
    sim.serviceTagsPageSize = 2;
    sim.faults.add({ kind: 'forbidden', route: SERVICE_TAGS_ROUTE, after: 1 });
    const warnings: string[] = [];
    expect(await new LiveServiceTags(connectTo(sim), { now: () => 0 }).forView(buildView(), (l) => warnings.push(l))).toBeUndefined();
    expect(warnings.join('\n')).toMatch(/service-tag ranges could not be read \(403.*\): tags are judged by containment only/);
    sim.faults.clear(0);
  });

  it('never follows a nextLink off the ARM host (the bearer token would go with it)', async () => {
    sim.serviceTagsPageSize = undefined;
    sim.serviceTags = { ...TAGS, nextLink: 'https://tags.example.net/next?page=2' };
    const warnings: string[] = [];
    expect(await new LiveServiceTags(connectTo(sim), { now: () => 0 }).forView(buildView(), (l) => warnings.push(l))).toBeUndefined();
    expect(warnings.join('\n')).toMatch(/nextLink outside ARM \(https:\/\/tags\.example\.net\)/);
    sim.serviceTags = TAGS;
  });
});
