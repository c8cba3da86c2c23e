import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import { type DpanManifest, type TaskCatalog, canonicalJson, formatIssue } from '@citysync/schemas';
import { validatePath } from '@citysync/schemas/node';
import { type AbiFunction, keccak256, toBytes } from 'viem';
import { describe, expect, it } from 'vitest';

import { ModuleParameterError } from './errors.js';
import { readModuleDirectory } from './readModuleDirectory.js';
import { resolveModuleParameters } from './resolveModuleParameters.js';

/** The parameter every module defines: the credits its tasks may issue per period, its budget line. */
const BUDGET = 'budget.perPeriod';

/**
 * The checks every module package passes, as a vitest suite: `dpan validate`, the content hash recomputed from its
 * definition and covering what the kernel deploys (not the documentation), the setup's initData inputs bound by the
 * manifest, and the budget parameter resolved inside its bounds. Call it at the top level of a test file; the
 * module's own checks go in suites of their own beside it.
 *
 * @example
 * // test/package.test.ts
 * describeModulePackage(new URL('..', import.meta.url));
 */
export function describeModulePackage(dir: string | URL): void {
  const root = typeof dir === 'string' ? dir : fileURLToPath(dir);
  const { name } = JSON.parse(readFileSync(join(root, 'dpan.json'), 'utf8')) as { name: string };

  describe(`${name}: a module package`, () => {
    it('passes dpan validate', () => {
      expect(validatePath(root).map(formatIssue)).toEqual([]);
    });

    it('content hash = keccak256(JCS({ manifest, files: sha256 of dpan.json, data files, contracts/, artifacts/ }))', () => {
      const pkg = readModuleDirectory(root);
      const manifest = JSON.parse(readFileSync(join(root, 'dpan.json'), 'utf8')) as DpanManifest;
      const names = new Set(['dpan.json', ...listFiles(root, 'contracts'), ...listFiles(root, 'artifacts')]);
      for (const file of Object.values(manifest.files)) if (typeof file === 'string') names.add(file);
      for (const contract of manifest.contracts) names.add(contract.artifact);
      expect(Object.keys(pkg.files).sort()).toEqual([...names].sort());
      const files = Object.fromEntries([...names].map((n) => [n, createHash('sha256').update(readFileSync(join(root, n))).digest('hex')]));
      expect(pkg.contentHash).toBe(keccak256(toBytes(canonicalJson({ manifest, files }))));
    });

    it('the content hash changes with the catalog, not with the README', () => {
      const copy = mkdtempSync(join(tmpdir(), 'dpan-module-package-'));
      try {
        // Without what installs and builds leave: node_modules and forge's out/ and cache/.
        const left = new Set(['node_modules', 'out', 'cache']);
        cpSync(root, copy, { recursive: true, filter: (src) => !left.has(relative(root, src).split(sep)[0] ?? '') });
        const original = readModuleDirectory(copy).contentHash;
        writeFileSync(join(copy, 'README.md'), '# edited\n');
        expect(readModuleDirectory(copy).contentHash).toBe(original);
        const catalogFile = join(copy, readModuleDirectory(copy).manifest.files.taskCatalog);
        const catalog = JSON.parse(readFileSync(catalogFile, 'utf8')) as TaskCatalog;
        const [first] = catalog.taskTypes;
        if (first === undefined) throw new Error(`${catalogFile} has no task type`);
        first.rate.max += 1;
        writeFileSync(catalogFile, JSON.stringify(catalog, null, 2));
        expect(readModuleDirectory(copy).contentHash).not.toBe(original);
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    });

    it("the setup's initData inputs are exactly the manifest's init keys", () => {
      const pkg = readModuleDirectory(root);
      const [setup] = pkg.manifest.contracts;
      const abi = pkg.artifacts[setup?.name ?? '']?.abi ?? [];
      const initData = abi.find((item): item is AbiFunction => item.type === 'function' && item.name === 'initData');
      expect(initData?.inputs.map((i) => i.name)).toEqual(Object.keys(setup?.init ?? {}));
    });

    it(`resolves ${BUDGET}: its value by default, overrides inside its bounds, errors at file#/pointer`, () => {
      const { manifest, parameters } = readModuleDirectory(root);
      const file = manifest.files.parameters;
      const budget = parameters.parameters[BUDGET];
      if (budget === undefined) throw new Error(`${file} defines no ${BUDGET}: every module must (its budget line)`);
      const { min, max, unit } = budget;
      expect(resolveModuleParameters(parameters, {}, { file })[BUDGET]).toBe(budget.value ?? budget.default);
      expect(resolveModuleParameters(parameters, { [BUDGET]: min }, { file })[BUDGET]).toBe(min);
      expect(resolveModuleParameters(parameters, { [BUDGET]: max }, { file })[BUDGET]).toBe(max);
      for (const outside of [min - 1, max + 1]) {
        expect(() => resolveModuleParameters(parameters, { [BUDGET]: outside }, { file })).toThrow(
          `${file}#/parameters/${BUDGET}: ${outside} is outside the allowed bounds [${min}, ${max}] (${unit})`,
        );
      }
      const unknown = (() => {
        try {
          resolveModuleParameters(parameters, { 'budget.perWeek': 1 }, { file });
        } catch (error) {
          return error;
        }
        return undefined;
      })();
      expect(unknown).toBeInstanceOf(ModuleParameterError);
      expect((unknown as ModuleParameterError).key).toBe('budget.perWeek');
    });
  });
}

/** Every file under `root`/`folder`, by its path relative to `root` with '/' separators. */
function listFiles(root: string, folder: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(root, folder));
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = `${folder}/${name}`;
    return statSync(join(root, path)).isDirectory() ? listFiles(root, path) : [path];
  });
}
