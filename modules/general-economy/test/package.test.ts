// The package itself: every file valid, the content hash recomputable from its definition and sensitive to what
// the kernel deploys (not to documentation), parameters resolved inside their bounds.
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ModuleParameterError, resolveModuleParameters } from '@citysync/sdk';
import { readModuleDirectory } from '@citysync/module-kit';
import { canonicalJson, formatIssue, validatePath } from '@citysync/schemas';
import { type AbiFunction, keccak256, toBytes } from 'viem';
import { describe, expect, it } from 'vitest';

const DIR = fileURLToPath(new URL('..', import.meta.url));

describe('@citysync/dpan-general-economy package', () => {
  it('passes dpan validate', () => {
    expect(validatePath(DIR).map(formatIssue)).toEqual([]);
  });

  it('content hash = keccak256(JCS({ manifest, files: sha256 of dpan.json, data files, contracts/, artifacts/ }))', () => {
    const pkg = readModuleDirectory(DIR);
    const names = [
      'artifacts/GeneralEconomy.json',
      'artifacts/GeneralEconomySetup.json',
      'contracts/GeneralEconomy.sol',
      'contracts/GeneralEconomySetup.sol',
      'dpan.json',
      'offerings.json',
      'parameters.json',
      'tasks.json',
      'verification.json',
    ];
    expect(Object.keys(pkg.files).sort()).toEqual(names);
    const files = Object.fromEntries(names.map((n) => [n, createHash('sha256').update(readFileSync(join(DIR, n))).digest('hex')]));
    const manifest = JSON.parse(readFileSync(join(DIR, 'dpan.json'), 'utf8')) as unknown;
    expect(pkg.contentHash).toBe(keccak256(toBytes(canonicalJson({ manifest, files }))));
  });

  it('changes with the catalog, not with the README', () => {
    const copy = mkdtempSync(join(tmpdir(), 'dpan-ge-'));
    try {
      cpSync(DIR, copy, { recursive: true, filter: (src) => !src.includes('node_modules') });
      const original = readModuleDirectory(copy).contentHash;
      writeFileSync(join(copy, 'README.md'), '# edited\n');
      expect(readModuleDirectory(copy).contentHash).toBe(original);
      const tasks = JSON.parse(readFileSync(join(copy, 'tasks.json'), 'utf8')) as { taskTypes: { rate: { max: number } }[] };
      const first = tasks.taskTypes[0];
      if (first === undefined) throw new Error('empty catalog');
      first.rate.max = 39;
      writeFileSync(join(copy, 'tasks.json'), JSON.stringify(tasks, null, 2));
      expect(readModuleDirectory(copy).contentHash).not.toBe(original);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it("the setup's initData inputs are exactly the manifest's init keys", () => {
    const pkg = readModuleDirectory(DIR);
    const [setup] = pkg.manifest.contracts;
    const artifact = pkg.artifacts[setup?.name ?? ''];
    const initData = artifact?.abi.find((item): item is AbiFunction => item.type === 'function' && item.name === 'initData');
    expect(initData?.inputs.map((i) => i.name)).toEqual(Object.keys(setup?.init ?? {}));
  });

  it('resolves parameters: defaults, overrides inside bounds, errors at file#/pointer', () => {
    const { parameters } = readModuleDirectory(DIR);
    expect(resolveModuleParameters(parameters)['budget.perPeriod']).toBe(50_000);
    expect(resolveModuleParameters(parameters, { 'budget.perPeriod': 1_000 })['budget.perPeriod']).toBe(1_000);
    expect(() => resolveModuleParameters(parameters, { 'budget.perPeriod': 999 })).toThrow(
      'parameters.json#/parameters/budget.perPeriod: 999 is outside the allowed bounds [1000, 1000000] (credits)',
    );
    const unknown = (() => {
      try {
        resolveModuleParameters(parameters, { 'budget.perWeek': 1 });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(unknown).toBeInstanceOf(ModuleParameterError);
    expect((unknown as ModuleParameterError).key).toBe('budget.perWeek');
  });
});
