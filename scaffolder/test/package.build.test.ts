// The compiled side, with the real tools: the precompiled artifacts in scaffolder/templates are what the template
// sources compile to (FOUNDRY_PROFILE=scaffolder, its own out dir), and a scaffolded package, given node_modules as
// `npm install` would (linked to the monorepo's), passes its own `npm test` (`dpan-forge test && vitest run`: its
// Foundry tests, unit and fuzz, then its vitest package test), rebuilds the artifacts it ships, and fails its
// `npm test` when one Foundry test fails. Slow: one solc run of the core the contracts import (~30 s on this machine).
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { scaffoldModule, templatesDir } from '../src/index.js';
import { BLIGHT_FILE, readRecord, scratch } from './helpers.js';
import { foundryBinary } from '@citysync/contracts/foundry-tool';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DPAN_MODULE_ARTIFACTS = join(ROOT, 'core/module-kit/bin/dpan-module-artifacts.js');
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

  it('are fresh: FOUNDRY_PROFILE=scaffolder forge build, then dpan-module-artifacts --check', { timeout: 600_000 }, () => {
    const build = run(forge, ['build'], ROOT, { FOUNDRY_PROFILE: 'scaffolder' });
    expect(build.code, build.output).toBe(0);
    const check = run(process.execPath, [DPAN_MODULE_ARTIFACTS, 'scaffolder/templates', '--out', 'cache/scaffolder/out', '--check'], ROOT);
    expect(check.code, `${check.output}\nRegenerate: npm run artifacts -w scaffolder (see scaffolder/README.md)`).toBe(0);
  });

  it('the check fails on an artifact that differs from the build', { timeout: 120_000 }, () => {
    const copy = join(tmp.dir, 'templates');
    cpSync(join(templatesDir, 'contracts'), join(copy, 'contracts'), { recursive: true });
    cpSync(join(templatesDir, 'artifacts'), join(copy, 'artifacts'), { recursive: true });
    const path = join(copy, 'artifacts/MceTaskPolicy.json');
    const artifact = JSON.parse(readFileSync(path, 'utf8')) as { bytecode: string };
    writeFileSync(path, `${JSON.stringify({ ...artifact, bytecode: `${artifact.bytecode}00` }, null, 2)}\n`);
    const check = run(process.execPath, [DPAN_MODULE_ARTIFACTS, copy, '--out', join(ROOT, 'cache/scaffolder/out'), '--check'], ROOT);
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
    // What `npm install` gives it: @citysync/module-kit (with dpan-forge), forge, OpenZeppelin, forge-std, vitest.
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  });

  it('npm test: its Foundry tests (unit and fuzz) on a real city fixture, then its package test', { timeout: 600_000 }, () => {
    const test = run('npm', ['test'], dir);
    console.log(`scaffolded package: npm test (cold build, Foundry tests, vitest) took ${test.seconds.toFixed(1)} s`);
    expect(test.code, test.output).toBe(0);
    expect(test.output).toMatch(/Suite result: ok\. (\d+) passed; 0 failed/);
    expect(test.output).toContain('[PASS] testFuzz_checkTask_iffCatalogTypeInsideBoundsWithItsRule');
    expect(test.output).toMatch(/Tests\s+\d+ passed/);
  });

  it('npm run artifacts:check: its build gives the artifacts it ships', { timeout: 600_000 }, () => {
    const check = run('npm', ['run', 'artifacts:check'], dir);
    expect(check.code, check.output).toBe(0);
  });

  it('npm test exits non-zero when a Foundry test fails, and runs no vitest after it', { timeout: 600_000 }, () => {
    const failing = join(dir, 'test/Deliberately.t.sol');
    writeFileSync(
      failing,
      [
        '// SPDX-License-Identifier: MIT',
        'pragma solidity 0.8.29;',
        'import {Test} from "forge-std/Test.sol";',
        'contract DeliberatelyTest is Test {',
        '    function test_deliberately_fails() public pure { assertEq(uint256(1), uint256(2), "deliberately"); }',
        '}',
        '',
      ].join('\n'),
    );
    try {
      const test = run('npm', ['test'], dir);
      expect(test.code, test.output).not.toBe(0);
      expect(test.output).toContain('[FAIL: deliberately: 1 != 2] test_deliberately_fails()');
      expect(test.output).not.toMatch(/Test Files\s/);
    } finally {
      rmSync(failing);
    }
  });
});
