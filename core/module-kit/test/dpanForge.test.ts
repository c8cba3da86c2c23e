// dpan-forge through its bin on a throw-away workspace member (foundryProject.ts): forge's exit code passes through,
// the npm solc compiles, and the package's node_modules remapping reaches the library hoisted to the workspace root.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { foundryBinary } from '@citysync/contracts/foundry-tool';
import { afterAll, describe, expect, it } from 'vitest';

import { DPAN_FORGE, foundryProject, run } from './foundryProject.js';

const SOLC = fileURLToPath(new URL('../bin/solc.cjs', import.meta.url));

describe('dpan-forge', () => {
  const project = foundryProject();
  afterAll(project.remove);

  it('exits 0 when the tests pass, building with the npm solc and the hoisted library', { timeout: 300_000 }, () => {
    const test = run(process.execPath, [DPAN_FORGE, 'test', '--match-test', 'test_bump_addsOne'], project.dir);
    expect(test.code, test.output).toBe(0);
    expect(test.output).toContain('[PASS] test_bump_addsOne()');
    expect(existsSync(join(project.dir, 'out/Counter.sol/Counter.json'))).toBe(true);
  });

  it("exits with forge's non-zero code when a test fails", { timeout: 300_000 }, () => {
    const test = run(process.execPath, [DPAN_FORGE, 'test'], project.dir);
    expect(test.code, test.output).toBe(1);
    expect(test.output).toContain('[FAIL: count] test_bump_addsTwo()');
  });

  it('the remapping is what it resolves: forge alone does not find the hoisted library', { timeout: 300_000 }, () => {
    const { binary } = foundryBinary('forge');
    if (binary === undefined) throw new Error('forge is not installed (npm install)');
    const build = run(binary, ['build', '--force', '--offline', '--use', SOLC], project.dir);
    expect(build.code).not.toBe(0);
    expect(build.output).toContain('lib-pkg/Step.sol');
  });

  it('leaves a remapping alone when FOUNDRY_REMAPPINGS is set', { timeout: 300_000 }, () => {
    const build = run(process.execPath, [DPAN_FORGE, 'build', '--force'], project.dir, { FOUNDRY_REMAPPINGS: 'lib-pkg/=node_modules/lib-pkg/src/' });
    expect(build.code).not.toBe(0);
  });
});

describe('dpan-forge without forge installed', () => {
  const project = foundryProject({ withForge: false });
  afterAll(project.remove);

  it('exits 1 and says which package to add', () => {
    const test = run(process.execPath, [DPAN_FORGE, 'test'], project.dir);
    expect(test.code).toBe(1);
    expect(test.output).toMatch(/@foundry-rs\/forge-[a-z0-9-]+ is not installed .*Add "@foundry-rs\/forge": "1\.7\.1" to the package's devDependencies/);
  });
});
