import { defineConfig } from 'vitest/config';

// The package's TypeScript tests; its Foundry tests run with `forge test`.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
