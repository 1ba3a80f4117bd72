/**
 * When the watcher reads an instance's own connectivity probes (networkstatus): after a failing or unknown
 * evaluation, at most once per instance per interval in this worker. Between two reads the last answer is
 * used again, so that consecutive evaluations say the same thing (a finding that came and went with each
 * read would alert on every evaluation). Other workers keep their own answers: reads are bounded by the
 * interval times the workers, not by the evaluations.
 */
import type { LocationNetworkStatus } from '../model/network-status.js';

const MAX_ENTRIES = 10_000;

export class NetworkStatusCache {
  private readonly entries = new Map<string, { readAt: number; statuses: LocationNetworkStatus[] }>();
  /** networkstatus reads sent (tests, telemetry). */
  reads = 0;

  constructor(
    private readonly read: (instanceId: string) => Promise<LocationNetworkStatus[]>,
    private readonly intervalMinutes: number,
  ) {}

  /** The probes to attach now, or undefined (switched off, or never read successfully). */
  async statusesFor(instanceId: string, now: Date, warn: (line: string) => void, onDemand = false): Promise<LocationNetworkStatus[] | undefined> {
    // On demand (a re-check with ?corroborate=true) reads now, whatever the interval says.
    if (this.intervalMinutes <= 0 && !onDemand) return undefined;
    const key = instanceId.toLowerCase();
    const known = this.entries.get(key);
    if (!onDemand && known && now.getTime() - known.readAt < this.intervalMinutes * 60_000) return known.statuses;
    this.reads++;
    try {
      const statuses = await this.read(instanceId);
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, { readAt: now.getTime(), statuses });
      return statuses;
    } catch (e) {
      warn(`the networkstatus of ${instanceId} could not be read (${(e as Error).message.replace(/\s+/g, ' ').slice(0, 300)}): its findings are not corroborated`);
      return known?.statuses;
    }
  }
}
