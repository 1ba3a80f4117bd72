/**
 * Table and Queue clients from the storage connection the Functions host uses: a connection string
 * (AzureWebJobsStorage) or an identity-based connection (AzureWebJobsStorage__*), the way Functions
 * users configure their triggers.
 */
import { TableClient } from '@azure/data-tables';
import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { QueueClient, QueueServiceClient } from '@azure/storage-queue';
import type { StorageConnection } from '../config/config.js';

export interface StorageClients {
  table(name: string): TableClient;
  queue(name: string): QueueClient;
}

export interface StorageClientOptions {
  /** Identity-based connections: use this credential instead of building one (tests pass a fake). */
  credential?: TokenCredential;
  /** How the SDKs retry a failed request (their defaults otherwise: 3 retries from about 1 s). */
  retry?: StorageRetry;
}

export interface StorageRetry {
  maxRetries: number;
  retryDelayInMs: number;
  maxRetryDelayInMs: number;
}

export function storageClients(connection: StorageConnection, options: StorageClientOptions = {}): StorageClients {
  const { retry } = options;
  const tableRetry = retry ? { retryOptions: retry } : {};
  const queueRetry = retry ? { retryOptions: { maxTries: retry.maxRetries + 1, retryDelayInMs: retry.retryDelayInMs, maxRetryDelayInMs: retry.maxRetryDelayInMs } } : {};
  if (connection.kind === 'connectionString') {
    const { connectionString } = connection;
    // Plain http is accepted only where the connection string itself names an http endpoint (Azurite).
    const insecure = /(Table|Queue)Endpoint=http:\/\//i.test(connectionString) || /UseDevelopmentStorage=true/i.test(connectionString);
    const queues = QueueServiceClient.fromConnectionString(connectionString, queueRetry);
    return {
      table: (name) => TableClient.fromConnectionString(connectionString, name, { allowInsecureConnection: insecure, ...tableRetry }),
      queue: (name) => queues.getQueueClient(name),
    };
  }
  const credential = options.credential ?? identityCredential(connection);
  const tableUri = connection.tableServiceUri.replace(/\/+$/, '');
  const queueUri = connection.queueServiceUri.replace(/\/+$/, '');
  const insecure = tableUri.startsWith('http:');
  return {
    table: (name) => new TableClient(tableUri, name, credential, { allowInsecureConnection: insecure, ...tableRetry }),
    queue: (name) => new QueueClient(`${queueUri}/${encodeURIComponent(name)}`, credential, queueRetry),
  };
}

/** As the Functions host reads `__credential` and `__clientId`. */
export function identityCredential(connection: Extract<StorageConnection, { kind: 'identity' }>): TokenCredential {
  if (connection.credential === 'managedidentity') {
    return connection.clientId ? new ManagedIdentityCredential({ clientId: connection.clientId }) : new ManagedIdentityCredential();
  }
  return connection.clientId ? new DefaultAzureCredential({ managedIdentityClientId: connection.clientId }) : new DefaultAzureCredential();
}
