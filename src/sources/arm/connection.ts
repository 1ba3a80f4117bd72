/**
 * One connection to ARM: a credential, a transport and a retry budget shared by the SDK clients
 * (@azure/arm-network, @azure/arm-apimanagement, one of each per subscription) and by the Resource
 * Graph calls, which go through a plain core-client ServiceClient with the same pipeline.
 *
 * The two SDKs are half of the function app's code, so they are loaded on the first client asked
 * for, with `await import()` of the package, as applicationinsights is (src/telemetry): the bundler
 * (infra/bundle.ts) puts them in a file of their own that a cold start does not read. Only types
 * may be imported from them statically.
 */
import type { ApiManagementClient } from '@azure/arm-apimanagement';
import type { NetworkManagementClient } from '@azure/arm-network';
import { ServiceClient } from '@azure/core-client';
import type { HttpClient, Pipeline, PipelinePolicy } from '@azure/core-rest-pipeline';
import type { TokenCredential } from '@azure/identity';
import { armRetryPolicy, type RetryBudget } from './retry-policy.js';
import { armHttpClient, PUBLIC_ARM_ENDPOINT } from './transport.js';
import { ARM_SCOPE } from './credential.js';

/**
 * The Microsoft.ApiManagement API version of every read (GET of an instance, list by subscription). `PremiumV2`
 * is in the SKU enum of 2025-03-01-preview and 2025-09-01-preview and absent from 2024-05-01, the newest
 * stable version and the SDK's default (apim-v2-rules.md §4); this is the newest of those that knows it.
 * Resource Graph is queried with its own API version and returns the stored properties, PremiumV2 included.
 */
export const APIM_READ_API_VERSION = '2025-09-01-preview';

/** The Microsoft.Network API version of every read by id: the one @azure/arm-network (package.json) sends. */
export const NETWORK_API_VERSION = '2025-05-01';

export interface ArmConnectionOptions {
  credential: TokenCredential;
  /** Test-only endpoint override (see transport.ts). */
  armEndpoint?: string;
  /** A transport to use instead of the default one (tests). */
  httpClient?: HttpClient;
  retry?: RetryBudget;
}

export class ArmConnection {
  readonly credential: TokenCredential;
  /** HTTP attempts sent, retries included (for progress and tests). */
  requestsSent = 0;
  private readonly httpClient: HttpClient;
  private readonly retry: RetryBudget;
  private readonly network = new Map<string, NetworkManagementClient>();
  private readonly apim = new Map<string, ApiManagementClient>();
  private graphClient: ServiceClient | undefined;

  constructor(options: ArmConnectionOptions) {
    this.credential = options.credential;
    this.httpClient = armHttpClient(options.armEndpoint, options.httpClient);
    this.retry = options.retry ?? {};
  }

  networkClient(subscriptionId: string): Promise<NetworkManagementClient> {
    return this.sdkClient(this.network, subscriptionId, async () => (await import('@azure/arm-network')).NetworkManagementClient);
  }

  /**
   * ApiManagementClient validates the subscription id as a UUID when it sends a request. It reads with
   * APIM_READ_API_VERSION, not the SDK's own 2024-05-01, whose SKU enum has no PremiumV2.
   */
  apimClient(subscriptionId: string): Promise<ApiManagementClient> {
    return this.sdkClient(this.apim, subscriptionId, async () => (await import('@azure/arm-apimanagement')).ApiManagementClient, {
      apiVersion: APIM_READ_API_VERSION,
    });
  }

  /** A client for plain REST calls (Resource Graph) with the same credential, transport and retries. */
  restClient(): ServiceClient {
    if (!this.graphClient) {
      this.graphClient = new ServiceClient({
        credential: this.credential,
        credentialScopes: [ARM_SCOPE],
        endpoint: PUBLIC_ARM_ENDPOINT,
        httpClient: this.httpClient,
      });
      this.install(this.graphClient.pipeline);
    }
    return this.graphClient;
  }

  /** One client per subscription, on this connection's credential, transport and retries. */
  private async sdkClient<C extends { pipeline: Pipeline }>(
    clients: Map<string, C>,
    subscriptionId: string,
    loadSdk: () => Promise<new (credential: TokenCredential, subscriptionId: string, options: { httpClient: HttpClient; apiVersion?: string }) => C>,
    options: { apiVersion?: string } = {},
  ): Promise<C> {
    const key = subscriptionId.toLowerCase();
    const made = clients.get(key);
    if (made) return made;
    const Client = await loadSdk();
    // Looked up again: a concurrent read may have made it while the SDK loaded.
    let client = clients.get(key);
    if (!client) {
      client = new Client(this.credential, subscriptionId, { ...options, httpClient: this.httpClient });
      this.install(client.pipeline);
      clients.set(key, client);
    }
    return client;
  }

  /** Replaces the SDK's retry policy with ours and counts attempts. */
  private install(pipeline: Pipeline): void {
    pipeline.removePolicy({ phase: 'Retry' });
    pipeline.addPolicy(armRetryPolicy(this.retry), { phase: 'Retry' });
    pipeline.addPolicy(this.counter(), { afterPhase: 'Retry' });
  }

  private counter(): PipelinePolicy {
    return {
      name: 'apimVnetGuardRequestCounter',
      sendRequest: (request, next) => {
        this.requestsSent += 1;
        return next(request);
      },
    };
  }
}
