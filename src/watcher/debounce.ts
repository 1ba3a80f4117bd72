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
 * A marker whose `staleAt` passed (its message was lost, or its evaluation ended in the poison
 * queue) is taken over by the next event. Times are ISO 8601 UTC strings, compared as strings.
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
