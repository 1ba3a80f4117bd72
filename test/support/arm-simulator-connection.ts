/**
 * Connects the real SDK clients to an ArmSimulator: a fake TokenCredential (tests never ask Entra ID
 * for a token), the test-only endpoint override, and a retry budget in milliseconds.
 */
import type { TokenCredential } from '@azure/identity';
import { ArmConnection } from '../../src/sources/arm/connection.js';
import type { RetryBudget } from '../../src/sources/arm/retry-policy.js';
import { seededRandom } from './arm-simulator-faults.js';
import type { ArmSimulator } from './arm-simulator.js';

export function fakeCredential(): TokenCredential & { calls: number } {
  const credential = {
    calls: 0,
    async getToken() {
      credential.calls += 1;
      return { token: 'simulator-token', expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
  return credential;
}

/** Retries fast enough for tests; seeded jitter so a run repeats. */
export const TEST_RETRY: RetryBudget = {
  maxRetries: 6,
  baseDelayMs: 2,
  maxDelayMs: 20,
  maxTotalDelayMs: 2_000,
  attemptTimeoutMs: 5_000,
  random: seededRandom(7),
};

export function connectTo(sim: ArmSimulator, retry: RetryBudget = TEST_RETRY): ArmConnection {
  return new ArmConnection({ credential: fakeCredential(), armEndpoint: sim.url, retry });
}
