/**
 * Service-tag ranges from the Service Tags discovery API (`GET /subscriptions/{s}/providers/
 * Microsoft.Network/locations/{location}/serviceTags`), kept for `refreshSeconds` and refreshed after; a
 * refresh that returns the same `changeNumber` keeps the parsed data it already holds (the document is
 * several MB and changes about weekly). A failed read keeps the last data, or gives none: without data
 * the engine judges tags by containment, as it always has. The location only names the cloud: the answer
 * holds every region. A paged answer (`nextLink`) is followed to its end, on the ARM host only: ranges
 * from a first page alone could let a CIDR list that misses a range pass.
 */
import { parseResourceId } from '../../arm/resource-id.js';
import type { InstanceView } from '../../model/view.js';
import { parseServiceTagRanges, type ServiceTagRanges } from '../../network/service-tag-ranges.js';
import type { AddressData } from '../../rules/rule.js';
import type { AddressDataSource } from '../reader.js';
import { armNextLink, armRest } from './arm-rest.js';
import { NETWORK_API_VERSION, type ArmConnection } from './connection.js';
import { failureOutcome } from './read-resource.js';

export const SERVICE_TAGS_REFRESH_SECONDS = 6 * 3600;
const RETRY_AFTER_FAILURE_MS = 5 * 60 * 1000;
/** The document is one page today; a runaway chain of links is refused rather than followed. */
const MAX_PAGES = 50;

interface TagsPage {
  changeNumber?: unknown;
  values?: unknown;
  nextLink?: unknown;
}

export class LiveServiceTags implements AddressDataSource {
  private data: ServiceTagRanges | undefined;
  private nextRefreshAt = Number.NEGATIVE_INFINITY;
  private pending: Promise<void> | undefined;
  /** Discovery API requests sent, and how many brought a new changeNumber (for tests and telemetry). */
  reads = 0;
  changes = 0;

  constructor(
    private readonly connection: ArmConnection,
    private readonly options: { refreshSeconds?: number; now?: () => number } = {},
  ) {}

  async forView(view: InstanceView, warn: (line: string) => void): Promise<AddressData | undefined> {
    const now = (this.options.now ?? Date.now)();
    if (now >= this.nextRefreshAt) {
      this.pending ??= this.refresh(parseResourceId(view.instance.id).subscriptionId, view.instance.region, now, warn).finally(() => (this.pending = undefined));
      await this.pending;
    }
    return this.data ? { serviceTags: this.data } : undefined;
  }

  private get refreshMs(): number {
    return (this.options.refreshSeconds ?? SERVICE_TAGS_REFRESH_SECONDS) * 1000;
  }

  /** The first page with the values of every page after it. */
  private async allPages(first: TagsPage): Promise<TagsPage> {
    const values: unknown[] = Array.isArray(first.values) ? [...(first.values as unknown[])] : [];
    let next = first.nextLink;
    for (let page = 1; typeof next === 'string' && next !== ''; page++) {
      if (page >= MAX_PAGES) throw new Error(`the Service Tags discovery API gave more than ${MAX_PAGES} pages`);
      const body = (await armNextLink(this.connection, next)) as TagsPage | undefined;
      if (!Array.isArray(body?.values)) throw new Error(`page ${page + 1} of the Service Tags discovery API has no "values" array`);
      values.push(...(body.values as unknown[]));
      next = body.nextLink;
    }
    const { nextLink: _followed, ...document } = first;
    return { ...document, values };
  }

  private async refresh(subscriptionId: string, location: string, now: number, warn: (line: string) => void): Promise<void> {
    this.reads++;
    try {
      // Plain REST (arm-rest.ts), like the reads by id: the document is parsed once and the SDK is not loaded for it.
      const path = `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Network/locations/${encodeURIComponent(location)}/serviceTags`;
      const first = (await armRest(this.connection, { method: 'GET', path, apiVersion: NETWORK_API_VERSION })) as TagsPage | undefined;
      const document = await this.allPages(first ?? {});
      if (this.data === undefined || String(document.changeNumber ?? '') !== this.data.changeNumber) {
        this.data = parseServiceTagRanges(document, 'the Service Tags discovery API');
        this.changes++;
      }
      this.nextRefreshAt = now + this.refreshMs;
    } catch (e) {
      // Tried again a few minutes later, not on every evaluation.
      this.nextRefreshAt = now + Math.min(this.refreshMs, RETRY_AFTER_FAILURE_MS);
      const failure = failureOutcome(e);
      const reason = failure.state === 'unreadable' ? failure.reason : '404 not found';
      // Until then the last data (or none) is used.
      warn(`service-tag ranges could not be read (${reason}): ${this.data ? `the ranges of change ${this.data.changeNumber} are used` : 'tags are judged by containment only'}`);
    }
  }
}
