import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['./test/support/azurite.global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // No test may reach Azure or any address off 127.0.0.1: the managed-identity probe is disabled
    // and the default credential chain, where a test needs it, is limited to developer tools.
    env: { AZURE_TOKEN_CREDENTIALS: 'dev' },
  },
});
