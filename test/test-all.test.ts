// Parsers of scripts/test-all.mjs (what `npm test` and .ci/run rely on), on real tool output.
import { beforeAll, describe, expect, it } from 'vitest';

type Counts = { ok: boolean; passed: number; failed: number; skipped: number; note?: string };
let parseForge: (output: string, exitCode: number | null) => Counts;
let parseVitest: (output: string) => Counts;

beforeAll(async () => {
  const url = new URL('../scripts/test-all.mjs', import.meta.url).href;
  ({ parseForge, parseVitest } = (await import(url)) as { parseForge: typeof parseForge; parseVitest: typeof parseVitest });
});

describe('parseForge', () => {
  it('reads the run summary line', () => {
    const out = [
      'Ran 4 tests for core/test/B.t.sol:BTest',
      'Suite result: FAILED. 2 passed; 1 failed; 1 skipped; finished in 5.39ms (5.17ms CPU time)',
      '',
      'Ran 1 test suite in 6.46ms (5.39ms CPU time): 2 tests passed, 1 failed, 1 skipped (4 total tests)',
    ].join('\n');
    expect(parseForge(out, 1)).toEqual({ ok: true, passed: 2, failed: 1, skipped: 1 });
    expect(
      parseForge('\u001b[32mRan 3 test suites in 1.2s (3.1s CPU time): 25 tests passed, 0 failed, 0 skipped (25 total tests)\u001b[0m', 0),
    ).toEqual({ ok: true, passed: 25, failed: 0, skipped: 0 });
  });

  it('counts "no tests" as 0 tests, but not a compile failure', () => {
    expect(parseForge('No files changed, compilation skipped\nNo tests found in project! Forge looks for functions that start with `test`\n', 0)).toMatchObject({
      ok: true,
      passed: 0,
      failed: 0,
    });
    expect(parseForge('Nothing to compile\n', 0)).toMatchObject({ ok: true, passed: 0 });
    expect(parseForge('Error: Compiler run failed:\nError (9182): Function, variable, struct or modifier declaration expected.\n', 1).ok).toBe(false);
  });
});

describe('parseVitest', () => {
  it('reads the Tests line, not the Test Files line, in any order and with colours', () => {
    const out = [
      '\u001b[2m Test Files \u001b[22m \u001b[1m\u001b[31m1 failed\u001b[39m\u001b[22m\u001b[2m | \u001b[22m\u001b[1m\u001b[32m2 passed\u001b[39m\u001b[22m\u001b[90m (3)\u001b[39m',
      '\u001b[2m      Tests \u001b[22m \u001b[1m\u001b[31m1 failed\u001b[39m\u001b[22m\u001b[2m | \u001b[22m\u001b[1m\u001b[32m8 passed\u001b[39m\u001b[22m\u001b[90m (9)\u001b[39m',
    ].join('\n');
    expect(parseVitest(out)).toEqual({ ok: true, passed: 8, failed: 1, skipped: 0 });
    expect(parseVitest('      Tests  12 passed | 2 skipped | 1 todo (15)')).toEqual({ ok: true, passed: 12, failed: 0, skipped: 3 });
    expect(parseVitest('      Tests  no tests')).toMatchObject({ ok: true, passed: 0, failed: 0 });
    expect(parseVitest('Error: something went wrong before any test ran').ok).toBe(false);
  });
});
