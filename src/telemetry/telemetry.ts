/**
 * Custom telemetry for the watcher on Application Insights. When no connection string is set, a
 * no-op: nothing is loaded (the applicationinsights package brings OpenTelemetry, about 200 MB, and
 * takes a second to start), nothing is sent. Logs go through the invocation context, not here.
 */
import type { TokenCredential } from '@azure/core-auth';
import type { Telemetry, TelemetryEvent, TelemetryMetric } from '../watcher/ports.js';

export const noTelemetry: Telemetry = {
  event() {},
  metric() {},
  async flush() {},
};

/** The part of applicationinsights' TelemetryClient this adapter uses. */
interface AppInsightsClient {
  trackEvent(t: { name: string; properties?: Record<string, string>; measurements?: Record<string, number> }): void;
  trackMetric(t: { name: string; value: number; properties?: Record<string, string> }): void;
  flush(): Promise<void>;
}

export type AppInsightsLoader = (connectionString: string, credential?: TokenCredential) => Promise<AppInsightsClient>;

/**
 * Loads applicationinsights only now that it is needed. With a credential, telemetry is sent with
 * Entra ID: the deployment turns local (key) authentication off on Application Insights, which
 * would drop key-authenticated custom events. The client reads its config at the first track call.
 */
export const loadAppInsights: AppInsightsLoader = async (connectionString, credential) => {
  const { TelemetryClient } = await import('applicationinsights');
  const client = new TelemetryClient(connectionString);
  if (credential) client.config.aadTokenCredential = credential;
  return client as unknown as AppInsightsClient;
};

/** Metric and event names carry this prefix in Application Insights, to find them among the host's. */
export const TELEMETRY_PREFIX = 'VnetGuard.';

export async function createTelemetry(
  connectionString: string | undefined,
  load: AppInsightsLoader = loadAppInsights,
  credential?: TokenCredential,
): Promise<Telemetry> {
  if (!connectionString) return noTelemetry;
  const client = await load(connectionString, credential);
  return {
    event(name: TelemetryEvent, properties?: Record<string, string>, measurements?: Record<string, number>) {
      client.trackEvent({ name: TELEMETRY_PREFIX + name, ...(properties ? { properties } : {}), ...(measurements ? { measurements } : {}) });
    },
    metric(name: TelemetryMetric, value: number, properties?: Record<string, string>) {
      if (!Number.isFinite(value)) return;
      client.trackMetric({ name: TELEMETRY_PREFIX + name, value, ...(properties ? { properties } : {}) });
    },
    flush: () => client.flush(),
  };
}
