/**
 * Every conditional write of the state adapters, with its first reply lost (the storage SDK sends
 * it again and meets its own row): the adapter answers what its own write did, never what it would
 * answer had another worker written.
 */
import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { stateTableNames, ensureStateTables, tableStateStore } from '../../src/state/table-state-store.js';
import type { StateStore, WindowRequest } from '../../src/watcher/ports.js';
import { faultyStorage, StorageFaultPlan } from '../support/storage-fault-proxy.js';
import { apimId, at, change, finding, nsgId, report, result } from '../watcher/fixtures.js';

const plan = new StorageFaultPlan();
let proxied: Awaited<ReturnType<typeof faultyStorage>>;
let prefixCounter = 0;

async function store(): Promise<StateStore> {
  const names = stateTableNames(`own${Date.now().toString(36)}${prefixCounter++}`);
  const open = (name: string) =>
    TableClient.fromConnectionString(proxied.connectionString, name, { allowInsecureConnection: true, retryOptions: { maxRetries: 2, retryDelayInMs: 10, maxRetryDelayInMs: 40 } });
  const tables = { instances: open(names.instances), index: open(names.index), events: open(names.events) };
  await ensureStateTables(tables);
  return tableStateStore(tables);
}

/** The next write made through the store has its reply lost. */
function loseNextReply(): void {
  plan.arm({ at: 1, kind: 'lost-reply' });
}

const ID = apimId('apim-own');
const request = (eventId: string, seconds: number): WindowRequest => ({
  instanceId: ID,
  now: at(seconds),
  dueAt: at(seconds + 20),
  staleAt: at(seconds + 320),
  change: change(eventId, nsgId('nsg-a'), at(seconds)),
});

beforeAll(async () => {
  proxied = await faultyStorage(inject('storageConnectionString'), plan);
});
afterAll(async () => {
  await proxied.close();
});

describe('a write applied whose reply was lost is recognised as ours', () => {
  it('opening a window: opened, not coalesced (so its evaluation is sent)', async () => {
    const s = await store();
    loseNextReply();
    expect(await s.openWindow(request('e1', 0))).toMatchObject({ kind: 'opened' });
    expect(plan.seen[0]?.fault).toBe('lost-reply');
    plan.disarm();
  });

  it('beginning a window: run, not skipped as a duplicate', async () => {
    const s = await store();
    const opened = await s.openWindow(request('e1', 0));
    loseNextReply();
    expect(await s.beginWindow(ID, opened.windowId, at(900), false)).toMatchObject({ kind: 'run' });
    plan.disarm();
  });

  it('closing a window with a follow-up: reopened, not closed (so the follow-up is sent)', async () => {
    const s = await store();
    const opened = await s.openWindow(request('e1', 0));
    await s.beginWindow(ID, opened.windowId, at(900), false);
    expect(await s.openWindow(request('e2', 5))).toMatchObject({ kind: 'follow-up' });
    loseNextReply();
    expect(await s.endWindow(ID, opened.windowId, at(40), at(340))).toMatchObject({ kind: 'reopened' });
    plan.disarm();
  });

  it('releasing a window: the retry of its message runs it', async () => {
    const s = await store();
    const opened = await s.openWindow(request('e1', 0));
    await s.beginWindow(ID, opened.windowId, at(900), false);
    loseNextReply();
    await s.releaseWindow(ID, opened.windowId, at(30), at(50), at(350));
    plan.disarm();
    expect(await s.beginWindow(ID, opened.windowId, at(900), false)).toMatchObject({ kind: 'run' });
  });

  it('saving an evaluation: the transition it stored, with its attribution', async () => {
    const s = await store();
    await s.saveEvaluation(result(report(ID, 'pass'), at(0)));
    loseNextReply();
    const saved = await s.saveEvaluation(result(report(ID, 'fail', [finding('NSG_IN_MGMT_3443')]), at(60), [change('e1', nsgId('nsg-a'), at(30))]));
    plan.disarm();
    expect(saved).toMatchObject({ kind: 'saved', previous: { status: 'pass' }, transition: { from: { status: 'pass' }, to: { status: 'fail' } } });
    expect(saved.kind === 'saved' && saved.transition?.changes.map((c) => c.eventId)).toEqual(['e1']);
    expect(await s.listTransitions(ID)).toHaveLength(2);
  });
});
