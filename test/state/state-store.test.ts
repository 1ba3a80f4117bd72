/**
 * The state store's contract, run on the Table storage adapter (Azurite) and on the in-memory one,
 * so that the benchmark's store behaves as the deployed one does.
 */
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { compareEntries, dependenciesOf, type DependencyEntry } from '../../src/index/dependencies.js';
import { MemoryStateStore } from '../../src/state/memory-state-store.js';
import { tableStateStore } from '../../src/state/table-state-store.js';
import type { StateStore } from '../../src/watcher/ports.js';
import { NO_FAILURES } from '../../src/watcher/fingerprint.js';
import { buildView, ids } from '../support/view-builder.js';
import { apimId, at, change, finding, freshTables, nsgId, report, result } from '../watcher/fixtures.js';

const A = apimId('apim-a');

const STORES: Array<[string, () => Promise<StateStore>]> = [
  ['Table storage (Azurite)', async () => tableStateStore((await freshTables(inject('storageConnectionString'))).tables)],
  ['memory', async () => new MemoryStateStore()],
];

describe.each(STORES)('state store on %s', (_name, make) => {
  let store: StateStore;
  beforeEach(async () => {
    store = await make();
  });

  describe('last evaluation and transitions', () => {
    it('stores the first evaluation with a transition from nothing, and reads it back', async () => {
      const saved = await store.saveEvaluation(result(report(A, 'pass'), at(0)));
      expect(saved.kind).toBe('saved');
      if (saved.kind !== 'saved') return;
      expect(saved.previous).toBeUndefined();
      expect(saved.transition).toMatchObject({ to: { status: 'pass', fingerprint: NO_FAILURES }, added: [], removed: [] });
      expect(saved.transition?.from).toBeUndefined();
      const state = await store.getInstance(A.toUpperCase());
      expect(state).toMatchObject({ instanceId: A, status: 'pass', evaluatedAt: at(0), trigger: 'event' });
      expect((await store.listInstances()).map((s) => s.instanceId)).toEqual([A]);
    });

    it('stores no transition when status and failing set are unchanged', async () => {
      await store.saveEvaluation(result(report(A, 'fail', [finding('NSG_INBOUND_3443')]), at(0)));
      const again = await store.saveEvaluation(result(report(A, 'fail', [{ ...finding('NSG_INBOUND_3443'), evidence: { other: 1 } }]), at(10)));
      expect(again.kind === 'saved' && again.transition).toBe(undefined);
      const state = await store.getInstance(A);
      expect(state?.evaluatedAt).toBe(at(10));
      expect(state?.changedAt).toBe(at(0));
      expect(await store.listTransitions(A)).toHaveLength(1);
    });

    it('records a transition on a status change and on a change of the failing set, newest first', async () => {
      await store.saveEvaluation(result(report(A, 'pass'), at(0)));
      await store.saveEvaluation(result(report(A, 'fail', [finding('RULE_1')]), at(10), [change('e1', nsgId('nsg-a'), at(5))]));
      await store.saveEvaluation(result(report(A, 'fail', [finding('RULE_1'), finding('RULE_2')]), at(20)));
      const transitions = await store.listTransitions(A);
      expect(transitions.map((t) => [t.from?.status, t.to.status])).toEqual([
        ['fail', 'fail'],
        ['pass', 'fail'],
        [undefined, 'pass'],
      ]);
      expect(transitions[0]!.added).toEqual([`RULE_2|westeurope|${nsgId('nsg-a').toLowerCase()}`]);
      expect(transitions[1]!.changes[0]).toMatchObject({ eventId: 'e1', caller: { upn: 'alice@contoso.com' } });
    });

    it('keeps unknownSince through a stretch of unknown and clears it afterwards', async () => {
      await store.saveEvaluation(result(report(A, 'unknown', [finding('RESOURCE_UNREADABLE', 'info')]), at(0)));
      await store.saveEvaluation(result(report(A, 'unknown', [finding('RESOURCE_UNREADABLE', 'info')]), at(60)));
      expect((await store.getInstance(A))?.unknownSince).toBe(at(0));
      await store.saveEvaluation(result(report(A, 'pass'), at(120)));
      expect((await store.getInstance(A))?.unknownSince).toBeUndefined();
    });

    it('never lets a result read from an older view overwrite a newer one', async () => {
      await store.saveEvaluation(result(report(A, 'pass'), at(100)));
      const stale = await store.saveEvaluation(result(report(A, 'fail', [finding('RULE_1')]), at(50)));
      expect(stale.kind).toBe('superseded');
      expect((await store.getInstance(A))?.status).toBe('pass');
    });

    it('concurrent evaluations of one instance store exactly one transition (ETags)', async () => {
      await store.saveEvaluation(result(report(A, 'pass'), at(0)));
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, (_, i) => store.saveEvaluation(result(report(A, 'fail', [finding('RULE_1')]), at(10 + i)))),
      );
      expect(outcomes.filter((o) => o.kind === 'saved' && o.transition).length).toBe(1);
      expect(await store.listTransitions(A)).toHaveLength(2);
      // The newest view wins, whatever order the writes landed in.
      expect((await store.getInstance(A))?.observedAt).toBe(at(21));
    });

    it('stores reports larger than one Table property (64 KiB)', async () => {
      const many = Array.from({ length: 400 }, (_, i) => ({ ...finding(`RULE_${i}`), message: 'x'.repeat(300) }));
      await store.saveEvaluation(result(report(A, 'fail', many), at(0)));
      const state = await store.getInstance(A);
      expect(state?.findings).toHaveLength(400);
      expect(state?.findings[399]?.ruleId).toBe('RULE_399');
    });

    it('keeps the alert policy state with the instance, and across later evaluations', async () => {
      await store.saveEvaluation(result(report(A, 'fail', [finding('RULE_1')]), at(0)));
      const alertState = { status: 'fail' as const, evaluatedAt: at(0), sequence: 1, open: {} };
      await store.recordAlertState(A, alertState);
      await store.saveEvaluation(result(report(A, 'fail', [finding('RULE_1')]), at(10)));
      expect((await store.getInstance(A))?.alertState).toEqual(alertState);
    });

    it('forgets a removed instance but keeps its transitions', async () => {
      await store.saveEvaluation(result(report(A, 'pass'), at(0)));
      await store.recordChange(A, change('e1', nsgId('nsg-a'), at(1)));
      await store.removeInstance(A);
      expect(await store.getInstance(A)).toBeUndefined();
      expect(await store.recentChanges(A, at(-100))).toEqual([]);
      expect(await store.listTransitions(A)).toHaveLength(1);
    });
  });

  describe('changes (attribution)', () => {
    it('keeps one row per event and resource, returns those after a time, and deletes expired ones', async () => {
      const c1 = change('e1', nsgId('nsg-a'), at(1));
      await store.recordChange(A, c1);
      await store.recordChange(A, c1); // redelivered
      await store.recordChange(A, change('e/2#?', nsgId('nsg-b'), '2026-01-01T12:00:05.1234567Z', 'bob@contoso.com'));
      expect(await store.recentChanges(A, at(-100))).toHaveLength(2);
      const recent = await store.recentChanges(A, at(3));
      expect(recent.map((c) => c.eventId)).toEqual(['e/2#?']);
      expect(recent[0]?.caller).toEqual({ upn: 'bob@contoso.com' });
      // The expired one is gone for good.
      expect((await store.recentChanges(A, at(-100))).map((c) => c.eventId)).toEqual(['e/2#?']);
    });

    it('a window opens only with the change that opened it recorded', async () => {
      await store.openWindow({ instanceId: A, now: at(0), dueAt: at(20), staleAt: at(600), change: change('e1', nsgId('nsg-a'), at(-1)) });
      await store.openWindow({ instanceId: A, now: at(1), dueAt: at(21), staleAt: at(601), change: change('e2', nsgId('nsg-a'), at(0)) });
      expect((await store.recentChanges(A, at(-100))).map((c) => c.eventId)).toEqual(['e1', 'e2']);
    });
  });

  describe('processed events', () => {
    it('remembers event ids of any shape and forgets old ones', async () => {
      expect(await store.isEventProcessed('a/b#c?d')).toBe(false);
      await store.markEventProcessed('a/b#c?d', at(0));
      await store.markEventProcessed('other', at(100));
      expect(await store.isEventProcessed('a/b#c?d')).toBe(true);
      expect(await store.pruneProcessedEvents(at(50))).toBe(1);
      expect(await store.isEventProcessed('a/b#c?d')).toBe(false);
      expect(await store.isEventProcessed('other')).toBe(true);
    });
  });

  describe('debounce windows', () => {
    const request = (now: number) => ({ instanceId: A, now: at(now), dueAt: at(now + 20), staleAt: at(now + 600), change: change(`event-${now}`, nsgId('nsg-a'), at(now - 1)) });

    it('opens one window, coalesces while pending, asks one follow-up while running, reopens at the end', async () => {
      const opened = await store.openWindow(request(0));
      expect(opened.kind).toBe('opened');
      if (opened.kind !== 'opened') return;
      expect(await store.openWindow(request(1))).toEqual({ kind: 'coalesced', windowId: opened.windowId, dueAt: at(20), openedBy: 'event-0', firstEventTime: at(-1) });
      expect(await store.beginWindow(A, opened.windowId, at(620), false)).toEqual({ kind: 'run', firstEventTime: at(-1) });
      expect((await store.openWindow(request(21))).kind).toBe('follow-up');
      expect((await store.openWindow(request(22))).kind).toBe('follow-up');
      const ended = await store.endWindow(A, opened.windowId, at(45), at(645));
      expect(ended).toMatchObject({ kind: 'reopened', dueAt: at(45), firstEventTime: at(20) });
      if (ended.kind !== 'reopened') return;
      expect(ended.windowId).not.toBe(opened.windowId);
      // The old window's message, redelivered, is skipped; the new one runs and closes.
      expect((await store.beginWindow(A, opened.windowId, at(646), false)).kind).toBe('skip');
      expect((await store.beginWindow(A, ended.windowId, at(646), false)).kind).toBe('run');
      expect(await store.endWindow(A, ended.windowId, at(70), at(700))).toEqual({ kind: 'closed' });
      expect((await store.beginWindow(A, ended.windowId, at(700), false)).kind).toBe('skip');
      expect((await store.openWindow(request(80))).kind).toBe('opened');
    });

    it('a retried evaluation (failure after begin) runs again in its window; a duplicate message does not', async () => {
      const opened = await store.openWindow(request(0));
      if (opened.kind !== 'opened') throw new Error('expected a window');
      await store.beginWindow(A, opened.windowId, at(620), false);
      expect((await store.beginWindow(A, opened.windowId, at(621), false)).kind).toBe('skip');
      expect((await store.beginWindow(A, opened.windowId, at(650), true)).kind).toBe('run');
    });

    it('takes over a marker that went stale (its message was lost)', async () => {
      const first = await store.openWindow(request(0));
      const later = await store.openWindow(request(700));
      expect(later.kind).toBe('opened');
      expect(later.windowId).not.toBe(first.windowId);
    });

    it('of many concurrent events for one instance, exactly one opens the window', async () => {
      const outcomes = await Promise.all(Array.from({ length: 25 }, () => store.openWindow(request(0))));
      expect(outcomes.filter((o) => o.kind === 'opened')).toHaveLength(1);
      expect(new Set(outcomes.map((o) => o.windowId)).size).toBe(1);
    });
  });

  describe('dependency index', () => {
    it('answers which instance locations depend on a resource, for child ids and mixed case', async () => {
      const view = buildView();
      await store.replaceDependencies(view.instance.id, dependenciesOf(view));
      const rule = `${ids.nsg('nsg-apim-weu')}/securityRules/AllowApimManagement`;
      expect(await store.dependentsOf(rule.toUpperCase())).toEqual([{ instanceId: view.instance.id, region: 'westeurope' }]);
      expect(await store.dependentsOf(ids.subnet('vnet-weu'))).toHaveLength(1);
      expect(await store.dependentsOf(ids.nsg('unrelated'))).toEqual([]);
      expect(await store.dependentsOf('not an id')).toEqual([]);
      expect(await store.indexedInstances()).toEqual([view.instance.id]);
    });

    it('moves an instance to another NSG: the old one no longer leads to it', async () => {
      const before = buildView();
      await store.replaceDependencies(before.instance.id, dependenciesOf(before));
      const after = buildView({ locations: [{ subnet: { networkSecurityGroupId: ids.nsg('nsg-new') }, networkSecurityGroup: { id: ids.nsg('nsg-new') } }] });
      await store.replaceDependencies(after.instance.id, dependenciesOf(after));
      expect(await store.dependentsOf(ids.nsg('nsg-apim-weu'))).toEqual([]);
      expect(await store.dependentsOf(ids.nsg('nsg-new'))).toHaveLength(1);
      // An instance's own edges (what its next read fetches in one round) follow the move too.
      const sorted = (entries: DependencyEntry[]) => [...entries].sort(compareEntries);
      expect(sorted(await store.dependenciesOf(after.instance.id.toUpperCase()))).toEqual(sorted(dependenciesOf(after)));
      await store.removeDependencies(after.instance.id);
      expect(await store.dependenciesOf(after.instance.id)).toEqual([]);
      expect(await store.dependentsOf(ids.nsg('nsg-new'))).toEqual([]);
      expect(await store.indexedInstances()).toEqual([]);
    });
  });
});
