/// <reference lib="dom" />
/**
 * Headless Debian Chromium through playwright-core (no browser download): the browser tests and
 * `npm run docs:images` launch it the same way. Every request a page makes is recorded; anything
 * that is not file:, data: or 127.0.0.1 is aborted and counted, so a test can assert that nothing
 * left the machine. CHROMIUM=/path overrides /usr/bin/chromium.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export interface Browser {
  context: BrowserContext;
  /** A new page that records console errors, page errors and every request. */
  newPage(): Promise<WatchedPage>;
  close(): Promise<void>;
}

export interface WatchedPage {
  page: Page;
  consoleErrors: string[];
  requests: string[];
  /** Requests to anything but file:, data: or 127.0.0.1 (aborted). */
  offMachine: string[];
}

/** The flags Chromium needs here: headless as root, and no background connection to a closed network. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

function onMachine(url: string): boolean {
  if (url.startsWith('file:') || url.startsWith('data:') || url.startsWith('about:')) return true;
  try {
    return new URL(url).hostname === '127.0.0.1';
  } catch {
    return false;
  }
}

export async function launchChromium(options: { viewport?: { width: number; height: number }; deviceScaleFactor?: number } = {}): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'avg-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
  });
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      const watched: WatchedPage = { page, consoleErrors: [], requests: [], offMachine: [] };
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') watched.consoleErrors.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => watched.consoleErrors.push(`pageerror: ${e.message}`));
      await page.route('**/*', (route) => {
        const url = route.request().url();
        watched.requests.push(url);
        if (onMachine(url)) return route.continue();
        watched.offMachine.push(url);
        return route.abort('blockedbyclient');
      });
      return watched;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Serious and critical axe violations, as `rule: target` lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  const result = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } };
    return w.axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}
