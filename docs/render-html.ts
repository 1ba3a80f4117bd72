/**
 * Renders the README's pictures of the HTML pages with the real renderers, in headless Chromium
 * (test/support/chromium.ts: Debian's chromium through playwright-core; any request off file: fails
 * the script):
 *   - html-report.png: the top of the sample estate's report (what `npm start` writes);
 *   - html-report-nsg.png: apim-contoso-int-weu in it: the path to DenyAllInBound and the inbound rules;
 *   - html-report-v2.png: apim-contoso-v2-inj-weu: the delegation beside the subnet, the outbound rules
 *     with the deny that decides and the default rules it shadows;
 *   - status-page.png: the watcher's status page for apim-contoso-int-weu after the sample scenario
 *     (the 3443 rule deleted by a named caller, the fail, the rule restored, the recovery).
 *
 *   npm run docs:images
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkEstate } from '../src/cli/check-estate.js';
import { openSource } from '../src/cli/estate-source.js';
import type { InstanceReport } from '../src/model/finding.js';
import { renderHtmlReport } from '../src/report/html/report.js';
import { renderStatusPage } from '../src/report/html/status.js';
import { RULES } from '../src/rules/catalogue.js';
import { MemoryStateStore } from '../src/state/memory-state-store.js';
import type { ChangeRecord, EvaluationTrigger } from '../src/watcher/ports.js';
import { launchChromium } from '../test/support/chromium.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'docs', 'images');
const INSTANCE = 'apim-contoso-int-weu';
const V2_INSTANCE = 'apim-contoso-v2-inj-weu';

// Fixed times and the illustrative change of docs/render-previews.ts, so the pictures change only with the renderers.
const SWEPT_AT = '2026-03-02T09:00:00.000Z';
const FAILED_AT = '2026-03-02T09:30:00.000Z';
const RESOLVED_AT = '2026-03-02T10:05:00.000Z';
const NSG = '/subscriptions/3f2b8c1e-7d4a-4e9b-9c61-2a5d8e0f4b17/resourceGroups/rg-network-weu/providers/Microsoft.Network/networkSecurityGroups/nsg-apim-internal-weu';
const change = (eventId: string, verb: 'delete' | 'write', time: string, name: string, upn: string): ChangeRecord => ({
  eventId,
  resourceId: `${NSG}/securityRules/AllowApiManagementInbound`,
  operation: `Microsoft.Network/networkSecurityGroups/securityRules/${verb}`,
  caller: { name, upn },
  time,
  correlationId: '6f1c2a8e-4b7d-4f0a-9e35-1d2c3b4a5f60',
});

async function main(): Promise<void> {
  const source = await openSource({ estate: join(ROOT, 'examples', 'estate'), cwd: ROOT });
  const outcome = await checkEstate(source.reader, RULES);
  if (outcome.kind !== 'report') throw new Error(outcome.reason);
  const report = renderHtmlReport(outcome.report, { toolVersion: 'docs', generatedAt: new Date(FAILED_AT), views: outcome.views, source: 'examples/estate' });

  // The watcher's state after the scenario, through the real state store's transition logic.
  const store = new MemoryStateStore();
  const save = (r: InstanceReport, at: string, trigger: EvaluationTrigger, changes: ChangeRecord[] = []) =>
    store.saveEvaluation({ report: r, observedAt: at, evaluatedAt: at, trigger, changes });
  const failing = outcome.report.instances.find((i) => i.name === INSTANCE)!;
  const healthy: InstanceReport = { ...failing, status: 'pass', findings: [] };
  await save(healthy, SWEPT_AT, 'sweep');
  await save(failing, FAILED_AT, 'event', [change('evt-1', 'delete', '2026-03-02T09:27:41Z', 'Megan Bowen', 'megan.bowen@contoso.com')]);
  await save(healthy, RESOLVED_AT, 'event', [change('evt-2', 'write', '2026-03-02T10:03:12Z', 'Adele Vance', 'adele.vance@contoso.com')]);
  const state = (await store.getInstance(failing.id))!;
  const status = renderStatusPage({
    entries: [{ state, transitions: await store.listTransitions(failing.id), undelivered: [] }],
    byStatus: { fail: 0, unknown: 0, warn: 0, pass: 1, 'not-injected': 0 },
    total: 1,
    matching: 1,
    page: 1,
    pages: 1,
    pageSize: 1,
    generatedAt: new Date('2026-03-02T10:06:00Z'),
    pageLink: () => '#',
    single: true,
  });

  const work = await mkdtemp(join(tmpdir(), 'apim-vnet-guard-html-'));
  const browser = await launchChromium({ viewport: { width: 1280, height: 900 } });
  try {
    await mkdir(OUT, { recursive: true });
    const open = async (name: string, htmlText: string) => {
      const path = join(work, name);
      await writeFile(path, htmlText, 'utf8');
      const w = await browser.newPage();
      await w.page.goto(pathToFileURL(path).href);
      return w;
    };
    const check = (w: Awaited<ReturnType<typeof open>>) => {
      if (w.offMachine.length || w.consoleErrors.length) throw new Error(`the page made requests or errors: ${[...w.offMachine, ...w.consoleErrors].join('; ')}`);
    };
    const shots: Array<[string, Buffer]> = [];
    const r = await open('report.html', report);
    shots.push(['html-report.png', await r.page.screenshot({ clip: { x: 0, y: 0, width: 1280, height: 880 } })]);
    shots.push(['html-report-nsg.png', await r.page.locator('section.instance', { hasText: INSTANCE }).first().screenshot()]);
    shots.push(['html-report-v2.png', await r.page.locator('section.instance', { hasText: V2_INSTANCE }).first().screenshot()]);
    check(r);
    const s = await open('status.html', status);
    shots.push(['status-page.png', await s.page.screenshot({ fullPage: true })]);
    check(s);
    for (const [name, png] of shots) {
      await writeFile(join(OUT, name), png);
      process.stderr.write(`wrote docs/images/${name} (${png.length} bytes)\n`);
    }
  } finally {
    await browser.close();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
