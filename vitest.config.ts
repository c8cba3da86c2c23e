import { configDefaults, defineConfig } from 'vitest/config';

// TypeScript tests only. Solidity lives in core/contracts, core/test/*.sol and bench/ (Foundry's),
// so the globs below stay on *.test.ts under the listed folders.
export default defineConfig({
  test: {
    include: [
      '**/test/ts/**/*.test.ts',
      'test/**/*.test.ts',
      'modules/*/test/**/*.test.ts',
      'registry/test/**/*.test.ts',
      'scaffolder/test/**/*.test.ts',
      'schemas/test/**/*.test.ts',
    ],
    exclude: [...configDefaults.exclude, '**/node_modules/**', 'out/**', 'cache/**', 'bench/**', 'core/contracts/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
