// dpan-module-artifacts through its bin (and writeModuleArtifacts under it), on a real forge build of a throw-away
// package (foundryProject.ts): one artifact per concrete contract, the check passes on fresh files and fails on a
// changed one, and a missing build or bad usage is refused with what to do.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ModuleBuildNotFoundError, ModulePackageError, writeModuleArtifacts } from '../src/index.js';
import { DPAN_FORGE, DPAN_MODULE_ARTIFACTS, foundryProject, run } from './foundryProject.js';

const project = foundryProject();
const artifacts = (...args: string[]) => run(process.execPath, [DPAN_MODULE_ARTIFACTS, ...args], project.dir);

beforeAll(() => {
  const build = run(process.execPath, [DPAN_FORGE, 'build'], project.dir);
  if (build.code !== 0) throw new Error(`dpan-forge build failed:\n${build.output}`);
}, 300_000);
afterAll(project.remove);

describe('dpan-module-artifacts', () => {
  it('writes { contractName, sourceName, abi, bytecode } per concrete contract of contracts/', () => {
    const written = artifacts('.');
    expect(written.code, written.output).toBe(0);
    expect(written.output.trim()).toBe('wrote ./artifacts/Counter.json');
    const artifact = JSON.parse(readFileSync(join(project.dir, 'artifacts/Counter.json'), 'utf8')) as Record<string, unknown>;
    const built = JSON.parse(readFileSync(join(project.dir, 'out/Counter.sol/Counter.json'), 'utf8')) as { abi: unknown; bytecode: { object: string } };
    expect(artifact).toEqual({ contractName: 'Counter', sourceName: 'contracts/Counter.sol', abi: built.abi, bytecode: built.bytecode.object });
  });

  it('--check: exit 0 on the fresh files, exit 1 naming a changed one', () => {
    expect(artifacts('.', '--check').code).toBe(0);
    const path = join(project.dir, 'artifacts/Counter.json');
    const original = readFileSync(path, 'utf8');
    try {
      const artifact = JSON.parse(original) as { bytecode: string };
      writeFileSync(path, `${JSON.stringify({ ...artifact, bytecode: `${artifact.bytecode}00` }, null, 2)}\n`);
      const check = artifacts('.', '--check');
      expect(check.code).toBe(1);
      expect(check.output).toContain('./artifacts/Counter.json is stale: regenerate it with `dpan-module-artifacts .`');
      expect(writeModuleArtifacts({ dir: project.dir, check: true }).artifacts).toEqual([
        { contractName: 'Counter', path: 'artifacts/Counter.json', status: 'stale' },
      ]);
    } finally {
      writeFileSync(path, original);
    }
  });

  it('exit 1 when the build is not in --out, saying how to build', () => {
    const missing = artifacts('.', '--out', 'elsewhere');
    expect(missing.code).toBe(1);
    expect(missing.output).toContain(`${join(project.dir, 'elsewhere/Counter.sol/Counter.json')} not found`);
    expect(missing.output).toContain('dpan-forge build');
    expect(() => writeModuleArtifacts({ dir: project.dir, out: join(project.dir, 'elsewhere') })).toThrow(ModuleBuildNotFoundError);
  });

  it('exit 1 on a directory without contracts/', () => {
    const notModule = artifacts('out');
    expect(notModule.code).toBe(1);
    expect(notModule.output).toContain('contracts/: no such folder');
    expect(() => writeModuleArtifacts({ dir: join(project.dir, 'out') })).toThrow(ModulePackageError);
  });

  it('exit 2 on an unknown option or two directories', () => {
    expect(artifacts('--bogus').code).toBe(2);
    const two = artifacts('a', 'b');
    expect(two.code).toBe(2);
    expect(two.output).toContain('usage: dpan-module-artifacts [dir]');
  });
});
