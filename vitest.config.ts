import { configDefaults, defineConfig } from 'vitest/config';

// TypeScript tests only. Solidity lives in core/contracts (its Foundry tests in core/contracts/test) and bench/
// (Foundry's), so the globs below stay on *.test.ts under each package's test folder.
export default defineConfig({
  test: {
    include: [
      'core/*/test/**/*.test.ts',
      'test/**/*.test.ts',
      'modules/*/test/**/*.test.ts',
      'registry/test/**/*.test.ts',
      'scaffolder/test/**/*.test.ts',
      'schemas/test/**/*.test.ts',
      'sim/test/**/*.test.ts',
    ],
    exclude: [...configDefaults.exclude, '**/node_modules/**', 'out/**', 'cache/**', 'bench/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
