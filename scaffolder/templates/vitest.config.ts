import { defineConfig } from 'vitest/config';

// The package's TypeScript tests; its Foundry tests run with `dpan-forge test` (`npm test` runs both).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
