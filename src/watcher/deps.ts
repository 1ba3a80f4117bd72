/**
 * What the watcher's use cases are given: the ports and the few numbers that tune them. The Functions
 * composition root (functions/runtime.ts) builds it from the configuration; tests build it from
 * Azurite, the ARM simulator and fakes.
 */
import type { NetworkStatusCache } from './corroboration.js';
import type { AddressDataSource } from '../sources/reader.js';
import type { Rule } from '../rules/rule.js';
import type { WatchScope } from '../config/config.js';
import type { AlertSink, Clock, EstateReader, StateStore, Telemetry, WorkQueue } from './ports.js';

export interface WatcherDeps {
  store: StateStore;
  queue: WorkQueue;
  reader: EstateReader;
  rules: readonly Rule[];
  clock: Clock;
  telemetry: Telemetry;
  scope: WatchScope;
  /** The alert side; without it evaluations are stored and nothing is sent. */
  alerts?: AlertSink;
  /** Optional address data (service-tag ranges) for each evaluation; without it tags are judged by containment. */
  addressData?: AddressDataSource;
  /** The instance's own probes, attached after a failing or unknown evaluation (corroboration.ts). */
  networkStatus?: NetworkStatusCache;
  /** HTTP requests sent to ARM so far (a monotonic counter), to report ARM calls per evaluation. */
  armRequests?: () => number;
  timing: WatcherTiming;
}

export interface WatcherTiming {
  debounceSeconds: number;
  changeRetentionHours: number;
  eventDedupeHours: number;
  /** A pending window whose evaluation has not begun this long after it was due is taken over. */
  pendingGraceSeconds: number;
  /** A running evaluation not finished after this long is presumed dead (beyond the Functions timeout). */
  runningStaleSeconds: number;
}

export const DEFAULT_TIMING: WatcherTiming = {
  debounceSeconds: 20,
  changeRetentionHours: 168,
  eventDedupeHours: 48,
  pendingGraceSeconds: 300,
  runningStaleSeconds: 900,
};

export function iso(date: Date): string {
  return date.toISOString();
}

export function later(date: Date, seconds: number): string {
  return new Date(date.getTime() + seconds * 1000).toISOString();
}
