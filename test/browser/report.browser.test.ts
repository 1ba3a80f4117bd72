/// <reference lib="dom" />
/**
 * The HTML report of the sample estate in real headless Chromium, opened from file:// as a user
 * would after `npm start`: nothing loads from anywhere, no console error, the filters, the search and
 * the copy buttons work, the highlighted rule is the deciding rule of the JSON report, and axe-core
 * finds no serious accessibility violation.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/program.js';
import type { JsonReport } from '../../src/report/json.js';
import { chromiumAvailable, launchChromium, seriousViolations, type Browser } from '../support/chromium.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function run(args: string[], cwd: string): Promise<number> {
  const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: ROOT, now: () => new Date('2026-03-02T09:30:00Z') };
  return main(['check', '--estate', join(ROOT, 'examples/estate'), '--fail-on', 'never', ...args.map((a) => a.replace('{dir}', cwd))], io);
}

describe.skipIf(!chromiumAvailable() && !process.env.CI)('the HTML report in Chromium', () => {
  let dir: string;
  let browser: Browser;
  let json: JsonReport;
  let url: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'avg-html-'));
    expect(await run(['--format', 'json', '--output', '{dir}/report.json', '--html', '{dir}/report.html'], dir)).toBe(0);
    json = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as JsonReport;
    url = pathToFileURL(join(dir, 'report.html')).href;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads from file:// with no console error, no CSP violation and no request but itself', async () => {
    const w = await browser.newPage();
    await w.page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective}`));
    });
    await w.page.goto(url);
    await w.page.waitForLoadState('networkidle');
    expect(w.consoleErrors).toEqual([]);
    expect(w.offMachine).toEqual([]);
    expect(w.requests).toEqual([url]);
    // The script ran (the CSP hash matches): the count line was rewritten by it after a filter.
    await w.page.getByRole('button', { name: /^FAIL/ }).click();
    await expect.poll(() => w.page.locator('#shown').textContent()).toBe(`Showing ${json.summary.byStatus.fail} of ${json.instances.length}`);
    await w.page.close();
  });

  it('shows failures first, and the status filters and the search narrow the list', async () => {
    const { page } = await browser.newPage();
    await page.goto(url);
    const statuses = await page.locator('section.instance').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.status));
    expect(statuses.slice(0, json.summary.byStatus.fail)).toEqual(Array(json.summary.byStatus.fail).fill('fail'));
    const visible = () => page.locator('section.instance:visible').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.status));

    await page.getByRole('button', { name: /^PASS/ }).click();
    expect(await visible()).toEqual(Array(json.summary.byStatus.pass).fill('pass'));
    expect(await page.getByRole('button', { name: /^PASS/ }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: /^All/ }).click();
    expect(await visible()).toHaveLength(json.instances.length);

    await page.getByLabel('Search').fill('nsg_in_mgmt_3443');
    const names = await page.locator('section.instance:visible h2').allTextContents();
    expect(names.map((n) => n.replace(/^\S+\s+/, ''))).toEqual(json.instances.filter((i) => i.findings.some((f) => f.ruleId === 'NSG_IN_MGMT_3443')).map((i) => i.name));
    await page.getByLabel('Search').fill('no-such-thing');
    expect(await visible()).toEqual([]);
    expect(await page.locator('#shown').textContent()).toBe(`Showing 0 of ${json.instances.length}`);
    await page.close();
  });

  it('highlights, for every failing flow, exactly the deciding rule of the JSON report', async () => {
    const { page } = await browser.newPage();
    await page.goto(url);
    const flows = json.instances.flatMap((i) =>
      i.findings.filter((f) => (f.evidence as { decidingRule?: unknown }).decidingRule).map((f) => ({ instance: i, finding: f, rule: (f.evidence as { decidingRule: { name: string; priority: number } }).decidingRule })),
    );
    expect(flows.length).toBeGreaterThan(0);
    for (const { instance, finding, rule } of flows) {
      const section = page.locator('section.instance', { has: page.locator('p.rid', { hasText: instance.id }) });
      const table = section.locator(`article.finding[data-rule="${finding.ruleId}"] table.rules`);
      const highlighted = table.locator('tr[aria-current="true"]');
      expect(await highlighted.count()).toBe(1);
      expect(await highlighted.getAttribute('data-rule-name')).toBe(rule.name);
      expect(await highlighted.getAttribute('data-priority')).toBe(String(rule.priority));
      // It looks different from the rows around it.
      const bg = (loc: ReturnType<typeof table.locator>) => loc.locator('td').first().evaluate((td) => getComputedStyle(td).backgroundColor);
      expect(await bg(highlighted)).not.toBe(await bg(table.locator('tr[data-role="other"]').first()));
      // And the path diagram ends at the same rule, drawn broken.
      const lastStep = section.locator('svg.path g.step-fail').last();
      expect(await lastStep.locator('title').textContent()).toContain(rule.name);
    }
    await page.close();
  });

  it('copies the fix command to the clipboard', async () => {
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const { page } = await browser.newPage();
    await page.goto(url);
    const finding = page.locator('article.finding[data-rule="NSG_IN_MGMT_3443"]');
    const command = (await finding.locator('pre.command code').textContent())!;
    expect(command).toMatch(/^az network nsg rule create .*--destination-port-ranges 3443$/);
    const expected = json.instances.flatMap((i) => i.findings).find((f) => f.ruleId === 'NSG_IN_MGMT_3443')!.remediation;
    expect(expected.endsWith(command)).toBe(true);
    await finding.getByRole('button', { name: 'Copy command' }).click();
    await expect.poll(() => finding.locator('button.copy').textContent()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(command);
    await page.close();
  });

  it('has no serious or critical accessibility violation (axe-core)', async () => {
    const { page } = await browser.newPage();
    await page.goto(url);
    expect(await seriousViolations(page)).toEqual([]);
    // The check is not vacuous: the same run on a page with an unlabelled field reports it.
    await page.setContent('<html lang="en"><body><main><input type="text"></main></body></html>');
    expect((await seriousViolations(page)).map((v) => v.split(':')[0])).toContain('label');
    await page.close();
  });
});
