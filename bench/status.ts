/**
 * Status page benchmark: page size and render time of `GET /api/status` for a large estate, paged
 * (the default page, and the largest the route allows) against the whole estate on one page, and of
 * the HTML check report of the same estate (with the views: every NSG rule of each failing flow).
 * State is the in-memory store (the same transition logic as Table storage) holding real evaluations of
 * a synthetic estate, every 4th NSG broken, each instance with two transitions (the sweep, a change).
 * Measured: the use case (listing, sorting, paging, transitions) plus the renderer; not storage latency.
 */
import { evaluateViews } from '../src/cli/check-estate.js';
import { renderHtmlReport } from '../src/report/html/report.js';
import { renderStatusPage } from '../src/report/html/status.js';
import { RULES } from '../src/rules/catalogue.js';
import { Estate } from '../src/sources/estate.js';
import { MemoryStateStore } from '../src/state/memory-state-store.js';
import { noTelemetry } from '../src/telemetry/telemetry.js';
import { DEFAULT_TIMING, type WatcherDeps } from '../src/watcher/deps.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, statusOverview } from '../src/watcher/status.js';
import { syntheticEstate } from '../test/support/synthetic-estate.js';
import { median } from './stats.js';
import { count, ms, type Table } from './table.js';

export interface StatusBenchOptions {
  instances: number;
  runs: number;
}

export const STATUS_DEFAULTS: StatusBenchOptions = { instances: 1000, runs: 5 };

export interface StatusBenchRow {
  what: string;
  sections: number;
  bytes: number;
  medianMs: number;
}

export async function runStatusBench(o: StatusBenchOptions, progress: (line: string) => void): Promise<StatusBenchRow[]> {
  progress(`status: evaluating ${o.instances} synthetic instances…`);
  const resources = syntheticEstate({ instances: o.instances, subscriptions: 1, nsgRules: 20, routes: 0, instancesPerNsg: 1, brokenEvery: 4 });
  const estate = Estate.fromResources(resources);
  const views = estate.buildViews();
  const report = evaluateViews(views, RULES);
  const healthy = evaluateViews(views, []);
  const store = new MemoryStateStore();
  for (const [i, r] of healthy.instances.entries()) {
    await store.saveEvaluation({ report: { ...r, status: 'pass', findings: [] }, observedAt: '2026-03-02T09:00:00Z', evaluatedAt: '2026-03-02T09:00:00Z', trigger: 'sweep', changes: [] });
    const now = report.instances[i]!;
    await store.saveEvaluation({
      report: now,
      observedAt: '2026-03-02T09:30:00Z',
      evaluatedAt: '2026-03-02T09:30:00Z',
      trigger: 'event',
      changes: [{ eventId: `e${i}`, resourceId: `${now.id}/x`, operation: 'Microsoft.Network/networkSecurityGroups/securityRules/delete', caller: { upn: 'megan.bowen@contoso.com', name: 'Megan Bowen' }, time: '2026-03-02T09:27:41Z' }],
    });
  }
  const subscription = report.instances[0]!.id.split('/')[2]!.toLowerCase();
  const deps: WatcherDeps = {
    store,
    queue: { scheduleEvaluation: async () => {} },
    reader: { loadInstance: async () => undefined, sweep: async () => ({ views: [], resources: [], incomplete: [] }) },
    rules: RULES,
    clock: { now: () => new Date() },
    telemetry: noTelemetry,
    scope: { subscriptions: [subscription] },
    timing: DEFAULT_TIMING,
  };

  const measure = async (what: string, render: () => Promise<{ html: string; sections: number }>): Promise<StatusBenchRow> => {
    const times: number[] = [];
    let last = { html: '', sections: 0 };
    for (let run = 0; run < o.runs; run++) {
      const start = performance.now();
      last = await render();
      times.push(performance.now() - start);
    }
    progress(`status: ${what}: ${ms(median(times))}`);
    return { what, sections: last.sections, bytes: Buffer.byteLength(last.html), medianMs: median(times) };
  };
  const statusPage = (pageSize: number) => async () => {
    const overview = await statusOverview(deps, { page: 1, pageSize });
    return { html: renderStatusPage({ ...overview, generatedAt: new Date(), pageLink: (p) => `?page=${p}` }), sections: overview.entries.length };
  };
  return [
    await measure(`GET /api/status (default page of ${DEFAULT_PAGE_SIZE})`, statusPage(DEFAULT_PAGE_SIZE)),
    await measure(`GET /api/status?pageSize=${MAX_PAGE_SIZE} (largest page)`, statusPage(MAX_PAGE_SIZE)),
    await measure(`status page with all ${o.instances} (not offered: for comparison)`, statusPage(o.instances)),
    await measure(`check --format html (${o.instances}, with the views)`, async () => ({
      html: renderHtmlReport(report, { toolVersion: 'bench', generatedAt: new Date(), views }),
      sections: report.instances.length,
    })),
  ];
}

export function statusTables(rows: StatusBenchRow[], o: StatusBenchOptions): Table[] {
  return [
    {
      title: 'HTML pages: size and render time',
      notes: [`${count(o.instances)} instances (every 4th failing), 2 transitions each, in-memory state; median of ${o.runs} runs`],
      columns: ['page', 'instances shown', 'size', 'render'],
      rows: rows.map((r) => [r.what, count(r.sections), `${(r.bytes / 1024).toFixed(0)} KiB`, ms(r.medianMs)]),
    },
  ];
}
