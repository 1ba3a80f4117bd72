/**
 * Live Azure, the public face of src/sources/arm: a LiveArmReader (the EstateReader port on the ARM
 * SDKs and Resource Graph) built from plain options, for the CLI and the watcher alike.
 */
import type { TokenCredential } from '@azure/identity';
import type { Scope } from '../reader.js';
import { ArmConnection } from './connection.js';
import { defaultArmCredential } from './credential.js';
import { LiveArmReader } from './live-reader.js';
import type { RetryBudget } from './retry-policy.js';

export interface LiveReaderConfig {
  /** What `sweep` covers. */
  scope?: Scope;
  /** DefaultAzureCredential when absent. */
  credential?: TokenCredential;
  /** Client id of a user-assigned managed identity (with the default credential). */
  managedIdentityClientId?: string;
  /** Test-only endpoint override (http://127.0.0.1:PORT); see transport.ts. */
  armEndpoint?: string;
  retry?: RetryBudget;
  /** Requests in flight for reads by id and lists (default 8). */
  concurrency?: number;
}

export function createLiveArmReader(config: LiveReaderConfig = {}): LiveArmReader {
  const credential =
    config.credential ??
    defaultArmCredential(config.managedIdentityClientId ? { managedIdentityClientId: config.managedIdentityClientId } : {});
  const connection = new ArmConnection({
    credential,
    ...(config.armEndpoint ? { armEndpoint: config.armEndpoint } : {}),
    ...(config.retry ? { retry: config.retry } : {}),
  });
  return new LiveArmReader({
    connection,
    ...(config.scope ? { scope: config.scope } : {}),
    ...(config.concurrency ? { concurrency: config.concurrency } : {}),
  });
}

export { ArmConnection, type ArmConnectionOptions } from './connection.js';
export { defaultArmCredential, ensureSignedIn, SignInRequiredError, SIGN_IN_HINT } from './credential.js';
export { InstanceUnreadableError, LiveArmReader, type LiveReaderOptions } from './live-reader.js';
export { armRetryPolicy, type RetryBudget } from './retry-policy.js';
export { ARM_ENDPOINT_ENV, parseArmEndpointOverride, PUBLIC_ARM_ENDPOINT } from './transport.js';
