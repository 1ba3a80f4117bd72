/**
 * The reads of one evaluation: each distinct resource is read at most once, however many instances
 * or locations share it, and at most `concurrency` requests are in flight. A new evaluation starts a
 * new session, so nothing read earlier is trusted later.
 */
import type { ArmResource } from '../../arm/arm-resource.js';
import { normalizeResourceId } from '../../arm/resource-id.js';
import type { ArmConnection } from './connection.js';
import { readArmResource, type ReadOutcome } from './read-resource.js';

export class ReadSession {
  private readonly reads = new Map<string, Promise<ReadOutcome>>();
  private readonly lists = new Map<string, Promise<ListOutcome>>();
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly connection: ArmConnection,
    private readonly concurrency = 8,
  ) {}

  /** Reads a resource by id, once per session. */
  read(id: string): Promise<ReadOutcome> {
    const key = normalizeResourceId(id);
    let pending = this.reads.get(key);
    if (!pending) {
      pending = this.limited(() => readArmResource(this.connection, id));
      this.reads.set(key, pending);
    }
    return pending;
  }

  /** Whether the session already read (or is reading) this id. */
  attempted(id: string): boolean {
    return this.reads.has(normalizeResourceId(id));
  }

  get readCount(): number {
    return this.reads.size;
  }

  /** Runs a list call once per session under `key` (e.g. the APIM instances of a subscription). */
  list(key: string, run: () => Promise<ArmResource[]>): Promise<ListOutcome> {
    let pending = this.lists.get(key);
    if (!pending) {
      pending = this.limited(async (): Promise<ListOutcome> => {
        try {
          return { ok: true, resources: await run() };
        } catch (e) {
          return { ok: false, error: e };
        }
      });
      this.lists.set(key, pending);
    }
    return pending;
  }

  private async limited<T>(task: () => Promise<T>): Promise<T> {
    while (this.active >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      return await task();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}

export type ListOutcome = { ok: true; resources: ArmResource[] } | { ok: false; error: unknown };
