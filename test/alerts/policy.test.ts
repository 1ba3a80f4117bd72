import { describe, expect, it } from 'vitest';
import { failingSetFingerprint } from '../../src/alerts/fingerprint.js';
import { decideAlerts, decideRemoval } from '../../src/alerts/policy.js';
import type { Alert, AlertKind, PolicyChannel, PolicyOptions, PreviousAlertState } from '../../src/alerts/types.js';
import type { Finding, InstanceStatus } from '../../src/model/finding.js';
import { CHANGE, DEGRADED_FINDING, INSTANCE_ID, ROUTE_FINDING, T0, UNREADABLE_FINDING, finding, minutesAfter, report } from './fixtures.js';

const A = finding();
const B = ROUTE_FINDING;
const A_NORTH = finding({ location: 'northeurope' });
const OPS: PolicyChannel = { name: 'ops', minSeverity: 'breaks-on-apply' };
const OPTIONS: PolicyOptions = { unknownAfterMinutes: 60, subjectPrefix: '[apim-vnet-guard]' };

interface Step {
  /** `deleted`: the instance is found deleted (decideRemoval on the last report). */
  status: InstanceStatus | 'deleted';
  findings?: Finding[];
  /** Minutes after T0. */
  at?: number;
  /** Alert kinds expected from this step, as `channel:kind`, in order. */
  expect: string[];
}

interface Case {
  name: string;
  steps: Step[];
  channels?: PolicyChannel[];
  options?: Partial<PolicyOptions>;
}

function run(steps: Step[], channels: PolicyChannel[] = [OPS], options: Partial<PolicyOptions> = {}) {
  let state: PreviousAlertState | undefined;
  let last = report('pass');
  const all: Alert[][] = [];
  for (const step of steps) {
    const common = { previous: state, channels, changes: [CHANGE], now: minutesAfter(T0, step.at ?? 0), options: { ...OPTIONS, ...options } };
    if (step.status !== 'deleted') last = report(step.status, step.findings ?? []);
    const { alerts, next } = step.status === 'deleted' ? decideRemoval({ report: last, ...common }) : decideAlerts({ report: last, ...common });
    all.push(alerts);
    state = next;
  }
  return { all, state };
}

/** `channel:kind`, and `(deleted)` for the notice of a deleted instance. */
function label(a: Alert): string {
  return `${a.channel}:${a.kind}${a.resolution === 'instance-deleted' ? ' (deleted)' : ''}`;
}

const cases: Case[] = [
  { name: 'first evaluation, pass: nothing', steps: [{ status: 'pass', expect: [] }] },
  { name: 'first evaluation, fail: failing', steps: [{ status: 'fail', findings: [A], expect: ['ops:failing'] }] },
  { name: 'first evaluation, warn: nothing at the default threshold', steps: [{ status: 'warn', findings: [DEGRADED_FINDING], expect: [] }] },
  {
    name: 'pass → fail: failing',
    steps: [{ status: 'pass', expect: [] }, { status: 'fail', findings: [A], at: 5, expect: ['ops:failing'] }],
  },
  {
    name: 'warn → fail: failing',
    steps: [
      { status: 'warn', findings: [DEGRADED_FINDING], expect: [] },
      { status: 'fail', findings: [A, DEGRADED_FINDING], at: 5, expect: ['ops:failing'] },
    ],
  },
  {
    name: 'fail → fail with the same set: nothing',
    steps: [
      { status: 'fail', findings: [A], expect: ['ops:failing'] },
      { status: 'fail', findings: [A], at: 5, expect: [] },
      { status: 'fail', findings: [A, DEGRADED_FINDING], at: 10, expect: [] },
    ],
  },
  {
    name: 'fail → a rule more fails: changed',
    steps: [
      { status: 'fail', findings: [A], expect: ['ops:failing'] },
      { status: 'fail', findings: [A, B], at: 5, expect: ['ops:changed'] },
    ],
  },
  {
    name: 'fail → a rule less fails: changed',
    steps: [
      { status: 'fail', findings: [A, B], expect: ['ops:failing'] },
      { status: 'fail', findings: [A], at: 5, expect: ['ops:changed'] },
    ],
  },
  {
    name: 'the same rule failing in another location: changed',
    steps: [
      { status: 'fail', findings: [A], expect: ['ops:failing'] },
      { status: 'fail', findings: [A_NORTH], at: 5, expect: ['ops:changed'] },
    ],
  },
  {
    name: 'A → B → A → B: each change is sent',
    steps: [
      { status: 'fail', findings: [A], expect: ['ops:failing'] },
      { status: 'fail', findings: [B], at: 1, expect: ['ops:changed'] },
      { status: 'fail', findings: [A], at: 2, expect: ['ops:changed'] },
      { status: 'fail', findings: [B], at: 3, expect: ['ops:changed'] },
    ],
  },
  {
    name: 'fail → pass: resolved',
    steps: [{ status: 'fail', findings: [A], expect: ['ops:failing'] }, { status: 'pass', at: 5, expect: ['ops:resolved'] }],
  },
  {
    name: 'fail → warn: resolved',
    steps: [
      { status: 'fail', findings: [A], expect: ['ops:failing'] },
      { status: 'warn', findings: [DEGRADED_FINDING], at: 5, expect: ['ops:resolved'] },
    ],
  },
  {
    name: 'fail → not injected any more: resolved',
    steps: [{ status: 'fail', findings: [A], expect: ['ops:failing'] }, { status: 'not-injected', at: 5, expect: ['ops:resolved'] }],
  },
  {
    name: 'pass → pass: nothing',
    steps: [{ status: 'pass', expect: [] }, { status: 'pass', at: 5, expect: [] }],
  },
  {
    name: 'fail → unknown → fail (same set): unknown is neither a recovery nor a new failure',
    steps: [
      { status: 'fail', findings: [A], expect: ['ops:failing'] },
      { status: 'unknown', findings: [UNREADABLE_FINDING], at: 5, expect: [] },
      { status: 'fail', findings: [A], at: 10, expect: [] },
    ],
  },
  {
    name: 'fail → unknown → pass: resolved when the pass is seen',
    steps: [
      { status: 'fail', findings: [A], expect: ['ops:failing'] },
      { status: 'unknown', findings: [UNREADABLE_FINDING], at: 5, expect: [] },
      { status: 'pass', at: 10, expect: ['ops:resolved'] },
    ],
  },
  {
    name: 'pass → unknown: cannot-evaluate once, after it lasted 60 minutes',
    steps: [
      { status: 'pass', expect: [] },
      { status: 'unknown', findings: [UNREADABLE_FINDING], at: 1, expect: [] },
      { status: 'unknown', findings: [UNREADABLE_FINDING], at: 60, expect: [] },
      { status: 'unknown', findings: [UNREADABLE_FINDING], at: 61, expect: ['ops:cannot-evaluate'] },
      { status: 'unknown', findings: [UNREADABLE_FINDING], at: 300, expect: [] },
    ],
  },
  {
    name: 'unknown → pass: no resolved notice; a new unknown stretch is reported again',
    steps: [
      { status: 'unknown', findings: [UNREADABLE_FINDING], expect: [] },
      { status: 'unknown', findings: [UNREADABLE_FINDING], at: 60, expect: ['ops:cannot-evaluate'] },
      { status: 'pass', at: 70, expect: [] },
      { status: 'unknown', findings: [UNREADABLE_FINDING], at: 80, expect: [] },
      { status: 'unknown', findings: [UNREADABLE_FINDING], at: 140, expect: ['ops:cannot-evaluate'] },
    ],
  },
  {
    name: 'unknown with a threshold of 0: reported at once',
    options: { unknownAfterMinutes: 0 },
    steps: [{ status: 'unknown', findings: [UNREADABLE_FINDING], expect: ['ops:cannot-evaluate'] }],
  },
  {
    name: 'reminders are off by default',
    steps: [
      { status: 'fail', findings: [A], expect: ['ops:failing'] },
      { status: 'fail', findings: [A], at: 60 * 24 * 7, expect: [] },
    ],
  },
  {
    name: 'reminders every 60 minutes while the same set fails',
    options: { reminderIntervalMinutes: 60 },
    steps: [
      { status: 'fail', findings: [A], expect: ['ops:failing'] },
      { status: 'fail', findings: [A], at: 59, expect: [] },
      { status: 'fail', findings: [A], at: 60, expect: ['ops:reminder'] },
      { status: 'fail', findings: [A], at: 119, expect: [] },
      { status: 'fail', findings: [A], at: 120, expect: ['ops:reminder'] },
      { status: 'fail', findings: [A, B], at: 150, expect: ['ops:changed'] },
      { status: 'fail', findings: [A, B], at: 200, expect: [] },
      { status: 'fail', findings: [A, B], at: 210, expect: ['ops:reminder'] },
    ],
  },
  {
    name: 'a channel at breaks-now ignores a breaks-on-apply failure; the default channel alerts',
    channels: [OPS, { name: 'pager', minSeverity: 'breaks-now' }],
    steps: [
      { status: 'fail', findings: [A], expect: ['ops:failing'] },
      { status: 'fail', findings: [A, B], at: 5, expect: ['ops:changed', 'pager:failing'] },
      { status: 'fail', findings: [A], at: 10, expect: ['ops:changed', 'pager:resolved'] },
      { status: 'pass', at: 15, expect: ['ops:resolved'] },
    ],
  },
  {
    name: 'a channel at degraded alerts on warnings',
    channels: [{ name: 'all', minSeverity: 'degraded' }],
    steps: [
      { status: 'warn', findings: [DEGRADED_FINDING], expect: ['all:failing'] },
      { status: 'pass', at: 5, expect: ['all:resolved'] },
    ],
  },
  {
    name: 'fail → deleted: the open alert is closed',
    steps: [{ status: 'fail', findings: [A], expect: ['ops:failing'] }, { status: 'deleted', at: 5, expect: ['ops:resolved (deleted)'] }],
  },
  {
    name: 'fail → changed → deleted: closed once',
    steps: [
      { status: 'fail', findings: [A], expect: ['ops:failing'] },
      { status: 'fail', findings: [A, B], at: 5, expect: ['ops:changed'] },
      { status: 'deleted', at: 10, expect: ['ops:resolved (deleted)'] },
    ],
  },
  {
    name: 'fail → unknown → deleted: unknown kept the alert open, the deletion closes it',
    steps: [
      { status: 'fail', findings: [A], expect: ['ops:failing'] },
      { status: 'unknown', findings: [UNREADABLE_FINDING], at: 5, expect: [] },
      { status: 'deleted', at: 10, expect: ['ops:resolved (deleted)'] },
    ],
  },
  {
    name: 'pass → deleted: nothing was open, nothing is sent',
    steps: [{ status: 'pass', expect: [] }, { status: 'deleted', at: 5, expect: [] }],
  },
  {
    name: 'warn → deleted: nothing at the default threshold',
    steps: [{ status: 'warn', findings: [DEGRADED_FINDING], expect: [] }, { status: 'deleted', at: 5, expect: [] }],
  },
  {
    name: 'fail → pass → deleted: already resolved, nothing more',
    steps: [
      { status: 'fail', findings: [A], expect: ['ops:failing'] },
      { status: 'pass', at: 5, expect: ['ops:resolved'] },
      { status: 'deleted', at: 10, expect: [] },
    ],
  },
  {
    name: 'deleted, seen again (a sweep after the delete event): nothing more',
    steps: [
      { status: 'fail', findings: [A], expect: ['ops:failing'] },
      { status: 'deleted', at: 5, expect: ['ops:resolved (deleted)'] },
      { status: 'deleted', at: 10, expect: [] },
    ],
  },
  {
    name: 'deleted: only the channels with an open alert are told',
    channels: [OPS, { name: 'pager', minSeverity: 'breaks-now' }],
    steps: [
      { status: 'fail', findings: [A], expect: ['ops:failing'] },
      { status: 'deleted', at: 5, expect: ['ops:resolved (deleted)'] },
    ],
  },
  {
    name: 'deleted: each channel with an open alert is told once',
    channels: [OPS, { name: 'pager', minSeverity: 'breaks-now' }],
    steps: [
      { status: 'fail', findings: [A, B], expect: ['ops:failing', 'pager:failing'] },
      { status: 'deleted', at: 5, expect: ['ops:resolved (deleted)', 'pager:resolved (deleted)'] },
    ],
  },
  {
    name: 'no channel: nothing, whatever the transition',
    channels: [],
    steps: [
      { status: 'fail', findings: [A], expect: [] },
      { status: 'pass', at: 5, expect: [] },
      { status: 'deleted', at: 10, expect: [] },
    ],
  },
];

describe('decideAlerts transitions', () => {
  it.each(cases)('$name', ({ steps, channels, options }) => {
    const { all } = run(steps, channels, options);
    steps.forEach((step, i) => {
      expect(all[i]!.map(label), `step ${i + 1} (${step.status})`).toEqual(step.expect);
    });
  });
});

describe('decideAlerts details', () => {
  it('filters the failing set of a channel by its minimum severity', () => {
    const { all } = run([{ status: 'fail', findings: [A, B, DEGRADED_FINDING], expect: [] }], [{ name: 'pager', minSeverity: 'breaks-now' }]);
    expect(all[0]![0]!.findings.map((f) => f.ruleId)).toEqual([B.ruleId]);
    expect(all[0]![0]!.fingerprint).toBe(failingSetFingerprint(INSTANCE_ID, [B]));
  });

  it('says what was added and removed in a changed alert, and refers to the alert that opened the episode', () => {
    const { all } = run([
      { status: 'fail', findings: [A], expect: [] },
      { status: 'fail', findings: [B], at: 5, expect: [] },
    ]);
    const [opened] = all[0]!;
    const [changed] = all[1]!;
    expect(changed!.added).toEqual(['RT_FORCED_TUNNEL_MANAGEMENT@westeurope']);
    expect(changed!.removed).toEqual(['NSG_INBOUND_MANAGEMENT@westeurope']);
    expect(changed!.thread).toEqual({ alertId: opened!.id, subject: opened!.subject, fingerprint: opened!.fingerprint, openedAt: T0.toISOString() });
  });

  it('a resolved notice refers to the original alert by id, subject and fingerprint', () => {
    const { all, state } = run([
      { status: 'fail', findings: [A], expect: [] },
      { status: 'fail', findings: [A, B], at: 5, expect: [] },
      { status: 'pass', at: 10, expect: [] },
    ]);
    const opened = all[0]![0]!;
    const resolved = all[2]![0]!;
    expect(resolved.kind).toBe('resolved');
    expect(resolved.thread?.alertId).toBe(opened.id);
    expect(resolved.thread?.subject).toBe('[apim-vnet-guard] FAIL apim-prod-weu: BREAKS ON NEXT CHANGE · 1 broken');
    expect(resolved.fingerprint).toBe(failingSetFingerprint(INSTANCE_ID, [A, B]));
    expect(resolved.subject).toBe('[apim-vnet-guard] RESOLVED apim-prod-weu');
    expect(resolved.resolution).toBe('recovered');
    expect(resolved.findings).toEqual([]);
    expect(state?.open).toEqual({});
  });

  it('gives resolutions their reason', () => {
    const reasons = (last: InstanceStatus, findings: Finding[] = []) =>
      run(
        [
          { status: 'fail', findings: [B], expect: [] },
          { status: last, findings, at: 5, expect: [] },
        ],
        [{ name: 'pager', minSeverity: 'breaks-now' }],
      ).all[1]![0]!.resolution;
    expect(reasons('pass')).toBe('recovered');
    expect(reasons('not-injected')).toBe('not-injected');
    expect(reasons('fail', [A])).toBe('below-threshold');
  });

  it('the same evaluation on the same stored state yields the same alert ids (the outbox drops the repeat)', () => {
    const previous = run([{ status: 'pass', expect: [] }]).state;
    const decide = (minutes: number) =>
      decideAlerts({ report: report('fail', [A]), previous, channels: [OPS], now: minutesAfter(T0, minutes), options: OPTIONS });
    const first = decide(5);
    const second = decide(6);
    expect(second.alerts.map((a) => a.id)).toEqual(first.alerts.map((a) => a.id));
    // Evaluated again on the state stored after the first: nothing.
    expect(decideAlerts({ report: report('fail', [A]), previous: first.next, channels: [OPS], now: minutesAfter(T0, 7), options: OPTIONS }).alerts).toEqual([]);
  });

  it('a second episode with the same failing set gets a new alert id', () => {
    const { all } = run([
      { status: 'fail', findings: [A], expect: [] },
      { status: 'pass', at: 5, expect: [] },
      { status: 'fail', findings: [A], at: 10, expect: [] },
    ]);
    expect(all[2]![0]!.kind).toBe('failing');
    expect(all[2]![0]!.fingerprint).toBe(all[0]![0]!.fingerprint);
    expect(all[2]![0]!.id).not.toBe(all[0]![0]!.id);
  });

  it('counts the sequence only when something is sent, and remembers the unknown stretch', () => {
    const { state } = run([
      { status: 'fail', findings: [A], expect: [] },
      { status: 'fail', findings: [A], at: 1, expect: [] },
      { status: 'unknown', findings: [UNREADABLE_FINDING], at: 2, expect: [] },
    ]);
    expect(state).toMatchObject({ status: 'unknown', sequence: 1, unknownSince: minutesAfter(T0, 2).toISOString(), unknownReported: false });
    expect(Object.keys(state!.open)).toEqual(['ops']);
  });

  it('drops the open alert of a channel that no longer routes the instance', () => {
    const first = decideAlerts({ report: report('fail', [A]), previous: undefined, channels: [OPS], now: T0, options: OPTIONS });
    const second = decideAlerts({ report: report('pass'), previous: first.next, channels: [], now: minutesAfter(T0, 5), options: OPTIONS });
    expect(second.alerts).toEqual([]);
    expect(second.next.open).toEqual({});
  });

  it('cannot-evaluate carries the findings that made the instance unknown, never as failures', () => {
    const { all } = run([{ status: 'unknown', findings: [UNREADABLE_FINDING, DEGRADED_FINDING], expect: [] }], [OPS], { unknownAfterMinutes: 0 });
    const alert = all[0]![0]!;
    expect(alert.kind).toBe('cannot-evaluate');
    expect(alert.findings.map((f) => f.ruleId)).toEqual(['RESOURCE_UNREADABLE']);
    expect(alert.subject).toBe('[apim-vnet-guard] CANNOT EVALUATE apim-prod-weu');
    expect(alert.unknownSince).toBe(T0.toISOString());
  });

  it('carries the changes into every alert, at most five', () => {
    const changes = Array.from({ length: 7 }, (_, i) => ({ ...CHANGE, time: `2025-05-01T14:0${i}:00Z` }));
    const { alerts } = decideAlerts({ report: report('fail', [A]), previous: undefined, channels: [OPS], changes, now: T0, options: OPTIONS });
    expect(alerts[0]!.changes).toHaveLength(5);
    expect(alerts[0]!.changes[0]!.caller.name).toBe('Jane Doe');
  });

  it('refuses an invalid clock value', () => {
    expect(() => decideAlerts({ report: report('pass'), previous: undefined, channels: [OPS], now: new Date('nope'), options: OPTIONS })).toThrow(/valid Date/);
  });

  it('subjects say the state and the count, WARN for a set without breaking findings', () => {
    const kinds = (findings: Finding[], channel: PolicyChannel = OPS): string =>
      decideAlerts({ report: report('fail', findings), previous: undefined, channels: [channel], now: T0, options: OPTIONS }).alerts[0]!.subject;
    expect(kinds([A, B])).toBe('[apim-vnet-guard] FAIL apim-prod-weu: BREAKS NOW · 2 broken');
    expect(kinds([A, A])).toBe('[apim-vnet-guard] FAIL apim-prod-weu: BREAKS ON NEXT CHANGE · 1 broken');
    expect(kinds([DEGRADED_FINDING], { name: 'x', minSeverity: 'degraded' })).toBe('[apim-vnet-guard] WARN apim-prod-weu: 1 prerequisite at risk');
  });
});

describe('decideRemoval', () => {
  const failingThenChanged = () =>
    run([
      { status: 'fail', findings: [A], expect: [] },
      { status: 'fail', findings: [A, B], at: 5, expect: [] },
    ]);

  it('closes the episode: refers to the opening alert, carries no findings, leaves nothing open', () => {
    const { all, state } = failingThenChanged();
    const opened = all[0]![0]!;
    const { alerts, next } = decideRemoval({ report: report('fail', [A, B]), previous: state, channels: [OPS], changes: [CHANGE], now: minutesAfter(T0, 10), options: OPTIONS });
    expect(alerts).toHaveLength(1);
    const notice = alerts[0]!;
    expect(notice).toMatchObject({ kind: 'resolved', resolution: 'instance-deleted', channel: 'ops', findings: [], changes: [CHANGE] });
    expect(notice.subject).toBe('[apim-vnet-guard] RESOLVED apim-prod-weu: instance deleted');
    expect(notice.thread).toEqual({ alertId: opened.id, subject: opened.subject, fingerprint: failingSetFingerprint(INSTANCE_ID, [A, B]), openedAt: T0.toISOString() });
    expect(notice.fingerprint).toBe(failingSetFingerprint(INSTANCE_ID, [A, B]));
    expect(next).toMatchObject({ open: {}, sequence: state!.sequence + 1 });
  });

  it('gives the same ids however often the deletion is seen on the same state, and the id a recovery would get', () => {
    const { state } = failingThenChanged();
    const decide = (minutes: number) =>
      decideRemoval({ report: report('fail', [A, B]), previous: state, channels: [OPS], now: minutesAfter(T0, minutes), options: OPTIONS }).alerts.map((a) => a.id);
    expect(decide(11)).toEqual(decide(10));
    // Had the instance recovered from this state instead, the channel would be told with the same id: only one of the two is sent.
    const recovered = decideAlerts({ report: report('pass'), previous: state, channels: [OPS], now: minutesAfter(T0, 10), options: OPTIONS });
    expect(decide(10)).toEqual(recovered.alerts.map((a) => a.id));
  });

  it('tells nothing to a channel that no longer routes the instance, nor without a state', () => {
    const { state } = failingThenChanged();
    expect(decideRemoval({ report: report('fail', [A]), previous: state, channels: [], now: T0, options: OPTIONS }).alerts).toEqual([]);
    expect(decideRemoval({ report: report('fail', [A]), previous: undefined, channels: [OPS], now: T0, options: OPTIONS }).alerts).toEqual([]);
  });

  it('refuses an invalid clock value', () => {
    expect(() => decideRemoval({ report: report('pass'), previous: undefined, channels: [OPS], now: new Date('nope'), options: OPTIONS })).toThrow(/decideRemoval: .*valid Date/);
  });
});

describe('failingSetFingerprint', () => {
  it('ignores order, duplicates, id case and trailing slash; depends on rules and locations', () => {
    const f = failingSetFingerprint(INSTANCE_ID, [A, B]);
    expect(failingSetFingerprint(`${INSTANCE_ID.toUpperCase()}/`, [B, A, A])).toBe(f);
    expect(failingSetFingerprint(INSTANCE_ID, [A])).not.toBe(f);
    expect(failingSetFingerprint(INSTANCE_ID, [A_NORTH, B])).not.toBe(f);
    expect(failingSetFingerprint(INSTANCE_ID.replace('apim-prod-weu', 'apim-other'), [A, B])).not.toBe(f);
    expect(f).toMatch(/^[0-9a-f]{32}$/);
  });

  it('does not depend on messages or evidence (a reworded message is the same failure)', () => {
    expect(failingSetFingerprint(INSTANCE_ID, [finding({ message: 'other words', evidence: {} })])).toBe(failingSetFingerprint(INSTANCE_ID, [A]));
  });
});

// Exhaustive check of the kinds for every pair of statuses with and without an open alert.
describe('decideAlerts never treats unknown as a failure or a recovery', () => {
  const statuses: InstanceStatus[] = ['pass', 'warn', 'fail', 'unknown', 'not-injected'];
  it.each(statuses)('from %s to unknown', (from) => {
    const findings = from === 'fail' ? [A] : from === 'warn' ? [DEGRADED_FINDING] : from === 'unknown' ? [UNREADABLE_FINDING] : [];
    const first = decideAlerts({ report: report(from, findings), previous: undefined, channels: [OPS], now: T0, options: OPTIONS });
    const second = decideAlerts({
      report: report('unknown', [UNREADABLE_FINDING]),
      previous: first.next,
      channels: [OPS],
      now: minutesAfter(T0, 5),
      options: OPTIONS,
    });
    const kinds: AlertKind[] = second.alerts.map((a) => a.kind);
    expect(kinds).toEqual([]);
    expect(second.next.open).toEqual(first.next.open);
  });
});
