// @citysync/cli as npm installs it: the framework packages built (npm run build) and staged as they are published
// (scripts/stage-package.mjs: dist/ in place of src/, exports into dist/) into the node_modules of a directory
// outside this repository, next to their npm dependencies, without tsx. dpan declares its commands, finds
// `dpan scaffold` in @citysync/scaffolder beside it, writes a city from the template it ships, and runs compiled
// implementations (dist/commands/<group>.js, scaffolder's dist/cli/scaffold.js): nothing needs src/ or tsx.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildFramework } from '../../../scripts/build-framework.mjs';
import { stagePackage } from '../../../scripts/stage-package.mjs';
import { readWorkspacePackages } from '../../../scripts/workspace-packages.mjs';
import { type DpanResult, runProcess } from '../../../test/utils/dpan.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const RECORD = join(ROOT, 'scaffolder/test/fixtures/sample.record.json');
/** What `dpan validate`, `city init` and `scaffold` load, with the packages they import. */
const STAGED = ['@citysync/cli', '@citysync/schemas', '@citysync/sdk', '@citysync/module-kit', '@citysync/contracts', '@citysync/devnet', '@citysync/scaffolder'];

const root = mkdtempSync(join(tmpdir(), 'dpan-published-'));
const nodeModules = join(root, 'node_modules');
const project = join(root, 'project');
const bin = join(nodeModules, '@citysync', 'cli', 'bin', 'dpan.js');

type Run = DpanResult;

function dpan(...args: string[]): Promise<Run> {
  const { DPAN_PRIVATE_KEY: _ignored, ...env } = process.env;
  return runProcess(process.execPath, [bin, ...args], { cwd: project, env });
}

/** The package folder (`.../node_modules/commander`) of a file inside it. */
function packageRootOf(file: string): string {
  let dir = dirname(file);
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

/** The repository's installed npm packages, linked (the @citysync ones are staged instead; tsx is left out). */
function linkDependencies(): void {
  const link = (from: string, to: string): void => {
    if (!existsSync(to)) symlinkSync(from, to);
  };
  // The CLI's own commander, wherever npm put it (the root's is another major, for other tools): the folder above
  // its main file, since commander's exports do not include package.json.
  const commanderMain = createRequire(join(ROOT, 'core', 'cli', 'package.json')).resolve('commander');
  link(packageRootOf(commanderMain), join(nodeModules, 'commander'));
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name === 'tsx' || name === '@citysync' || name.startsWith('.')) continue;
    if (!name.startsWith('@')) {
      link(join(ROOT, 'node_modules', name), join(nodeModules, name));
      continue;
    }
    mkdirSync(join(nodeModules, name), { recursive: true });
    for (const scoped of readdirSync(join(ROOT, 'node_modules', name))) link(join(ROOT, 'node_modules', name, scoped), join(nodeModules, name, scoped));
  }
}

beforeAll(() => {
  buildFramework({ root: ROOT });
  const packages = readWorkspacePackages(ROOT).filter((pkg) => STAGED.includes(pkg.name));
  expect(packages.map((pkg) => pkg.name).sort()).toEqual([...STAGED].sort());
  for (const pkg of packages) {
    const dir = join(nodeModules, pkg.name);
    mkdirSync(dir, { recursive: true });
    stagePackage(pkg, dir);
  }
  linkDependencies();
  mkdirSync(project);
}, 600_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('dpan from a published @citysync/cli', () => {
  it('has no src/ and no tsx to load TypeScript with', () => {
    expect(existsSync(join(nodeModules, '@citysync', 'cli', 'src'))).toBe(false);
    expect(existsSync(join(nodeModules, '@citysync', 'cli', 'dist', 'commands', 'city.js'))).toBe(true);
    expect(() => createRequire(bin).resolve('tsx')).toThrow(/Cannot find module 'tsx'/);
  });

  it('--help lists its commands and dpan scaffold, from @citysync/scaffolder beside it', async () => {
    const result = await dpan('--help');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/\n {2}city +create and deploy a city\n/);
    expect(result.stdout).toMatch(/\n {2}scaffold \[options\] +from a finished MCE to a module/);
  });

  it('dpan city init writes a city from the template it ships, and dpan validate accepts it', async () => {
    const init = await dpan('city', 'init', 'oakland', '--name', 'Oakland', '--ticker', 'OAKL');
    expect(init.code, init.stderr).toBe(0);
    const text = readFileSync(join(project, 'oakland', 'city.json'), 'utf8');
    expect(text).toContain('"name": "Oakland"');
    expect(text).toContain('// CHANGE');
    const validate = await dpan('validate', 'oakland');
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
    expect(validate.stdout).toContain('valid: 2 files checked');
  });

  it("dpan scaffold runs @citysync/scaffolder's compiled command", async () => {
    const result = await dpan('scaffold', '--from-mce', RECORD, '--report');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('graduates: 4 of 4 criteria pass');
  });
});
