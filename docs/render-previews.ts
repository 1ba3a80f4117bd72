/**
 * Renders the pictures of the README: the Teams card and the e-mail that the sample estate's
 * `apim-contoso-int-weu` gets (its NSG lost the inbound ApiManagement → 3443 rule), and the
 * resolved card once the rule is back.
 *
 *   node --import tsx docs/render-previews.ts
 *
 * The card is drawn by the `adaptivecards` renderer (the browser bundle) with a Teams-like host
 * config, the e-mail as a mail client shows it; both in headless Chromium driven over its
 * DevTools pipe (no port, no WebSocket). Nothing leaves the machine: pages are file:// URLs, host
 * names resolve to nothing, and any request that is not file: or data: fails the script.
 *
 * CHROMIUM=/path/to/chromium overrides /usr/bin/chromium.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { simpleParser } from 'mailparser';
import { decideAlerts } from '../src/alerts/policy.js';
import { renderAlertPreview } from '../src/alerts/preview.js';
import { buildTeamsMessage, type AdaptiveCard, type TeamsMessage } from '../src/alerts/render/card.js';
import type { Attribution } from '../src/alerts/types.js';
import { checkEstate } from '../src/cli/check-estate.js';
import { openSource } from '../src/cli/estate-source.js';
import type { InstanceReport } from '../src/model/finding.js';
import { RULES } from '../src/rules/catalogue.js';
import { CHROMIUM_FLAGS } from '../test/support/chromium.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'docs', 'images');
const ADAPTIVECARDS = join(ROOT, 'node_modules', 'adaptivecards', 'dist', 'adaptivecards.min.js');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const INSTANCE = 'apim-contoso-int-weu';

// Fixed times and an illustrative change, so that the pictures only change when the renderers do.
const FAILED_AT = new Date('2026-03-02T09:30:00Z');
const RESOLVED_AT = new Date('2026-03-02T10:05:00Z');
const NSG = '/subscriptions/3f2b8c1e-7d4a-4e9b-9c61-2a5d8e0f4b17/resourceGroups/rg-network-weu/providers/Microsoft.Network/networkSecurityGroups/nsg-apim-internal-weu';
const CALLER = { name: 'Megan Bowen', upn: 'megan.bowen@contoso.com' };
const DELETED: Attribution = {
  caller: CALLER,
  operation: 'Microsoft.Network/networkSecurityGroups/securityRules/delete',
  resourceId: `${NSG}/securityRules/AllowApiManagementInbound`,
  time: '2026-03-02T09:27:41Z',
  correlationId: '6f1c2a8e-4b7d-4f0a-9e35-1d2c3b4a5f60',
};
const RESTORED: Attribution = {
  ...DELETED,
  operation: 'Microsoft.Network/networkSecurityGroups/securityRules/write',
  time: '2026-03-02T10:03:12Z',
  correlationId: '0b9e7d6c-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
};

const FOREGROUND = {
  default: { default: '#242424', subtle: '#616161' },
  accent: { default: '#5B5FC7', subtle: '#7579EB' },
  attention: { default: '#C4314B', subtle: '#C4314BCC' },
  good: { default: '#237B4B', subtle: '#237B4BCC' },
  warning: { default: '#835C00', subtle: '#835C00CC' },
  dark: { default: '#242424', subtle: '#616161' },
  light: { default: '#FFFFFF', subtle: '#FFFFFFCC' },
};

/** Close to the Teams light theme; fonts fall back to what a Linux box has. */
const HOST_CONFIG = {
  fontFamily: "'Segoe UI', 'Liberation Sans', 'DejaVu Sans', Arial, sans-serif",
  fontTypes: {
    default: { fontFamily: "'Segoe UI', 'Liberation Sans', 'DejaVu Sans', Arial, sans-serif" },
    monospace: { fontFamily: "Consolas, 'Liberation Mono', 'DejaVu Sans Mono', monospace" },
  },
  fontSizes: { small: 12, default: 14, medium: 16, large: 20, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E0E0E0' },
  supportsInteractivity: true,
  actions: { maxActions: 6, spacing: 'default', buttonSpacing: 8, actionsOrientation: 'horizontal', actionAlignment: 'left', iconPlacement: 'leftOfTitle' },
  // Each container style carries its own text colours; without them the library's defaults show.
  containerStyles: Object.fromEntries(
    Object.entries({
      default: '#FFFFFF',
      emphasis: '#F5F5F5',
      attention: '#FCF4F6',
      good: '#E7F2DA',
      warning: '#FBF6D9',
      accent: '#E8EBFA',
    }).map(([style, backgroundColor]) => [style, { backgroundColor, foregroundColors: FOREGROUND }]),
  ),
};

async function main(): Promise<void> {
  const report = await sampleReport(INSTANCE);
  const failing = await renderAlertPreview(report, { now: FAILED_AT, attribution: DELETED });
  const file = (suffix: string) => failing.find((f) => f.name.endsWith(suffix))!.content;
  const failingCard = (JSON.parse(file('.teams.json')) as TeamsMessage).attachments[0]!.content;
  const mail = await simpleParser(file('.eml'));

  // The recovery, as the watcher decides it: the open alert of the first evaluation is resolved.
  const channels = [{ name: 'preview', minSeverity: 'breaks-on-apply' as const }];
  const options = { unknownAfterMinutes: 0, subjectPrefix: '[apim-vnet-guard]' };
  const first = decideAlerts({ report, previous: undefined, channels, changes: [DELETED], now: FAILED_AT, options });
  const recovered: InstanceReport = { ...report, status: 'pass', findings: [] };
  const second = decideAlerts({ report: recovered, previous: first.next, channels, changes: [RESTORED], now: RESOLVED_AT, options });
  const resolved = second.alerts.find((a) => a.kind === 'resolved');
  if (!resolved) throw new Error('the recovery produced no resolved alert');
  const resolvedCard = buildTeamsMessage(resolved).attachments[0]!.content;

  const work = await mkdtemp(join(tmpdir(), 'apim-vnet-guard-render-'));
  const browser = await Browser.launch(join(work, 'profile'));
  try {
    await mkdir(OUT, { recursive: true });
    const pages: Array<{ png: string; html: string; width: number }> = [
      { png: 'teams-card.png', html: cardPage(failingCard), width: 600 },
      { png: 'teams-card-resolved.png', html: cardPage(resolvedCard), width: 600 },
      {
        png: 'alert-email.png',
        html: emailPage({
          subject: mail.subject ?? '',
          from: mail.from?.text ?? '',
          to: Array.isArray(mail.to) ? mail.to.map((t) => t.text).join(', ') : (mail.to?.text ?? ''),
          date: mail.date?.toUTCString() ?? '',
          html: file('.email.html'),
        }),
        width: 760,
      },
    ];
    for (const page of pages) {
      const path = join(work, page.png.replace(/\.png$/, '.html'));
      await writeFile(path, page.html, 'utf8');
      const png = await browser.screenshot(pathToFileURL(path).href, page.width);
      await writeFile(join(OUT, page.png), png);
      process.stderr.write(`wrote docs/images/${page.png} (${png.length} bytes)\n`);
    }
  } finally {
    await browser.close();
    await rm(work, { recursive: true, force: true });
  }
}

async function sampleReport(name: string): Promise<InstanceReport> {
  const source = await openSource({ estate: join(ROOT, 'examples', 'estate'), cwd: ROOT });
  const outcome = await checkEstate(source.reader, RULES, { instance: name });
  if (outcome.kind !== 'report') throw new Error(`${name}: ${outcome.reason}`);
  const report = outcome.report.instances[0]!;
  if (report.status !== 'fail') throw new Error(`${name} is ${report.status}, the pictures need a failing instance`);
  return report;
}

/** JSON inside a <script> element: `</script>` and friends cannot close it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The card in a Teams-like message bubble on a white page. */
function cardPage(card: AdaptiveCard): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>card</title>
<style>
  html, body { margin: 0; background: #ffffff; }
  #frame { width: 560px; padding: 20px; box-sizing: content-box; }
  #bubble { border: 1px solid #e0e0e0; border-radius: 6px; overflow: hidden; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
  .ac-pushButton { font-family: 'Segoe UI', 'Liberation Sans', 'DejaVu Sans', sans-serif; font-size: 13px; font-weight: 600;
    background: #ffffff; color: #242424; border: 1px solid #d1d1d1; border-radius: 4px; padding: 5px 12px; }
  a { color: #5B5FC7; text-decoration: none; }
</style>
<script src="${pathToFileURL(ADAPTIVECARDS).href}"></script>
</head><body><div id="frame"><div id="bubble"></div></div>
<script>
  const card = new AdaptiveCards.AdaptiveCard();
  card.hostConfig = new AdaptiveCards.HostConfig(${scriptJson(HOST_CONFIG)});
  card.parse(${scriptJson(card)});
  document.getElementById('bubble').appendChild(card.render());
  document.title = 'rendered';
</script></body></html>`;
}

/** The e-mail as a mail client shows it: the headers, then the HTML body in a frame of its own. */
function emailPage(m: { subject: string; from: string; to: string; date: string; html: string }): string {
  const row = (label: string, value: string) =>
    `<div class="row"><span class="label">${label}</span><span>${escapeHtml(value)}</span></div>`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>email</title>
<style>
  html, body { margin: 0; background: #ffffff; font-family: 'Segoe UI', 'Liberation Sans', 'DejaVu Sans', Arial, sans-serif; color: #242424; }
  #frame { width: 720px; padding: 20px; }
  #window { border: 1px solid #e0e0e0; border-radius: 6px; overflow: hidden; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
  #headers { background: #f5f5f5; border-bottom: 1px solid #e0e0e0; padding: 12px 16px; font-size: 13px; }
  #headers .subject { font-size: 17px; font-weight: 600; margin-bottom: 6px; }
  #headers .row { line-height: 1.6; }
  #headers .label { display: inline-block; width: 48px; color: #616161; }
  iframe { display: block; width: 100%; border: 0; }
</style></head>
<body><div id="frame"><div id="window">
<div id="headers"><div class="subject">${escapeHtml(m.subject)}</div>${row('From', m.from)}${row('To', m.to)}${row('Date', m.date)}</div>
<iframe id="body" sandbox="allow-same-origin" srcdoc="${escapeHtml(m.html)}"></iframe>
</div></div>
<script>
  const frame = document.getElementById('body');
  frame.addEventListener('load', () => {
    frame.style.height = frame.contentDocument.documentElement.scrollHeight + 'px';
    document.title = 'rendered';
  });
</script></body></html>`;
}

/** Headless Chromium over --remote-debugging-pipe: NUL-terminated JSON messages on fds 3 and 4. */
class Browser {
  private nextId = 1;
  private buffer = '';
  private readonly pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private readonly listeners: Array<(m: { method: string; params: any; sessionId?: string }) => void> = [];

  private constructor(
    private readonly child: ReturnType<typeof spawn>,
    private readonly input: Writable,
    output: Readable,
  ) {
    output.setEncoding('utf8');
    output.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end;
      while ((end = this.buffer.indexOf('\0')) >= 0) {
        const message = JSON.parse(this.buffer.slice(0, end));
        this.buffer = this.buffer.slice(end + 1);
        if (message.id !== undefined) {
          const p = this.pending.get(message.id);
          this.pending.delete(message.id);
          if (message.error) p?.reject(new Error(`${message.error.message} (${message.error.code})`));
          else p?.resolve(message.result);
        } else {
          for (const l of this.listeners) l(message);
        }
      }
    });
  }

  static async launch(profile: string): Promise<Browser> {
    const child = spawn(
      CHROMIUM,
      [
        ...CHROMIUM_FLAGS,
        '--disable-extensions',
        '--disable-default-apps',
        '--hide-scrollbars',
        '--font-render-hinting=none',
        // No name resolves and no proxy answers: the pages cannot fetch anything from a network.
        '--host-resolver-rules=MAP * ~NOTFOUND',
        '--proxy-server=http://127.0.0.1:9',
        `--user-data-dir=${profile}`,
        '--remote-debugging-pipe',
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
    );
    let log = '';
    child.stderr!.on('data', (d) => (log += d));
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`chromium exited (${code}): ${log.slice(-2000)}`))));
    exited.catch(() => {});
    const browser = new Browser(child, child.stdio[3] as Writable, child.stdio[4] as Readable);
    await Promise.race([browser.send('Browser.getVersion'), exited]);
    return browser;
  }

  send(method: string, params: object = {}, sessionId?: string): Promise<any> {
    const id = this.nextId++;
    const message = sessionId ? { id, method, params, sessionId } : { id, method, params };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.input.write(`${JSON.stringify(message)}\0`);
    });
  }

  private waitFor(method: string, sessionId: string, until: (params: any) => boolean = () => true): Promise<any> {
    return new Promise((resolve) => {
      const listener = (m: { method: string; params: any; sessionId?: string }) => {
        if (m.method === method && m.sessionId === sessionId && until(m.params)) {
          this.listeners.splice(this.listeners.indexOf(listener), 1);
          resolve(m.params);
        }
      };
      this.listeners.push(listener);
    });
  }

  /** A PNG of `url` at `width` CSS pixels, twice the pixel density, as tall as the page. */
  async screenshot(url: string, width: number): Promise<Buffer> {
    const { targetId } = await this.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await this.send('Target.attachToTarget', { targetId, flatten: true });
    const offNetwork: string[] = [];
    const onRequest = (m: { method: string; params: any; sessionId?: string }) => {
      if (m.method === 'Network.requestWillBeSent' && m.sessionId === sessionId && !/^(file|data|about):/.test(m.params.request.url)) {
        offNetwork.push(m.params.request.url);
      }
    };
    this.listeners.push(onRequest);
    try {
      await this.send('Network.enable', {}, sessionId);
      await this.send('Page.enable', {}, sessionId);
      await this.send('Emulation.setDeviceMetricsOverride', { width, height: 800, deviceScaleFactor: 2, mobile: false }, sessionId);
      const loaded = this.waitFor('Page.loadEventFired', sessionId);
      await this.send('Page.navigate', { url }, sessionId);
      await loaded;
      // The pages set their title once the card is rendered or the e-mail frame sized.
      const title = await this.evaluate(
        `new Promise((resolve) => { const t = Date.now(); (function poll() { if (document.title === 'rendered' || Date.now() - t > 10000) resolve(document.title); else setTimeout(poll, 20); })(); })`,
        sessionId,
      );
      if (title !== 'rendered') throw new Error(`${url} did not render (title "${title}")`);
      await this.evaluate('document.fonts.ready.then(() => true)', sessionId);
      const height = Math.ceil((await this.evaluate('document.getElementById("frame").getBoundingClientRect().bottom', sessionId)) as number);
      await this.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 2, mobile: false }, sessionId);
      const { data } = await this.send('Page.captureScreenshot', { format: 'png', clip: { x: 0, y: 0, width, height, scale: 1 } }, sessionId);
      if (offNetwork.length > 0) throw new Error(`${url} tried to reach the network: ${offNetwork.join(', ')}`);
      return Buffer.from(data as string, 'base64');
    } finally {
      this.listeners.splice(this.listeners.indexOf(onRequest), 1);
      await this.send('Target.closeTarget', { targetId });
    }
  }

  private async evaluate(expression: string, sessionId: string): Promise<unknown> {
    const r = await this.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId);
    if (r.exceptionDetails) throw new Error(`page script failed: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value;
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.send('Browser.close').catch(() => {});
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (this.child.exitCode === null) this.child.kill();
  }
}

await main();
