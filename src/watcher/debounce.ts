/**
 * The debounce marker of one instance: at most one evaluation is pending per instance, and events
 * that arrive while it runs ask for exactly one follow-up. Pure decisions; the state store applies
 * them with conditional writes (ETags), so two workers racing on one instance cannot both open a
 * window nor lose a follow-up.
 *
 *   (none) ──open──► pending ──begin──► running ──end──► (none)
 *                       ▲                  │ open sets followUp
 *                       └── end with followUp: a new window ◄┘
 *
 *   running ──release (its evaluation failed)──► pending, stale at once
 *
 * A marker whose `staleAt` passed (its message was lost, or its evaluation ended in the poison
 * queue) is taken over by the next event. Times are ISO 8601 UTC strings, compared as strings.
 *
 * The invariant these decisions keep: every change that reaches the watcher leads to an evaluation
 * that reads state at or after the change, unless a later evaluation already did.
 * - no marker, or a stale one: a new window and its message (a failed send fails the event, whose
 *   redelivery finds the window it opened and sends the message again);
 * - a pending window: its evaluation has not read yet, so it reads after the change;
 * - a running window: a follow-up, scheduled when the window ends;
 * - an evaluation that fails releases its window: the queue's retry of the same message runs it
 *   again (reading after every follow-up), and the next event takes it over at once instead of
 *   setting a follow-up on a window nobody runs. A worker that dies without releasing leaves the
 *   message to the queue's retry (which runs a running window again) and, past `staleAt`, the
 *   marker to the next event.
 */
import type { WindowBegin, WindowEnd, WindowOpen, WindowRequest } from './ports.js';

export interface WindowMarker {
  windowId: string;
  state: 'pending' | 'running';
  dueAt: string;
  staleAt: string;
  /** Time of the first event of the window (end-to-end latency). */
  firstEventTime: string;
  /** Id of the event that opened the window. */
  openedBy: string;
  followUp: boolean;
  followUpEventTime?: string;
}

export type OpenDecision =
  /** Write `marker` (create it, or replace the stale one). */
  | { write: 'put'; marker: WindowMarker; result: WindowOpen }
  /** Set the follow-up flag on the running marker. */
  | { write: 'follow-up'; followUpEventTime: string; result: WindowOpen }
  | { write: 'none'; result: WindowOpen };

export function decideOpen(current: WindowMarker | undefined, request: WindowRequest, newWindowId: string): OpenDecision {
  if (!current || current.staleAt < request.now) {
    const marker: WindowMarker = {
      windowId: newWindowId,
      state: 'pending',
      dueAt: request.dueAt,
      staleAt: request.staleAt,
      firstEventTime: request.change.time,
      openedBy: request.change.eventId,
      followUp: false,
    };
    return { write: 'put', marker, result: { kind: 'opened', windowId: marker.windowId, dueAt: marker.dueAt } };
  }
  if (current.state === 'pending') {
    return {
      write: 'none',
      result: { kind: 'coalesced', windowId: current.windowId, dueAt: current.dueAt, openedBy: current.openedBy, firstEventTime: current.firstEventTime },
    };
  }
  const result: WindowOpen = { kind: 'follow-up', windowId: current.windowId };
  return current.followUp ? { write: 'none', result } : { write: 'follow-up', followUpEventTime: request.change.time, result };
}

export type BeginDecision = { write: 'put'; marker: WindowMarker; result: WindowBegin } | { write: 'none'; result: WindowBegin };

export function decideBegin(current: WindowMarker | undefined, windowId: string, staleAt: string, retry: boolean): BeginDecision {
  const skip = (reason: string): BeginDecision => ({ write: 'none', result: { kind: 'skip', reason } });
  if (!current) return skip('its window was already evaluated (a redelivered message)');
  if (current.windowId !== windowId) return skip(`window ${current.windowId} replaced it`);
  if (current.state === 'running' && !retry) return skip('its window is being evaluated (a duplicate message)');
  // Whatever was asked for before this point is covered by the read that follows: no follow-up yet.
  const { followUpEventTime: _dropped, ...rest } = current;
  return { write: 'put', marker: { ...rest, state: 'running', staleAt, followUp: false }, result: { kind: 'run', firstEventTime: current.firstEventTime } };
}

/**
 * The evaluation of `windowId` failed: hand the window to the queue's retry and to the next event.
 * Events that asked for a follow-up meanwhile get a window of their own, with its own message (and
 * its own retries): should the failed message end in the poison queue, they are still evaluated.
 */
export function decideRelease(
  current: WindowMarker | undefined,
  windowId: string,
  now: string,
  dueAt: string,
  staleAt: string,
  newWindowId: string,
): { write: 'put'; marker: WindowMarker; result: WindowEnd } | { write: 'none'; result: WindowEnd } {
  if (!current || current.windowId !== windowId || current.state !== 'running') return { write: 'none', result: { kind: 'closed' } };
  if (current.followUp) {
    const end = decideEnd(current, windowId, dueAt, staleAt, newWindowId);
    if (end.write === 'put') return end;
  }
  return { write: 'put', marker: { ...current, state: 'pending', dueAt: now, staleAt: now }, result: { kind: 'closed' } };
}

export type EndDecision =
  | { write: 'delete'; result: WindowEnd }
  | { write: 'put'; marker: WindowMarker; result: WindowEnd }
  | { write: 'none'; result: WindowEnd };

export function decideEnd(current: WindowMarker | undefined, windowId: string, dueAt: string, staleAt: string, newWindowId: string): EndDecision {
  if (!current || current.windowId !== windowId) return { write: 'none', result: { kind: 'closed' } };
  if (!current.followUp) return { write: 'delete', result: { kind: 'closed' } };
  const marker: WindowMarker = {
    windowId: newWindowId,
    state: 'pending',
    dueAt,
    staleAt,
    firstEventTime: current.followUpEventTime ?? current.firstEventTime,
    openedBy: current.openedBy,
    followUp: false,
  };
  return { write: 'put', marker, result: { kind: 'reopened', windowId: marker.windowId, dueAt, firstEventTime: marker.firstEventTime } };
}
