import { describe, expect, it } from 'vitest';
import { diffFailing, fingerprintOf, NO_FAILURES } from '../../src/watcher/fingerprint.js';
import { attributedChanges, nextState } from '../../src/watcher/transition.js';
import type { InstanceState } from '../../src/watcher/ports.js';
import { apimId, at, change, finding, nsgId, report, result } from './fixtures.js';

const A = apimId('apim-a');

function saved(r: ReturnType<typeof result>, previous?: InstanceState): InstanceState {
  const next = nextState(previous, r);
  if (next.kind !== 'save') throw new Error('expected a save');
  return next.state;
}

describe('the failing set and its fingerprint', () => {
  it('counts breaking, degraded and unknown findings; not recommendations nor info', () => {
    expect(fingerprintOf([finding('R1', 'recommendation'), finding('R2', 'info')])).toBe(NO_FAILURES);
    expect(fingerprintOf([finding('R1', 'degraded')])).not.toBe(NO_FAILURES);
    expect(fingerprintOf([finding('RESOURCE_UNREADABLE', 'info')])).not.toBe(NO_FAILURES);
  });

  it('ignores order, evidence, messages and the case of resource ids', () => {
    const a = [finding('R1'), finding('R2', 'breaks-on-apply')];
    const b = [{ ...finding('R2', 'breaks-on-apply'), message: 'other words' }, { ...finding('R1'), resourceId: nsgId('nsg-a').toUpperCase(), evidence: {} }];
    expect(fingerprintOf(a)).toBe(fingerprintOf(b));
  });

  it('differs when a rule, a location or a resource differs', () => {
    const base = fingerprintOf([finding('R1')]);
    expect(fingerprintOf([finding('R2')])).not.toBe(base);
    expect(fingerprintOf([finding('R1', 'breaks-now', nsgId('nsg-a'), 'northeurope')])).not.toBe(base);
    expect(fingerprintOf([finding('R1', 'breaks-now', nsgId('nsg-b'))])).not.toBe(base);
  });

  it('says which failing findings appeared and disappeared', () => {
    expect(diffFailing([finding('R1'), finding('R2')], [finding('R2'), finding('R3')])).toEqual({
      added: [`R3|westeurope|${nsgId('nsg-a').toLowerCase()}`],
      removed: [`R1|westeurope|${nsgId('nsg-a').toLowerCase()}`],
    });
  });
});

describe('next state', () => {
  it('a first evaluation is a transition from nothing', () => {
    const next = nextState(undefined, result(report(A, 'pass'), at(0)));
    expect(next).toMatchObject({ kind: 'save', transition: { to: { status: 'pass' } } });
  });

  it('the same status and failing set: no transition, and changedAt stays', () => {
    const first = saved(result(report(A, 'fail', [finding('R1')]), at(0)));
    const next = nextState(first, result(report(A, 'fail', [finding('R1')]), at(60)));
    expect(next.kind === 'save' && next.transition).toBe(undefined);
    expect(next.kind === 'save' && next.state.changedAt).toBe(at(0));
  });

  it('a new failing finding with the same status is a transition', () => {
    const first = saved(result(report(A, 'fail', [finding('R1')]), at(0)));
    const next = nextState(first, result(report(A, 'fail', [finding('R1'), finding('R2')]), at(60)));
    expect(next).toMatchObject({ kind: 'save', transition: { from: { status: 'fail' }, to: { status: 'fail' }, added: [expect.stringContaining('R2|')] } });
  });

  it('an older view never replaces a newer one', () => {
    const newer = saved(result(report(A, 'pass'), at(100)));
    expect(nextState(newer, result(report(A, 'fail', [finding('R1')]), at(99))).kind).toBe('superseded');
  });

  it('attributes only the changes after the previous view was read', () => {
    const previous = saved(result(report(A, 'pass'), at(100)));
    const changes = [change('before', nsgId('nsg-a'), at(50)), change('after', nsgId('nsg-a'), at(150))];
    expect(attributedChanges(changes, previous).map((c) => c.eventId)).toEqual(['after']);
    expect(attributedChanges(changes, undefined)).toHaveLength(2);
    const next = nextState(previous, { ...result(report(A, 'fail', [finding('R1')]), at(200)), changes });
    expect(next.kind === 'save' && next.transition?.changes.map((c) => c.eventId)).toEqual(['after']);
  });
});
