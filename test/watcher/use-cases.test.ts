/**
 * The watcher's use cases on their ports: the in-memory state store (held to the same contract as
 * the Table one), the estate reader over ARM JSON, a recording queue and a clock under control.
 */
import { describe, expect, it } from 'vitest';
import type { ArmResource } from '../../src/arm/arm-resource.js';
import { parseResourceId } from '../../src/arm/resource-id.js';
import type { OpenAlert } from '../../src/alerts/types.js';
import { parseEvents } from '../../src/events/parse-events.js';
import { RULES } from '../../src/rules/catalogue.js';
import { Estate } from '../../src/sources/estate.js';
import { MemoryStateStore } from '../../src/state/memory-state-store.js';
import { DEFAULT_TIMING, type WatcherDeps } from '../../src/watcher/deps.js';
import { evaluateLive, runEvaluationRequest } from '../../src/watcher/evaluate-instance.js';
import { inScope } from '../../src/watcher/instances.js';
import { handleEvents } from '../../src/watcher/on-events.js';
import type { AlertSink, EvaluationNotice, EvaluationRequest, EstateReader, Log, RemovalNotice } from '../../src/watcher/ports.js';
import { runSweep } from '../../src/watcher/sweep.js';
import { syntheticEstate } from '../support/synthetic-estate.js';
import { recordingTelemetry, resourceEvent } from './fixtures.js';

const RULE_WRITE = 'Microsoft.Network/networkSecurityGroups/securityRules/write';
const quiet: Log = { info() {}, warn() {}, error() {} };

function harness(options: { instances?: number; perNsg?: number } = {}) {
  let resources: ArmResource[] = syntheticEstate({ instances: options.instances ?? 4, subscriptions: 1, nsgRules: 9, routes: 0, instancesPerNsg: options.perNsg ?? 4 });
  const instances = resources.filter((r) => r.type === 'Microsoft.ApiManagement/service').map((r) => r.id);
  const nsgs = resources.filter((r) => r.type === 'Microsoft.Network/networkSecurityGroups').map((r) => r.id);
  const sub = parseResourceId(instances[0]!).subscriptionId;
  let now = Date.UTC(2026, 0, 1, 12);
  const sent: Array<{ request: EvaluationRequest; delay: number }> = [];
  const hooks: { duringLoad?: () => Promise<void> } = {};
  let sweepIncomplete: string[] = [];
  const reader: EstateReader = {
    async loadInstance(id) {
      await hooks.duringLoad?.();
      return Estate.fromResources(resources).buildView(id);
    },
    async sweep() {
      const estate = Estate.fromResources(resources);
      return { views: estate.buildViews(), resources: estate.resources, incomplete: sweepIncomplete };
    },
  };
  const store = new MemoryStateStore();
  const telemetry = recordingTelemetry();
  const deps: WatcherDeps = {
    store,
    queue: { scheduleEvaluation: async (request, delay) => void sent.push({ request, delay }) },
    reader,
    rules: RULES,
    clock: { now: () => new Date(now) },
    telemetry,
    scope: { subscriptions: [sub.toLowerCase()] },
    timing: DEFAULT_TIMING,
  };
  return {
    deps,
    store,
    sent,
    hooks,
    telemetry,
    instances,
    nsgs,
    sub,
    tick: (seconds: number) => (now += seconds * 1000),
    setResources: (next: ArmResource[]) => (resources = next),
    resources: () => resources,
    setSweepIncomplete: (notes: string[]) => (sweepIncomplete = notes),
    event: async (id: string, resourceId: string, operationName = RULE_WRITE, retry = false) =>
      handleEvents(deps, await parseEvents(resourceEvent({ id, resourceId, operationName, time: new Date(now).toISOString() })), { retry }, quiet),
  };
}

describe('on events', () => {
  it('opens one window per instance and schedules its evaluation one debounce period later', async () => {
    const h = harness();
    await runSweep(h.deps, quiet);
    const summary = await h.event('e1', `${h.nsgs[0]}/securityRules/x`);
    expect(summary).toMatchObject({ received: 1, affectedInstances: 4, scheduled: 4, coalesced: 0, dropped: 0 });
    expect(h.sent.map((s) => s.delay)).toEqual([20, 20, 20, 20]);
    expect(h.sent.every((s) => s.request.trigger === 'event' && s.request.windowId)).toBe(true);
    const again = await h.event('e2', h.nsgs[0]!, 'Microsoft.Network/networkSecurityGroups/write');
    expect(again).toMatchObject({ scheduled: 0, coalesced: 4 });
  });

  it('an event arriving while the instance is evaluated gets exactly one follow-up evaluation', async () => {
    const h = harness();
    await runSweep(h.deps, quiet);
    await h.event('e1', h.nsgs[0]!, 'Microsoft.Network/networkSecurityGroups/write');
    const first = h.sent.find((s) => s.request.instanceId === h.instances[0])!.request;
    h.sent.length = 0;
    h.tick(20);
    h.hooks.duringLoad = async () => {
      h.hooks.duringLoad = undefined;
      h.tick(1);
      await h.event('e-mid-1', `${h.nsgs[0]}/securityRules/y`);
      await h.event('e-mid-2', `${h.nsgs[0]}/securityRules/z`);
    };
    await runEvaluationRequest(h.deps, first, { retry: false }, quiet);
    // The mid-evaluation events asked for follow-ups: nothing sent for the running instance, one at its end.
    const forFirst = h.sent.filter((s) => s.request.instanceId === first.instanceId);
    expect(forFirst).toHaveLength(1);
    expect(forFirst[0]!.request.windowId).not.toBe(first.windowId);
    expect(forFirst[0]!.request.firstEventTime).toBe(new Date(Date.UTC(2026, 0, 1, 12, 0, 21)).toISOString());
  });

  it('a redelivered message whose window was already evaluated is skipped', async () => {
    const h = harness();
    await runSweep(h.deps, quiet);
    await h.event('e1', h.nsgs[0]!, 'Microsoft.Network/networkSecurityGroups/write');
    const request = h.sent[0]!.request;
    expect((await runEvaluationRequest(h.deps, request, { retry: false }, quiet)).kind).toBe('evaluated');
    expect(await runEvaluationRequest(h.deps, request, { retry: false }, quiet)).toMatchObject({ kind: 'skipped' });
    expect(h.telemetry.sum('Evaluations', { trigger: 'event' })).toBe(1);
  });

  it('the retry of the event that opened a window sends its message again; a concurrent duplicate does not', async () => {
    const h = harness({ instances: 1 });
    await runSweep(h.deps, quiet);
    await h.deps.store.openWindow({
      instanceId: h.instances[0]!,
      now: new Date(Date.UTC(2026, 0, 1, 12)).toISOString(),
      dueAt: new Date(Date.UTC(2026, 0, 1, 12, 0, 20)).toISOString(),
      staleAt: new Date(Date.UTC(2026, 0, 1, 12, 5)).toISOString(),
      change: { eventId: 'e1', resourceId: h.nsgs[0]!, operation: 'x', caller: {}, time: new Date().toISOString() },
    });
    // The first attempt opened the window and failed before sending: not marked processed either.
    expect(await h.event('e1', h.nsgs[0]!, 'Microsoft.Network/networkSecurityGroups/write', false)).toMatchObject({ scheduled: 0, coalesced: 1 });
    expect(await h.event('e1', h.nsgs[0]!, 'Microsoft.Network/networkSecurityGroups/write', true)).toMatchObject({ duplicates: 1 });
    const h2 = harness({ instances: 1 });
    await runSweep(h2.deps, quiet);
    await h2.deps.store.openWindow({
      instanceId: h2.instances[0]!,
      now: new Date(Date.UTC(2026, 0, 1, 12)).toISOString(),
      dueAt: new Date(Date.UTC(2026, 0, 1, 12, 0, 20)).toISOString(),
      staleAt: new Date(Date.UTC(2026, 0, 1, 12, 5)).toISOString(),
      change: { eventId: 'e1', resourceId: h2.nsgs[0]!, operation: 'x', caller: {}, time: new Date().toISOString() },
    });
    expect(await h2.event('e1', h2.nsgs[0]!, 'Microsoft.Network/networkSecurityGroups/write', true)).toMatchObject({ scheduled: 1 });
    expect(h2.sent[0]!.request.windowId).toBeDefined();
  });

  it('an APIM event from a subscription outside the configured ones is dropped', async () => {
    const h = harness({ instances: 1 });
    const foreign = '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.ApiManagement/service/other';
    expect(await h.event('e1', foreign, 'Microsoft.ApiManagement/service/write')).toMatchObject({ dropped: 1, scheduled: 0 });
    expect(h.sent).toEqual([]);
  });

  it('a failing store fails the delivery after the other events are handled, naming the event', async () => {
    const h = harness({ instances: 8 });
    await runSweep(h.deps, quiet);
    const original = h.store.openWindow.bind(h.store);
    h.store.openWindow = async (request) => {
      if (request.instanceId === h.instances[0]) throw new Error('storage unavailable');
      return original(request);
    };
    const body = [
      resourceEvent({ id: 'bad', resourceId: h.nsgs[0]!, operationName: 'Microsoft.Network/networkSecurityGroups/write' }),
      resourceEvent({ id: 'good', resourceId: h.nsgs[1]!, operationName: 'Microsoft.Network/networkSecurityGroups/write' }),
    ];
    await expect(handleEvents(h.deps, await parseEvents(body), { retry: false }, quiet)).rejects.toThrow(/1 of 2 event\(s\).*event bad.*storage unavailable/);
    expect(await h.store.isEventProcessed('good')).toBe(true);
    expect(await h.store.isEventProcessed('bad')).toBe(false);
  });
});

describe('evaluation', () => {
  it('hands the alert side the report, the tags and the changes since the previous evaluation, and keeps its state', async () => {
    const h = harness({ instances: 1 });
    const notices: EvaluationNotice[] = [];
    const sink: AlertSink = {
      async onEvaluation(notice) {
        notices.push(notice);
        return { status: notice.report.status, evaluatedAt: notice.evaluatedAt, sequence: notices.length, open: {} };
      },
      async onRemoval() {
        return 0;
      },
      async listUndelivered() {
        return [];
      },
    };
    h.deps.alerts = sink;
    await runSweep(h.deps, quiet);
    h.tick(60);
    await h.event('e1', `${h.nsgs[0]}/securityRules/x`);
    h.tick(20);
    await runEvaluationRequest(h.deps, h.sent[0]!.request, { retry: false }, quiet);
    expect(notices).toHaveLength(2);
    expect(notices[1]!.changes.map((c) => c.eventId)).toEqual(['e1']);
    expect(notices[1]!.alertState).toMatchObject({ sequence: 1 });
    expect(notices[1]!.tags).toMatchObject({ environment: 'bench' });
    expect((await h.store.getInstance(h.instances[0]!))?.alertState).toMatchObject({ sequence: 2 });
    // A manual re-check without notify does not reach the alert side.
    await evaluateLive(h.deps, h.instances[0]!, { trigger: 'http', notify: false }, quiet);
    expect(notices).toHaveLength(2);
  });
});

describe('never silent', () => {
  function sinkFailingFirst(notices: EvaluationNotice[]): AlertSink {
    let calls = 0;
    return {
      async onEvaluation(notice) {
        calls++;
        // The first alerting attempt after the sweep fails (the outbox is unreachable).
        if (calls === 2) throw new Error('outbox unreachable');
        notices.push(notice);
        return { status: notice.report.status, evaluatedAt: notice.evaluatedAt, sequence: calls, open: {} };
      },
      onRemoval: async () => 0,
      listUndelivered: async () => [],
    };
  }

  it('an evaluation that fails (ARM outage) releases its window: the next event evaluates at once, and the retry still runs', async () => {
    const h = harness({ instances: 1 });
    await runSweep(h.deps, quiet);
    await h.event('e1', `${h.nsgs[0]}/securityRules/x`);
    const first = h.sent[0]!.request;
    h.tick(20);
    h.hooks.duringLoad = async () => {
      throw new Error('ARM answered 503');
    };
    await expect(runEvaluationRequest(h.deps, first, { retry: false }, quiet)).rejects.toThrow(/503/);
    h.hooks.duringLoad = undefined;
    h.tick(1);
    // Not a follow-up on a window nobody runs: a new window, evaluated one debounce period later.
    expect(await h.event('e2', `${h.nsgs[0]}/securityRules/y`)).toMatchObject({ scheduled: 1, coalesced: 0 });
    const second = h.sent[1]!.request;
    expect(second.windowId).not.toBe(first.windowId);
    h.tick(20);
    expect((await runEvaluationRequest(h.deps, second, { retry: false }, quiet)).kind).toBe('evaluated');
    // The queue's retry of the failed message finds its window replaced: nothing twice.
    expect((await runEvaluationRequest(h.deps, first, { retry: true }, quiet)).kind).toBe('skipped');
  });

  it('without a new event, the queue retry of a failed evaluation runs its released window', async () => {
    const h = harness({ instances: 1 });
    await runSweep(h.deps, quiet);
    await h.event('e1', `${h.nsgs[0]}/securityRules/x`);
    h.tick(20);
    h.hooks.duringLoad = async () => {
      throw new Error('ARM answered 503');
    };
    await expect(runEvaluationRequest(h.deps, h.sent[0]!.request, { retry: false }, quiet)).rejects.toThrow();
    h.hooks.duringLoad = undefined;
    // Even a copy of the message that is not counted as a retry runs it: the window is pending again.
    expect((await runEvaluationRequest(h.deps, h.sent[0]!.request, { retry: false }, quiet)).kind).toBe('evaluated');
  });

  it('a follow-up asked for while an evaluation failed gets its own window and message, not lost with the failed one', async () => {
    const h = harness({ instances: 1 });
    await runSweep(h.deps, quiet);
    await h.event('e1', `${h.nsgs[0]}/securityRules/x`);
    const first = h.sent[0]!.request;
    h.tick(20);
    h.hooks.duringLoad = async () => {
      h.hooks.duringLoad = async () => {
        throw new Error('ARM answered 503');
      };
      expect(await h.event('e-mid', `${h.nsgs[0]}/securityRules/y`)).toMatchObject({ scheduled: 0, coalesced: 1 });
      throw new Error('ARM answered 503');
    };
    await expect(runEvaluationRequest(h.deps, first, { retry: false }, quiet)).rejects.toThrow(/503/);
    // The follow-up is a new window with its message, sent at once by the failed attempt.
    expect(h.sent).toHaveLength(2);
    const followUp = h.sent[1]!.request;
    expect(followUp.windowId).not.toBe(first.windowId);
    h.hooks.duringLoad = undefined;
    h.tick(20);
    expect((await runEvaluationRequest(h.deps, followUp, { retry: false }, quiet)).kind).toBe('evaluated');
    // Should the failed message come back, it finds its window replaced.
    expect((await runEvaluationRequest(h.deps, first, { retry: true }, quiet)).kind).toBe('skipped');
  });

  it('a retried evaluation still names the caller of the change, though its first attempt stored the state', async () => {
    const h = harness({ instances: 1 });
    const notices: EvaluationNotice[] = [];
    h.deps.alerts = sinkFailingFirst(notices);
    await runSweep(h.deps, quiet);
    h.tick(60);
    await h.event('e1', `${h.nsgs[0]}/securityRules/x`);
    h.tick(20);
    const request = h.sent[0]!.request;
    await expect(runEvaluationRequest(h.deps, request, { retry: false }, quiet)).rejects.toThrow(/outbox/);
    h.tick(30);
    expect((await runEvaluationRequest(h.deps, request, { retry: true }, quiet)).kind).toBe('evaluated');
    expect(notices.at(-1)!.changes.map((c) => c.eventId)).toEqual(['e1']);
  });
});

describe('a deleted instance', () => {
  const OPEN: OpenAlert = { alertId: 'a1', subject: 'FAIL apim', fingerprint: 'f1', ruleKeys: ['NSG_INBOUND_MANAGEMENT@westeurope'], openedAt: 'x', lastSentAt: 'x', reminders: 0 };

  /** A sink that keeps an alert open on `ops` for the instances in `failing`, and records the removal notices. */
  function sink(failing: Set<string>) {
    const removals: RemovalNotice[] = [];
    const alerts: AlertSink = {
      async onEvaluation(notice) {
        const open: Record<string, OpenAlert> = failing.has(notice.report.id) ? { ops: OPEN } : {};
        return { status: notice.report.status, evaluatedAt: notice.evaluatedAt, sequence: 1, open };
      },
      async onRemoval(notice) {
        removals.push(notice);
        return Object.keys(notice.state.alertState?.open ?? {}).length;
      },
      async listUndelivered() {
        return [];
      },
    };
    return { alerts, removals };
  }

  it('with an open alert: the alert side gets its last state and the delete event, once, before the state is forgotten', async () => {
    const h = harness({ instances: 2, perNsg: 1 });
    const [failing, passing] = h.instances as [string, string];
    const { alerts, removals } = sink(new Set([failing]));
    h.deps.alerts = alerts;
    await runSweep(h.deps, quiet);
    h.tick(60);
    h.setResources(h.resources().filter((r) => r.id !== failing && r.id !== passing));
    await h.event('e-del', failing, 'Microsoft.ApiManagement/service/delete');
    h.tick(20);
    expect(await evaluateLive(h.deps, failing, { trigger: 'event', notify: true }, quiet)).toEqual({ kind: 'gone', instanceId: failing });
    expect(await evaluateLive(h.deps, passing, { trigger: 'event', notify: true }, quiet)).toEqual({ kind: 'gone', instanceId: passing });
    expect(removals).toHaveLength(1);
    expect(removals[0]!.state).toMatchObject({ instanceId: failing, status: 'pass', alertState: { open: { ops: OPEN } } });
    expect(removals[0]!.changes.map((c) => [c.eventId, c.operation])).toEqual([['e-del', 'Microsoft.ApiManagement/service/delete']]);
    expect(h.telemetry.events.filter((e) => e.name === 'InstanceRemoved').map((e) => e.measurements)).toEqual([{ closedAlerts: 1 }, { closedAlerts: 0 }]);
    // Seen deleted again (a sweep, a redelivered message): its state is gone, nothing is asked.
    await evaluateLive(h.deps, failing, { trigger: 'event', notify: true }, quiet);
    await runSweep(h.deps, quiet);
    expect(removals).toHaveLength(1);
  });

  it('when forgetting fails after the notice, the retry hands over the same state (the outbox drops the repeat)', async () => {
    const h = harness({ instances: 1 });
    const [failing] = h.instances as [string];
    const { alerts, removals } = sink(new Set([failing]));
    h.deps.alerts = alerts;
    await runSweep(h.deps, quiet);
    h.setResources([]);
    const remove = h.store.removeInstance.bind(h.store);
    h.store.removeInstance = async () => {
      h.store.removeInstance = remove;
      throw new Error('storage unavailable');
    };
    await expect(evaluateLive(h.deps, failing, { trigger: 'event', notify: true }, quiet)).rejects.toThrow(/storage unavailable/);
    await evaluateLive(h.deps, failing, { trigger: 'event', notify: true }, quiet);
    expect(removals).toHaveLength(2);
    expect(removals[1]!.state).toEqual(removals[0]!.state);
    expect(await h.store.getInstance(failing)).toBeUndefined();
  });

  it('a sweep that no longer finds an instance with an open alert closes it too', async () => {
    const h = harness({ instances: 2, perNsg: 1 });
    const { alerts, removals } = sink(new Set(h.instances));
    h.deps.alerts = alerts;
    await runSweep(h.deps, quiet);
    h.setResources(h.resources().filter((r) => r.id !== h.instances[1]));
    expect(await runSweep(h.deps, quiet)).toMatchObject({ removed: 1 });
    expect(removals.map((r) => r.state.instanceId)).toEqual([h.instances[1]]);
  });
});

describe('read notes', () => {
  it('are logged as warnings of the evaluation that read them, and counted', async () => {
    const h = harness({ instances: 1 });
    const base = h.deps.reader;
    h.deps.reader = {
      ...base,
      loadInstance: base.loadInstance.bind(base),
      async readInstance(id) {
        return { view: await base.loadInstance(id), notes: ['the API Management instances of subscription s could not be listed (403)'] };
      },
    };
    const warnings: string[] = [];
    const log: Log = { info() {}, warn: (m) => void warnings.push(m), error() {} };
    expect((await evaluateLive(h.deps, h.instances[0]!, { trigger: 'http', notify: false }, log)).kind).toBe('evaluated');
    expect(warnings).toEqual([`reading ${h.instances[0]}: the API Management instances of subscription s could not be listed (403)`]);
    expect(h.telemetry.sum('ReadNotes', { trigger: 'http' })).toBe(1);
  });

  it('a reader without notes (an estate file) logs none', async () => {
    const h = harness({ instances: 1 });
    const warnings: string[] = [];
    await evaluateLive(h.deps, h.instances[0]!, { trigger: 'http', notify: false }, { info() {}, warn: (m) => void warnings.push(m), error() {} });
    expect(warnings).toEqual([]);
    expect(h.telemetry.sum('ReadNotes')).toBe(0);
  });
});

describe('sweep', () => {
  it('evaluates every instance, and forgets vanished ones only when it read everything', async () => {
    const h = harness({ instances: 4, perNsg: 1 });
    expect(await runSweep(h.deps, quiet)).toMatchObject({ instances: 4, evaluated: 4, transitions: 4, removed: 0 });
    const gone = h.instances[3]!;
    h.setResources(h.resources().filter((r) => r.id !== gone));
    h.setSweepIncomplete(['subscription x: 403']);
    expect(await runSweep(h.deps, quiet)).toMatchObject({ instances: 3, removed: 0, transitions: 0 });
    expect(await h.store.getInstance(gone)).toBeDefined();
    h.setSweepIncomplete([]);
    expect(await runSweep(h.deps, quiet)).toMatchObject({ instances: 3, removed: 1 });
    expect(await h.store.getInstance(gone)).toBeUndefined();
    expect(await h.store.indexedInstances()).toHaveLength(3);
  });

  it('prunes processed event ids older than the dedupe period', async () => {
    const h = harness({ instances: 1 });
    await runSweep(h.deps, quiet);
    await h.event('old', h.nsgs[0]!, 'Microsoft.Network/networkSecurityGroups/write');
    h.tick(49 * 3600);
    expect((await runSweep(h.deps, quiet)).prunedEvents).toBe(1);
    expect(await h.store.isEventProcessed('old')).toBe(false);
  });
});

describe('scope', () => {
  it('with a management group, subscriptions are in scope once a sweep found instances there', async () => {
    const h = harness({ instances: 1 });
    h.deps.scope = { subscriptions: [], managementGroup: 'mg-platform' };
    expect(await inScope(h.deps, h.sub)).toBe(false);
    await runSweep(h.deps, quiet);
    expect(await inScope(h.deps, h.sub.toUpperCase())).toBe(true);
    expect(await inScope(h.deps, '11111111-2222-3333-4444-555555555555')).toBe(false);
  });
});
