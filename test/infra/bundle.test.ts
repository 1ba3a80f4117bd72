/**
 * The lean package: infra/bundle.ts writes the function app into a temporary directory, which is then
 * loaded the way Azure loads it, in a fresh Node process, by functions-host.cjs (a stand-in for the
 * Functions worker that provides `@azure/functions-core` and records every registration). The
 * registrations must be those of the unbundled source, and the bundle must need nothing outside its
 * package.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_INSIGHTS_CHUNK, bundleFunctionApp, type BundleResult } from '../../infra/bundle.js';

const ROOT = join(import.meta.dirname, '../..');
const HOST = join(import.meta.dirname, 'functions-host.cjs');

interface Registration {
  name: string;
  trigger: Record<string, unknown> & { type: string };
  bindings: Record<string, unknown>[];
}
interface HostReport {
  entry: string;
  programmingModel: { name: string; version: string } | null;
  functions: Registration[];
  errors: string[];
  modules: string[];
}

/** Settings that change what is registered, so the test sees configuration reach the bundle. */
const SETTINGS_UNDER_TEST = {
  EVENTS_QUEUE_NAME: 'events-under-test',
  EVALUATIONS_QUEUE_NAME: 'evaluations-under-test',
  SWEEP_SCHEDULE: '0 */7 * * * *',
  ALERT_DELIVERY_SCHEDULE: '0 */2 * * * *',
  // An alert channel, so that the outbox delivery timer registers too.
  ALERT_TEAMS_WEBHOOK_URL: 'https://contoso.webhook.office.com/webhookb2/under-test',
};

let work: string;
let bundle: BundleResult;

/** Loads an app in a fresh process with only PATH, HOME and the settings under test. */
function host(target: string, options: { nodeArgs?: string[]; cwd?: string } = {}): HostReport {
  const reportPath = join(work, `report-${Math.random().toString(36).slice(2)}.json`);
  const run = spawnSync(process.execPath, [...(options.nodeArgs ?? []), HOST, target, reportPath], {
    // Outside the repository: a bundle must not find the project's node_modules up the tree.
    cwd: options.cwd ?? work,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...SETTINGS_UNDER_TEST },
    encoding: 'utf8',
    timeout: 120_000,
  });
  let report: HostReport;
  try {
    report = JSON.parse(readFileSync(reportPath, 'utf8')) as HostReport;
  } catch {
    throw new Error(`the host wrote no report (exit ${run.status}): ${run.stderr}`);
  }
  return report;
}

const listFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? listFiles(join(dir, n)).map((f) => `${n}/${f}`) : [n]));

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'functionapp-'));
  bundle = await bundleFunctionApp({ outDir: join(work, 'functionapp') });
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the function app package', () => {
  it('holds the bundle, the split applicationinsights bundle, host.json and a package.json without dependencies', () => {
    expect(listFiles(bundle.outDir).filter((f) => !f.endsWith('.LEGAL.txt')).sort()).toEqual(['host.json', 'index.js', APP_INSIGHTS_CHUNK, 'package.json'].sort());
    const pkg = JSON.parse(readFileSync(join(bundle.outDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.main).toBe('index.js');
    expect(pkg).not.toHaveProperty('dependencies');
    expect(pkg).not.toHaveProperty('type'); // CommonJS
    expect(readFileSync(join(bundle.outDir, 'host.json'), 'utf8')).toBe(readFileSync(join(ROOT, 'host.json'), 'utf8'));
  });

  it('requires no module but Node built-ins, the worker-provided @azure/functions-core and its own applicationinsights file', () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    for (const file of ['index.js', APP_INSIGHTS_CHUNK]) {
      const text = readFileSync(join(bundle.outDir, file), 'utf8');
      const required = new Set([...text.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!));
      const foreign = [...required].filter((m) => !builtins.has(m) && m !== '@azure/functions-core' && !(file === 'index.js' && m === `./${APP_INSIGHTS_CHUNK}`));
      expect({ file, foreign }).toEqual({ file, foreign: [] });
    }
  });

  it('loads in a fresh Node process from its package.json main, reading no file outside the package', () => {
    const report = host(bundle.outDir);
    expect(report.errors).toEqual([]);
    expect(report.entry).toBe(bundle.entryFile);
    expect(report.programmingModel?.name).toBe('@azure/functions');
    // applicationinsights is loaded when telemetry starts, not at load.
    expect(report.modules.map((m) => relative(bundle.outDir, m))).toEqual(['index.js']);
  });

  it('registers every function: the events queue and Event Grid push, evaluations, the sweep, the HTTP routes and alert delivery', () => {
    const { functions } = host(bundle.outDir);
    const trigger = (type: string, match: Record<string, unknown> = {}) =>
      functions.filter((f) => f.trigger.type === type && Object.entries(match).every(([k, v]) => JSON.stringify(f.trigger[k]) === JSON.stringify(v)));
    expect(trigger('queueTrigger', { queueName: SETTINGS_UNDER_TEST.EVENTS_QUEUE_NAME, connection: 'AzureWebJobsStorage' })).toHaveLength(1);
    expect(trigger('eventGridTrigger')).toHaveLength(1);
    expect(trigger('queueTrigger', { queueName: SETTINGS_UNDER_TEST.EVALUATIONS_QUEUE_NAME, connection: 'AzureWebJobsStorage' })).toHaveLength(1);
    expect(trigger('timerTrigger', { schedule: SETTINGS_UNDER_TEST.SWEEP_SCHEDULE })).toHaveLength(1);
    expect(trigger('timerTrigger', { schedule: SETTINGS_UNDER_TEST.ALERT_DELIVERY_SCHEDULE })).toHaveLength(1);
    const routes = trigger('httpTrigger').map((f) => `${(f.trigger.methods as string[]).join(',')} ${String(f.trigger.route)}`);
    expect(routes).toContain('GET instances');
    expect(routes.some((r) => /^POST instances\/.+\/check$/.test(r))).toBe(true);
    for (const f of trigger('httpTrigger')) expect(f.trigger.authLevel).toBe('function');
  });

  it('registers exactly what the unbundled source registers', { timeout: 120_000 }, () => {
    const fromSource = host(join(ROOT, 'functions/index.ts'), { nodeArgs: ['--import', 'tsx'], cwd: ROOT });
    expect(fromSource.errors).toEqual([]);
    const fromBundle = host(bundle.outDir);
    const shape = (r: HostReport) => r.functions.map((f) => ({ name: f.name, bindings: f.bindings })).sort((a, b) => a.name.localeCompare(b.name));
    expect(fromBundle.functions.length).toBeGreaterThanOrEqual(8);
    expect(shape(fromBundle)).toEqual(shape(fromSource));
  });

  it('ships an applicationinsights bundle that loads on its own and exposes the TelemetryClient the telemetry adapter uses', () => {
    const script = `const ai = require(${JSON.stringify(bundle.appInsightsFile)});
      const c = new ai.TelemetryClient('InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/');
      process.stdout.write(JSON.stringify({ client: typeof ai.TelemetryClient, trackEvent: typeof c.trackEvent, flush: typeof c.flush }));`;
    // Constructing a client reads its configuration only; nothing is sent (trackEvent would start exporters).
    const out = execFileSync(process.execPath, ['-e', script], { cwd: work, env: { PATH: process.env.PATH, HOME: process.env.HOME, APPLICATIONINSIGHTS_STATSBEAT_DISABLED_ALL: 'true' }, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ client: 'function', trackEvent: 'function', flush: 'function' });
    expect(readFileSync(bundle.entryFile, 'utf8')).toContain(`require("./${APP_INSIGHTS_CHUNK}")`);
  });
});
