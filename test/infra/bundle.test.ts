/**
 * The lean package: infra/bundle.ts writes the function app into a temporary directory, which is then
 * loaded the way Azure loads it, in a fresh Node process, by functions-host.cjs (a stand-in for the
 * Functions worker that provides `@azure/functions-core` and records every registration). The
 * registrations must be those of the unbundled source, and the bundle must need nothing outside its
 * package. The lazy files (applicationinsights, the ARM SDKs) are not loaded at cold start, and the
 * ARM one, through the same build, serves a live read against the ARM simulator when it happens.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_INSIGHTS_CHUNK, ARM_SDK_CHUNK, bundleFunctionApp, LAZY_CHUNKS, type BundleResult } from '../../infra/bundle.js';
import { LiveArmReader } from '../../src/sources/arm/live-reader.js';
import { ArmSimulator } from '../support/arm-simulator.js';
import { connectTo } from '../support/arm-simulator-connection.js';

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
  later: { file: string; exports: string[] }[];
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

/** Loads an app in a fresh process with only PATH, HOME and the settings under test (then `later` files of the app). */
function host(target: string, options: { nodeArgs?: string[]; cwd?: string; later?: string[]; node?: string } = {}): HostReport {
  const reportPath = join(work, `report-${Math.random().toString(36).slice(2)}.json`);
  const run = spawnSync(options.node ?? process.execPath, [...(options.nodeArgs ?? []), HOST, target, reportPath, ...(options.later ?? [])], {
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

/** Only PATH and HOME: no Azure setting reaches a child process. */
const bareEnv = () => ({ PATH: process.env.PATH, HOME: process.env.HOME });

/** Whether index.js imports a module as a require of its lazy file, by name (the minifier writes `.name` where it can). */
const stubbed = (text: string, file: string, module: string) =>
  [`[${JSON.stringify(module)}]`, `.${module}`].some((pick) => text.includes(`require(${JSON.stringify(`./${file}`)})${pick}`));

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'functionapp-'));
  bundle = await bundleFunctionApp({ outDir: join(work, 'functionapp') });
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the function app package', () => {
  it('holds the bundle, its lazy files (applicationinsights, the ARM SDKs), host.json and a package.json without dependencies', () => {
    expect(listFiles(bundle.outDir).filter((f) => !f.endsWith('.LEGAL.txt')).sort()).toEqual(
      ['host.json', 'index.js', APP_INSIGHTS_CHUNK.file, ARM_SDK_CHUNK.file, 'package.json'].sort(),
    );
    expect(bundle.chunks.map((c) => relative(bundle.outDir, c.file))).toEqual(LAZY_CHUNKS.map((c) => c.file));
    const pkg = JSON.parse(readFileSync(join(bundle.outDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.main).toBe('index.js');
    expect(pkg).not.toHaveProperty('dependencies');
    expect(pkg).not.toHaveProperty('type'); // CommonJS
    expect(readFileSync(join(bundle.outDir, 'host.json'), 'utf8')).toBe(readFileSync(join(ROOT, 'host.json'), 'utf8'));
  });

  it('requires no module but Node built-ins, the worker-provided @azure/functions-core and its own lazy files', () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const lazyFiles = LAZY_CHUNKS.map((c) => `./${c.file}`);
    for (const file of ['index.js', ...LAZY_CHUNKS.map((c) => c.file)]) {
      const text = readFileSync(join(bundle.outDir, file), 'utf8');
      const required = new Set([...text.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!));
      const foreign = [...required].filter((m) => !builtins.has(m) && m !== '@azure/functions-core' && !(file === 'index.js' && lazyFiles.includes(m)));
      expect({ file, foreign }).toEqual({ file, foreign: [] });
    }
  });

  it('leaves the lazy packages out of index.js, which imports each by a require of its file', () => {
    const lazyInputs = Object.keys(bundle.metafile.inputs).filter((f) => /node_modules\/(applicationinsights|@azure\/arm-network|@azure\/arm-apimanagement)\//.test(f));
    expect(lazyInputs).toEqual([]);
    const text = readFileSync(bundle.entryFile, 'utf8');
    const notStubbed = LAZY_CHUNKS.flatMap((c) => c.modules.filter((m) => !stubbed(text, c.file, m)));
    expect(notStubbed).toEqual([]);
  });

  it('loads in a fresh Node process from its package.json main, reading no file outside the package', () => {
    const report = host(bundle.outDir);
    expect(report.errors).toEqual([]);
    expect(report.entry).toBe(bundle.entryFile);
    expect(report.programmingModel?.name).toBe('@azure/functions');
    // applicationinsights is loaded when telemetry starts and the ARM SDKs on their first use (a list), not at load.
    expect(report.modules.map((m) => relative(bundle.outDir, m))).toEqual(['index.js']);
  });

  // The deployed runtime (infra/modules/watcher.bicep) is Node 22; CI installs it (.ci/node22.sh) when the machine runs another.
  const node22 = process.env.APIM_VNET_GUARD_NODE22 ?? (process.versions.node.startsWith('22.') ? process.execPath : undefined);
  it.skipIf(node22 === undefined)('loads under Node 22, the deployed runtime, with the same registrations and lazy files (set APIM_VNET_GUARD_NODE22, .ci/run does)', () => {
    const version = execFileSync(node22!, ['--version'], { encoding: 'utf8' }).trim();
    expect(version).toMatch(/^v22\./);
    const report = host(bundle.outDir, { node: node22!, later: LAZY_CHUNKS.map((c) => c.file) });
    expect(report.errors).toEqual([]);
    expect(report.modules.map((m) => relative(bundle.outDir, m))).toEqual(['index.js']);
    const here = host(bundle.outDir, { later: LAZY_CHUNKS.map((c) => c.file) });
    expect(report.functions.map((f) => f.name).sort()).toEqual(here.functions.map((f) => f.name).sort());
    expect(report.later.map((l) => l.file)).toEqual(here.later.map((l) => l.file));
  });

  it('loads each lazy file after the app, in the same process, exporting its packages by name', () => {
    const report = host(bundle.outDir, { later: LAZY_CHUNKS.map((c) => c.file) });
    expect(report.errors).toEqual([]);
    expect(report.later.map((l) => ({ file: l.file, exports: [...l.exports].sort() }))).toEqual(LAZY_CHUNKS.map((c) => ({ file: c.file, exports: [...c.modules].sort() })));
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
    const script = `const ai = require(${JSON.stringify(join(bundle.outDir, APP_INSIGHTS_CHUNK.file))})['applicationinsights'];
      const c = new ai.TelemetryClient('InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/');
      process.stdout.write(JSON.stringify({ client: typeof ai.TelemetryClient, trackEvent: typeof c.trackEvent, flush: typeof c.flush }));`;
    // Constructing a client reads its configuration only; nothing is sent (trackEvent would start exporters).
    const out = execFileSync(process.execPath, ['-e', script], { cwd: work, env: { ...bareEnv(), APPLICATIONINSIGHTS_STATSBEAT_DISABLED_ALL: 'true' }, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ client: 'function', trackEvent: 'function', flush: 'function' });
  });

  it('ships an ARM SDK bundle that loads on its own and builds both clients on a fake credential', () => {
    const script = `const sdk = require(${JSON.stringify(join(bundle.outDir, ARM_SDK_CHUNK.file))});
      const credential = { getToken: async () => ({ token: 'fake', expiresOnTimestamp: Date.now() + 3600000 }) };
      const sub = '00000000-0000-0000-0000-000000000001';
      const network = new sdk['@azure/arm-network'].NetworkManagementClient(credential, sub);
      const apim = new sdk['@azure/arm-apimanagement'].ApiManagementClient(credential, sub);
      process.stdout.write(JSON.stringify({
        nsgGet: typeof network.networkSecurityGroups.get, apimGet: typeof apim.apiManagementService.get,
        pipelines: [network, apim].map((c) => c.pipeline.getOrderedPolicies().length > 0),
      }));`;
    // Constructing sends nothing: a request would ask the credential for a token first.
    const out = execFileSync(process.execPath, ['-e', script], { cwd: work, env: bareEnv(), encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ nsgGet: 'function', apimGet: 'function', pipelines: [true, true] });
  });

  it('fails the build, naming the package and how to import it, when a lazy package is imported statically', async () => {
    const entry = join(work, 'static-import.ts');
    writeFileSync(entry, `import { NetworkManagementClient } from '@azure/arm-network';\nexport const client = NetworkManagementClient;\n`);
    await expect(bundleFunctionApp({ entry, outDir: join(work, 'static-import') })).rejects.toThrow(
      "@azure/arm-network is loaded on first use from lib/arm-sdk.js: import it with `await import('@azure/arm-network')`",
    );
  });
});

describe('the ARM SDK file at the first ARM read', () => {
  const SUB = '3f2b8c1e-7d4a-4e9b-9c61-2a5d8e0f4b17';
  const INSTANCE = `/subscriptions/${SUB}/resourceGroups/rg-apim-prod/providers/Microsoft.ApiManagement/service/apim-contoso-ext-weu`;
  let sim: ArmSimulator;
  let reader: BundleResult;

  beforeAll(async () => {
    // The live reader's module bundled by the same build as the app (index.js does not export it).
    [sim, reader] = await Promise.all([
      ArmSimulator.fromEstate('examples/estate'),
      bundleFunctionApp({ entry: 'src/sources/arm/index.ts', outDir: join(work, 'arm-reader') }),
    ]);
  }, 180_000);
  afterAll(async () => sim?.stop());

  it('is not loaded by reads by id (plain REST), only by a list, and either read gives the view the unbundled reader gives', async () => {
    const script = `const arm = require(${JSON.stringify(reader.entryFile)});
      const files = () => Object.keys(require.cache).map((f) => require('node:path').relative(${JSON.stringify(reader.outDir)}, f));
      const atLoad = files();
      const credential = { getToken: async () => ({ token: 'fake', expiresOnTimestamp: Date.now() + 3600000 }) };
      const connection = new arm.ArmConnection({ credential, armEndpoint: process.argv[1], retry: { maxRetries: 0 } });
      const reader = new arm.LiveArmReader({ connection });
      const beforeRead = files();
      reader.readInstance(process.argv[2]).then((read) => {
        process.stdout.write(JSON.stringify({ atLoad, beforeRead, afterRead: files(), view: read.view, notes: read.notes, requests: connection.requestsSent }));
      }, (e) => { process.stderr.write(String(e && e.stack || e)); process.exitCode = 1; });`;
    // Asynchronous: the simulator answers from this process.
    const run = async () => {
      const { stdout } = await promisify(execFile)(process.execPath, ['-e', script, sim.url, INSTANCE], { cwd: work, env: bareEnv(), encoding: 'utf8', timeout: 60_000 });
      return JSON.parse(stdout) as { atLoad: string[]; beforeRead: string[]; afterRead: string[]; view: unknown; notes: string[]; requests: number };
    };
    const fromSource = await new LiveArmReader({ connection: connectTo(sim) }).readInstance(INSTANCE);
    expect(fromSource.view).toBeDefined();

    // Reads by id and the Resource Graph query for neighbours: no SDK.
    const byId = await run();
    expect(byId.atLoad).toEqual(['index.js']);
    expect(byId.beforeRead).toEqual(['index.js']);
    expect(byId.afterRead).toEqual(['index.js']);
    expect(byId.requests).toBeGreaterThan(0);
    expect(byId.notes).toEqual([]);
    expect(byId.view).toEqual(JSON.parse(JSON.stringify(fromSource.view)));

    // Without Resource Graph the neighbours come from the SDK's list: its file loads then.
    sim.denyResourceGraph();
    try {
      const listed = await run();
      expect(listed.afterRead).toEqual(['index.js', ARM_SDK_CHUNK.file]);
      expect(listed.notes).toEqual([]);
      expect(listed.view).toEqual(byId.view);
    } finally {
      sim.allowAll();
    }
  });
});
