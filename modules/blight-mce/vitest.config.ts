import { defineConfig } from 'vitest/config';

// The package's TypeScript tests, run from its own directory (`npm test`); its Foundry tests run with `dpan-forge test`.
// The monorepo's root vitest config runs the same files with every other package's.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
