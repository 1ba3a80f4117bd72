import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createTelemetry, loadAppInsights, noTelemetry, TELEMETRY_PREFIX, type AppInsightsLoader } from '../../src/telemetry/telemetry.js';

const CS = 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/';

function fakeLoader() {
  const calls: Array<[string, unknown]> = [];
  const loads: string[] = [];
  const loader: AppInsightsLoader = async (cs) => {
    loads.push(cs);
    return {
      trackEvent: (t) => void calls.push(['event', t]),
      trackMetric: (t) => void calls.push(['metric', t]),
      flush: async () => void calls.push(['flush', undefined]),
    };
  };
  return { loader, calls, loads };
}

describe('telemetry', () => {
  it('authenticates the real client with the watcher identity (local auth is off in the deployment)', async () => {
    const credential = { getToken: async () => ({ token: 'fake', expiresOnTimestamp: Date.now() + 60_000 }) };
    // Nothing is tracked, so the client never initializes nor sends.
    const client = (await loadAppInsights(CS, credential)) as unknown as { config: { aadTokenCredential?: unknown } };
    expect(client.config.aadTokenCredential).toBe(credential);
    const withoutCredential = (await loadAppInsights(CS)) as unknown as { config: { aadTokenCredential?: unknown } };
    expect(withoutCredential.config.aadTokenCredential).toBeUndefined();
  });

  it('is a no-op that loads nothing when no connection string is set', async () => {
    const { loader, loads } = fakeLoader();
    expect(await createTelemetry(undefined, loader)).toBe(noTelemetry);
    expect(await createTelemetry('', loader)).toBe(noTelemetry);
    expect(loads).toEqual([]);
  });

  it('sends custom events and metrics under the project prefix when configured', async () => {
    const { loader, calls, loads } = fakeLoader();
    const t = await createTelemetry(CS, loader);
    t.event('StatusTransition', { instanceId: 'x', from: 'pass', to: 'fail' });
    t.metric('EndToEndLatencyMs', 1234, { trigger: 'event' });
    t.metric('ArmCalls', Number.NaN);
    await t.flush();
    expect(loads).toEqual([CS]);
    expect(calls).toEqual([
      ['event', { name: `${TELEMETRY_PREFIX}StatusTransition`, properties: { instanceId: 'x', from: 'pass', to: 'fail' } }],
      ['metric', { name: `${TELEMETRY_PREFIX}EndToEndLatencyMs`, value: 1234, properties: { trigger: 'event' } }],
      ['flush', undefined],
    ]);
  });

  it('loads the applicationinsights package only once telemetry is configured (in a fresh process)', async () => {
    const script = `
      const { createRequire } = await import('node:module');
      const { createTelemetry } = await import('./src/telemetry/telemetry.ts');
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('/node_modules/applicationinsights/'));
      await createTelemetry(undefined);
      const before = loaded();
      const t = await createTelemetry(process.argv[1]);
      t.event('EvaluationCompleted', { instanceId: 'x' });
      t.metric('Evaluations', 1);
      console.log(JSON.stringify({ before, after: loaded() }));
      process.exit(0);
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, CS], {
      cwd: process.cwd(),
      timeout: 60_000,
      env: { ...process.env, APPLICATIONINSIGHTS_CONNECTION_STRING: '' },
    });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({ before: false, after: true });
  }, 60_000);
});
