/**
 * Every single-fault crash point of the three flows, through a storage fault proxy in front of
 * Azurite: each write of the event, evaluation and delivery flows has its reply lost, is refused,
 * is answered 503, starts an outage that lasts to the end of the invocation, or is delayed. For
 * each, the break is detected without the sweep, one transition is stored, and one alert per
 * channel is sent, naming the caller.
 */
import { describe, expect, inject, it } from 'vitest';
import type { StorageFault } from '../support/storage-fault-proxy.js';
import { CALLER, runScenario, type Flow, type ScenarioResult } from './scenario.js';

/** The writes of each flow, in order: the crash points. The census below keeps this list true. */
export const CRASH_POINTS: Record<Flow, { name: string; write: RegExp }[]> = {
  events: [
    { name: 'open the window (the change and the marker, one transaction)', write: /^POST \/devstoreaccount1\/\$batch$/ },
    { name: 'send the evaluation message', write: /^POST \/devstoreaccount1\/evaluations-[^/]+\/messages$/ },
    { name: 'mark the event processed', write: /^PUT \/devstoreaccount1\/\w+events\(.*RowKey='evt-break'\)$/ },
  ],
  evaluation: [
    { name: 'begin the window', write: /^PUT .*instances\(.*RowKey='window'\)$/ },
    { name: 'save the evaluation and its transition (one transaction)', write: /^POST \/devstoreaccount1\/\$batch$/ },
    { name: 'enqueue the first alert row', write: /^POST \/devstoreaccount1\/outbox\w+$/ },
    { name: 'enqueue the second alert row', write: /^POST \/devstoreaccount1\/outbox\w+$/ },
    { name: 'store the alert state', write: /^PATCH .*instances\(.*RowKey='state'\)$/ },
    { name: 'close the window', write: /^DELETE .*instances\(.*RowKey='window'\)$/ },
  ],
  delivery: [
    { name: 'claim the first row', write: /^PATCH \/devstoreaccount1\/outbox\w+\(/ },
    { name: 'record the first send', write: /^PATCH \/devstoreaccount1\/outbox\w+\(/ },
    { name: 'claim the second row', write: /^PATCH \/devstoreaccount1\/outbox\w+\(/ },
    { name: 'record the second send', write: /^PATCH \/devstoreaccount1\/outbox\w+\(/ },
  ],
};

const FAULTS: StorageFault[] = ['lost-reply', 'refuse', '503', 'outage', 'delay'];

function expectKeptPromise(r: ScenarioResult): void {
  expect(r.state?.status, 'the break is detected without the sweep').toBe('fail');
  expect(r.transitions, 'one transition').toHaveLength(1);
  expect(r.transitions[0]).toMatchObject({ from: { status: 'pass' }, to: { status: 'fail' } });
  expect(r.transitions[0]!.changes.map((c) => c.caller.upn)).toContain(CALLER);
  expect(r.cards, 'one Teams card').toHaveLength(1);
  expect(r.cards[0]).toContain(CALLER);
  expect(r.mails, 'one e-mail').toHaveLength(1);
  expect(r.mails[0]).toContain(CALLER);
  expect(r.undelivered, 'nothing left in the outbox').toBe(0);
}

describe('the census of writes', () => {
  for (const flow of Object.keys(CRASH_POINTS) as Flow[]) {
    it(`the ${flow} flow makes the writes listed as its crash points, and keeps the promise without faults`, async () => {
      const r = await runScenario(inject('storageConnectionString'), { flow });
      expectKeptPromise(r);
      expect(r.writes.map((w) => `${w.method} ${w.path}`)).toEqual(CRASH_POINTS[flow].map((p) => expect.stringMatching(p.write)));
    });
  }
});

describe.concurrent('one storage fault at each crash point', () => {
  for (const flow of Object.keys(CRASH_POINTS) as Flow[]) {
    CRASH_POINTS[flow].forEach((point, i) => {
      for (const kind of FAULTS) {
        it(`${flow} flow, write ${i + 1} (${point.name}): ${kind}`, async () => {
          const r = await runScenario(inject('storageConnectionString'), { flow, storage: { at: i + 1, kind } });
          expect(r.writes.find((w) => w.n === i + 1)?.fault, 'the fault was applied where meant').toBe(kind);
          expectKeptPromise(r);
        });
      }
    });
  }
});

describe.concurrent('one storage fault at each crash point of an event pushed by Event Grid', () => {
  CRASH_POINTS.events.forEach((point, i) => {
    for (const kind of FAULTS.filter((f) => f !== 'delay')) {
      it(`write ${i + 1} (${point.name}): ${kind}, then Event Grid's redelivery`, async () => {
        const r = await runScenario(inject('storageConnectionString'), { flow: 'events', storage: { at: i + 1, kind }, push: true });
        expect(r.writes.find((w) => w.n === i + 1)?.fault).toBe(kind);
        expectKeptPromise(r);
      });
    }
  });
});

describe.concurrent('ARM outages', () => {
  it('every ARM request of the first evaluation attempt answers 503: the retry evaluates', async () => {
    const r = await runScenario(inject('storageConnectionString'), { arm: [{ kind: 'unavailable' }] });
    expectKeptPromise(r);
  });
  it('every ARM connection of the first evaluation attempt is reset: the retry evaluates', async () => {
    const r = await runScenario(inject('storageConnectionString'), { arm: [{ kind: 'reset' }] });
    expectKeptPromise(r);
  });
  it('ARM answers 503 to every attempt until the message is poisoned; once it recovers, the next event evaluates at once', async () => {
    const r = await runScenario(inject('storageConnectionString'), { arm: [{ kind: 'unavailable' }], armUntilPoison: true });
    expectKeptPromise(r);
  });
});
