// The monorepo's package rules: the dependency rules (scripts/check-dependency-rules.mjs) on the real tree and on
// fixture trees that break each rule once, and what makes a framework package buildable, versioned and publishable.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

import { checkDependencyRules, type DependencyRule } from '../scripts/check-dependency-rules.mjs';
import {
  dependencyOrder,
  readWorkspacePackages,
  workspaceDependencies,
  WorkspaceError,
} from '../scripts/workspace-packages.mjs';
import { type FixturePackage, writeWorkspaceFixture } from './utils/workspaceFixture.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const RULES: DependencyRule[] = ['cycle', 'module-import', 'cli-import', 'undeclared', 'relative-path'];
const FRAMEWORK = [
  '@citysync/cli',
  '@citysync/contracts',
  '@citysync/dashboard',
  '@citysync/devnet',
  '@citysync/indexer',
  '@citysync/module-kit',
  '@citysync/registry',
  '@citysync/scaffolder',
  '@citysync/schemas',
  '@citysync/sdk',
  '@citysync/server',
  '@citysync/sim',
];

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe('dependency rules on the repository', () => {
  const violations = checkDependencyRules(ROOT);
  for (const rule of RULES) {
    it(`no ${rule} violation`, () => {
      expect(violations.filter((v) => v.rule === rule).map((v) => `${v.file ?? ''}:${v.line} ${v.message}`)).toEqual([]);
    });
  }
});

/** A small monorepo that keeps every rule: contracts <- sdk <- dashboard, cli; a module on the sdk. */
function cleanTree(): Record<string, FixturePackage> {
  return {
    'core/contracts': { manifest: { name: '@citysync/contracts' }, files: { 'src/index.ts': 'export const abi = [];\n' } },
    'core/sdk': {
      manifest: { name: '@citysync/sdk', dependencies: { '@citysync/contracts': '^0.1.0', viem: '^2.0.0' } },
      files: {
        'src/index.ts': [
          "import { abi } from '@citysync/contracts';",
          "import { keccak256 } from 'viem/utils';",
          "import { readFileSync } from 'node:fs';",
          "import path from 'path';",
          "export * from './errors.js';",
          'export const read = () => [abi, keccak256, readFileSync, path];',
        ].join('\n'),
        'src/errors.ts': 'export class SdkError extends Error {}\n',
        // Tests may reach anywhere: none of this counts.
        'test/sdk.test.ts': "import '../../cli/src/index.js';\nimport '@citysync/cli';\nimport 'vitest';\n",
      },
    },
    'core/dashboard': {
      manifest: { name: '@citysync/dashboard', dependencies: { '@citysync/sdk': '^0.1.0' } },
      files: {
        'src/index.ts': "import { read } from '@citysync/sdk';\nexport const page = new URL('./static/', import.meta.url);\nexport { read };\n",
        'src/static/page.js': 'export {};\n',
      },
    },
    'core/cli': {
      manifest: {
        name: '@citysync/cli',
        dependencies: { '@citysync/dashboard': '^0.1.0', '@citysync/sdk': '^0.1.0', commander: '^14.0.0' },
      },
      files: {
        'bin/dpan.js': "import { Command } from 'commander';\nawait import('../src/index.js');\nexport { Command };\n",
        'src/index.ts': "export { page } from '@citysync/dashboard';\nexport { read } from '@citysync/sdk';\n",
      },
    },
    'modules/blight': {
      module: true,
      manifest: { name: '@citysync/dpan-blight', dependencies: { '@citysync/sdk': '^0.1.0' } },
      files: { 'src/index.ts': "export { SdkError } from '@citysync/sdk';\n" },
    },
  };
}

/** Writes `tree` (after `change`) to a new temporary folder and checks it. */
function check(change: (tree: Record<string, FixturePackage>) => void) {
  const tree = cleanTree();
  change(tree);
  const root = mkdtempSync(join(tmpdir(), 'citysync-rules-'));
  temporary.push(root);
  return checkDependencyRules(writeWorkspaceFixture(root, tree));
}

const pkg = (tree: Record<string, FixturePackage>, dir: string) => tree[dir]!;
const files = (tree: Record<string, FixturePackage>, dir: string) => (pkg(tree, dir).files ??= {});
const deps = (tree: Record<string, FixturePackage>, dir: string) =>
  (pkg(tree, dir).manifest['dependencies'] ??= {}) as Record<string, string>;
const rulesOf = (violations: { rule: string }[]) => [...new Set(violations.map((v) => v.rule))].sort();

describe('dependency rules on fixture trees', () => {
  it('a tree that keeps every rule has no violation', () => {
    expect(check(() => {})).toEqual([]);
  });

  it('cycle: package.json dependencies that lead back to a package', () => {
    const violations = check((tree) => (deps(tree, 'core/contracts')['@citysync/sdk'] = '^0.1.0'));
    expect(rulesOf(violations)).toEqual(['cycle']);
    expect(violations[0]!.message).toMatch(
      /package\.json dependencies form a cycle: @citysync\/contracts -> @citysync\/sdk -> @citysync\/contracts/,
    );
  });

  it('cycle: imports that lead back to a package, named with the file that imports', () => {
    const violations = check((tree) => {
      files(tree, 'core/contracts')['src/types.ts'] = "import type { SdkError } from '@citysync/sdk';\nexport type E = SdkError;\n";
    });
    expect(rulesOf(violations)).toEqual(['cycle', 'undeclared']);
    const cycle = violations.find((v) => v.rule === 'cycle')!;
    expect(cycle.message).toMatch(/imports form a cycle/);
    expect(cycle.message).toContain("core/contracts/src/types.ts:1 imports '@citysync/sdk'");
    expect(cycle.packages).toEqual(['@citysync/contracts', '@citysync/sdk']);
  });

  it('module-import: a framework package that depends on or imports a dPAN module', () => {
    const violations = check((tree) => {
      deps(tree, 'core/cli')['@citysync/dpan-blight'] = '^0.1.0';
      files(tree, 'core/cli')['src/mce.ts'] = "export * from '@citysync/dpan-blight';\n";
    });
    expect(rulesOf(violations)).toEqual(['module-import']);
    expect(violations.map((v) => `${v.file}:${v.line}`)).toEqual(['core/cli/package.json:0', 'core/cli/src/mce.ts:1']);
  });

  it("module-import: a module's folder reached by a relative path", () => {
    const violations = check((tree) => {
      files(tree, 'core/cli')['src/blight.ts'] =
        "export const dir = new URL('../../../modules/blight', import.meta.url);\n";
    });
    expect(rulesOf(violations)).toEqual(['module-import', 'relative-path']);
  });

  it("cli-import: another package importing @citysync/cli's files", () => {
    const violations = check((tree) => {
      deps(tree, 'core/dashboard')['@citysync/cli'] = '^0.1.0';
      files(tree, 'core/dashboard')['src/format.ts'] = "export { read } from '@citysync/cli/src/index.js';\n";
    });
    // dashboard -> cli -> dashboard is also a cycle; the cli-import is reported on its own.
    expect(rulesOf(violations)).toEqual(['cli-import', 'cycle']);
    expect(violations.find((v) => v.rule === 'cli-import')!.message).toMatch(
      /@citysync\/dashboard imports '@citysync\/cli\/src\/index\.js'/,
    );
  });

  it('undeclared: an import of a package missing from package.json dependencies (built-ins aside)', () => {
    const violations = check((tree) => {
      files(tree, 'core/sdk')['src/pad.ts'] = "import pad from 'left-pad';\nimport 'node:crypto';\nimport 'os';\nexport { pad };\n";
      files(tree, 'core/sdk')['src/more.ts'] = "export { default } from 'left-pad';\n";
      // A top-level file the package publishes counts; one it does not (its test config) does not.
      pkg(tree, 'core/contracts').manifest['files'] = ['src/', 'tool.mjs'];
      files(tree, 'core/contracts')['tool.mjs'] = "import which from 'which';\nexport { which };\n";
      files(tree, 'core/contracts')['vitest.config.ts'] = "import { defineConfig } from 'vitest/config';\nexport default defineConfig({});\n";
      // Code the bin imports counts wherever it lives; a template that nothing imports does not.
      pkg(tree, 'core/cli').manifest['files'] = ['bin/', 'kit/', 'templates/'];
      files(tree, 'core/cli')['bin/dpan.js'] += "import '../kit/load.js';\n";
      files(tree, 'core/cli')['kit/load.js'] = "import chalk from 'chalk';\nexport { chalk };\n";
      files(tree, 'core/cli')['templates/vitest.config.ts'] = "import { defineConfig } from 'vitest/config';\nexport default defineConfig({});\n";
    });
    expect(rulesOf(violations)).toEqual(['undeclared']);
    expect(violations.map((v) => v.message)).toEqual([
      expect.stringMatching(/@citysync\/cli imports 'chalk' but chalk is not in its package\.json dependencies/),
      expect.stringMatching(/@citysync\/contracts imports 'which' but which is not in its package\.json dependencies/),
      expect.stringMatching(/'left-pad' and 1 more import\(s\) but left-pad is not in its package\.json dependencies/),
    ]);
  });

  it("relative-path: an import of another package's files, or a file outside the package", () => {
    const violations = check((tree) => {
      files(tree, 'core/dashboard')['src/sibling.ts'] = "export { SdkError } from '../../sdk/src/errors.js';\n";
      files(tree, 'core/cli')['src/example.ts'] = "export const city = new URL('../../../examples/city.json', import.meta.url);\n";
    });
    expect(rulesOf(violations)).toEqual(['relative-path']);
    expect(violations.map((v) => v.message)).toEqual([
      expect.stringMatching(/outside its folder \(examples\/city\.json\): a published package has no such file/),
      expect.stringMatching(/'\.\.\/\.\.\/sdk\/src\/errors\.js', outside its folder \(core\/sdk\/src\/errors\.js\): import @citysync\/sdk/),
    ]);
  });

  it('dependency order puts a package after its dependencies, and refuses a cycle', () => {
    const root = mkdtempSync(join(tmpdir(), 'citysync-rules-'));
    temporary.push(root);
    const tree = cleanTree();
    const order = dependencyOrder(readWorkspacePackages(writeWorkspaceFixture(root, tree))).map((p) => p.name);
    expect(order.indexOf('@citysync/contracts')).toBeLessThan(order.indexOf('@citysync/sdk'));
    expect(order.indexOf('@citysync/dashboard')).toBeLessThan(order.indexOf('@citysync/cli'));
    deps(tree, 'core/contracts')['@citysync/cli'] = '^0.1.0';
    const cyclic = readWorkspacePackages(writeWorkspaceFixture(root, tree));
    expect(() => dependencyOrder(cyclic)).toThrow(WorkspaceError);
    expect(() => dependencyOrder(cyclic)).toThrow(/form a cycle: @citysync\/cli -> .+ -> @citysync\/contracts -> @citysync\/cli/);
  });
});

describe('framework packages', () => {
  const packages = readWorkspacePackages(ROOT);
  const framework = packages.filter((p) => p.isFramework);
  const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const references = (file: string) =>
    ((readJson(file)['references'] ?? []) as { path: string }[]).map((r) => resolve(dirname(file), r.path));

  it('are the ten published packages: neither modules nor private', () => {
    expect(framework.map((p) => p.name).sort()).toEqual(FRAMEWORK);
  });

  it('are all built by the root tsconfig.json (tsc -b)', () => {
    expect(references(join(ROOT, 'tsconfig.json')).sort()).toEqual(
      framework.map((p) => join(p.absoluteDir, 'tsconfig.build.json')).sort(),
    );
  });

  it("each reference, in its tsconfig.build.json, exactly the workspace packages its package.json depends on", () => {
    const byName = new Map(packages.map((p) => [p.name, p]));
    const drift = framework.flatMap((p) => {
      const expected = workspaceDependencies(p, packages).map((name) => join(byName.get(name)!.absoluteDir, 'tsconfig.build.json'));
      const actual = references(join(p.absoluteDir, 'tsconfig.build.json'));
      const missing = expected.filter((path) => !actual.includes(path));
      const extra = actual.filter((path) => !expected.includes(path));
      return missing.length + extra.length === 0
        ? []
        : [`${p.dir}/tsconfig.build.json: add ${JSON.stringify(missing)}, remove ${JSON.stringify(extra)}`];
    });
    expect(drift.map((line) => line.replaceAll(`${ROOT}/`, ''))).toEqual([]);
  });

  it('each compiles src/ to dist/ with declarations', () => {
    for (const p of framework) {
      const config = readJson(join(p.absoluteDir, 'tsconfig.build.json'));
      expect(config, p.name).toMatchObject({
        compilerOptions: { composite: true, noEmit: false, rootDir: 'src', outDir: 'dist' },
        include: ['src/**/*.ts'],
      });
    }
  });

  it('each is versioned by changesets: a CHANGELOG.md it publishes, not ignored, with a pending changeset', () => {
    const config = readJson(join(ROOT, '.changeset/config.json'));
    const changesets = readFileSync(join(ROOT, '.changeset/framework-first-release.md'), 'utf8');
    for (const p of framework) {
      expect(existsSync(join(p.absoluteDir, 'CHANGELOG.md')), `${p.dir}/CHANGELOG.md`).toBe(true);
      expect(p.manifest['files'], `${p.name} files`).toContain('CHANGELOG.md');
      expect(config['ignore'], p.name).not.toContain(p.name);
      expect(changesets, p.name).toContain(`"${p.name}": minor`);
    }
  });
});
