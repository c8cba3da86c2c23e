// The compiled side, with the real tools: the precompiled artifacts in scaffolder/templates are what the template
// sources compile to (FOUNDRY_PROFILE=scaffolder, its own out dir), and a scaffolded package, given node_modules as
// its foundry.toml describes, builds the same artifacts and passes its own Foundry tests (unit and fuzz) and its
// vitest package test. Slow: one solc run of the core the contracts import (~30 s on this machine).
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { scaffoldModule, templatesDir } from '../src/index.js';
import { BLIGHT_FILE, readRecord, scratch } from './helpers.js';
import { foundryBinary } from '@citysync/contracts/foundry-tool';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOLC = join(ROOT, 'core/module-kit/bin/solc.cjs'); // the npm solc behind a solc CLI: nothing is downloaded
const ARTIFACTS_SCRIPT = join(ROOT, 'core/scripts/module-artifacts.ts');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const VITEST = join(ROOT, 'node_modules/.bin/vitest');
let forge: string;

type Run = { code: number | null; output: string; seconds: number };
function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, output: `${result.stdout}${result.stderr}`, seconds: (performance.now() - started) / 1000 };
}

beforeAll(async () => {
  // The platform binary: the npm wrapper (node_modules/.bin/forge) exits 0 even when forge fails.
  const found = foundryBinary('forge');
  if (found.binary === undefined) throw new Error(found.reason);
  forge = found.binary;
});

describe('the template artifacts', () => {
  const tmp = scratch('dpan-template-artifacts-');
  afterAll(tmp.remove);

  it('are fresh: FOUNDRY_PROFILE=scaffolder forge build, then module-artifacts --check', { timeout: 600_000 }, () => {
    const build = run(forge, ['build'], ROOT, { FOUNDRY_PROFILE: 'scaffolder' });
    expect(build.code, build.output).toBe(0);
    const check = run(TSX, [ARTIFACTS_SCRIPT, 'scaffolder/templates', '--out', 'cache/scaffolder/out', '--check'], ROOT);
    expect(check.code, `${check.output}\nRegenerate: npm run artifacts -w scaffolder (see scaffolder/README.md)`).toBe(0);
  });

  it('the check fails on an artifact that differs from the build', { timeout: 120_000 }, () => {
    const copy = join(tmp.dir, 'templates');
    cpSync(join(templatesDir, 'contracts'), join(copy, 'contracts'), { recursive: true });
    cpSync(join(templatesDir, 'artifacts'), join(copy, 'artifacts'), { recursive: true });
    const path = join(copy, 'artifacts/MceTaskPolicy.json');
    const artifact = JSON.parse(readFileSync(path, 'utf8')) as { bytecode: string };
    writeFileSync(path, `${JSON.stringify({ ...artifact, bytecode: `${artifact.bytecode}00` }, null, 2)}\n`);
    const check = run(TSX, [ARTIFACTS_SCRIPT, copy, '--out', join(ROOT, 'cache/scaffolder/out'), '--check'], ROOT);
    expect(check.code).toBe(1);
    expect(check.output).toContain('MceTaskPolicy.json is stale');
  });
});

describe('a scaffolded package, built and tested in its own directory', () => {
  const tmp = scratch('dpan-scaffolded-build-');
  const dir = join(tmp.dir, 'dpan-blight-response');
  afterAll(tmp.remove);

  beforeAll(() => {
    scaffoldModule({ record: readRecord(BLIGHT_FILE), recordFile: 'blight-mce.record.json', name: '@cdmx/dpan-blight-response', out: dir, force: true });
    // What `npm install` gives it: @citysync/core, OpenZeppelin, forge-std, viem, vitest.
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  });

  it('forge test: its Foundry tests (unit and fuzz) pass on a real city fixture', { timeout: 600_000 }, () => {
    const test = run(forge, ['test', '--offline', '--use', SOLC], dir);
    console.log(`scaffolded package: forge test (cold build + tests) took ${test.seconds.toFixed(1)} s`);
    expect(test.code, test.output).toBe(0);
    expect(test.output).toMatch(/Suite result: ok\. (\d+) passed; 0 failed/);
    expect(test.output).toContain('[PASS] testFuzz_checkTask_iffCatalogTypeInsideBoundsWithItsRule');
  });

  it('its build gives the artifacts it ships (module-artifacts --check)', { timeout: 600_000 }, () => {
    const build = run(forge, ['build', '--offline', '--use', SOLC], dir);
    expect(build.code, build.output).toBe(0);
    const check = run(TSX, ['node_modules/@citysync/core/scripts/module-artifacts.ts', '.', '--out', 'out', '--check'], dir);
    expect(check.code, check.output).toBe(0);
  });

  it('vitest run: its package test passes', { timeout: 300_000 }, () => {
    const test = run(VITEST, ['run'], dir);
    console.log(`scaffolded package: vitest run took ${test.seconds.toFixed(1)} s`);
    expect(test.code, test.output).toBe(0);
    expect(test.output).toMatch(/Tests\s+\d+ passed/);
  });
});
