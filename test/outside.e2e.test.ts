// City/Sync used from outside this repository, as a city or a module developer does: the framework is published to
// the embedded registry network, then an empty directory in the system's temp folder installs `@citysync/cli` from
// it (the @citysync and @oakland scopes from that registry, everything else from the usual npm registry, as an
// organisation with a private scope would), stands a city up, scaffolds a module from a committed MCE record, runs the
// module's own Foundry and vitest tests from its own `npm install`, publishes it, installs it into the city, and runs
// the blight module's `dpan mce` commands through its plugin. Nothing in that directory points into the monorepo.
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type DpanResult, dpan, dpanJson, runProcess } from './utils/dpan.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RECORD = join(ROOT, 'scaffolder/test/fixtures/sample.record.json');
const OPEN311 = join(ROOT, 'modules/blight-mce/test/fixtures/berkeley-311.synthetic.csv');
const BLIGHT_MODULE = join(ROOT, 'modules/blight-mce');
const NAME = '@oakland/dpan-cleanup';
/** The auditor Oakland's city.json trusts (the city template's installPolicy): anvil dev account 14. */
const AUDITOR = { account: '14', address: '0xdF3e18d64BC6A983f673Ab319CCaE4f1a57C7097' } as const;

type Run = DpanResult;

/**
 * A command in `cwd` with the environment a user's shell has: no npm_* variables inherited from the `npm test`
 * that runs this file (npm would otherwise read this repository's configuration), no key in DPAN_PRIVATE_KEY.
 */
function sh(command: string, args: string[], cwd: string): Promise<Run> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'DPAN_PRIVATE_KEY' && key !== 'INIT_CWD'),
  );
  return runProcess(command, args, { cwd, env: { ...env, NO_COLOR: '1' } });
}

const output = (r: Run): string => `exit ${r.code}\n${r.stdout}\n${r.stderr}`;

/**
 * What would tie `dir` to this checkout: a symbolic link anywhere below it (npm's own node_modules/.bin links
 * aside), or, in the project's own files and every installed City/Sync package, a `file:`/`link:` dependency or
 * this repository's path.
 */
function linksAndMonorepoPaths(dir: string): string[] {
  const found: string[] = [];
  const ours = (path: string): boolean =>
    !path.includes(`${sep}node_modules${sep}`) || /node_modules[\\/](@citysync|@oakland)[\\/]/.test(path);
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (lstatSync(path).isSymbolicLink()) {
        if (!path.includes(join('node_modules', '.bin'))) found.push(`link: ${path}`);
      } else if (entry.isDirectory()) {
        if (entry.name !== '.citysync' && entry.name !== 'cache' && entry.name !== 'out') walk(path);
      } else if (ours(path) && /^(package\.json|package-lock\.json|\.npmrc|foundry\.toml|dpan-lock\.json)$/.test(entry.name)) {
        const text = readFileSync(path, 'utf8');
        if (text.includes(ROOT) || /"(file|link):/.test(text)) found.push(`points into the repo: ${path}`);
      }
    }
  };
  walk(dir);
  return found;
}

describe('City/Sync from an empty directory outside the repository', () => {
  const root = mkdtempSync(join(tmpdir(), 'citysync-outside-'));
  const registryDir = join(root, 'registry-network');
  const registry = ['--registry-dir', registryDir];
  const project = join(root, 'oakland-civic-tech');
  const city = join(project, 'oakland');
  const modulePackage = join(project, 'dpan-cleanup');
  let url = '';
  let token = '';

  beforeAll(async () => {
    // 1. The embedded registry network in a temp dir, the framework published to it.
    url = (await dpanJson<{ url: string }>('registry', 'start', ...registry)).url;
    token = (await dpanJson<{ token: string }>('registry', 'adduser', 'citysync', '--password', 'framework-release-2026', ...registry)).token;
    const published = await sh('npm', ['run', '--silent', 'publish:framework', '--', '--registry', url, '--token', token], ROOT);
    expect(published.code, output(published)).toBe(0);
    // Berkeley publishes the blight module (the scaffold's record forks it); Oakland's trusted auditor is accredited.
    await dpanJson('publish', BLIGHT_MODULE, '--token', token, '--account', '1', ...registry);
    await dpanJson('registry', 'auditor', AUDITOR.address, '--name', 'Oakland Civic Audit', ...registry);
  }, 600_000);

  afterAll(async () => {
    await sh('npx', ['--no-install', 'dpan', 'chain', 'stop', '--city', city], project).catch(() => undefined);
    await dpan('registry', 'stop', ...registry);
    rmSync(root, { recursive: true, force: true });
  }, 120_000);

  it('2. installs @citysync/cli into a new npm project from the registry', async () => {
    await sh('mkdir', ['-p', project], root);
    const host = new URL(url).host;
    writeFileSync(
      join(project, '.npmrc'),
      [`@citysync:registry=${url}/`, `@oakland:registry=${url}/`, `//${host}/:_authToken=${token}`, ''].join('\n'),
    );
    const init = await sh('npm', ['init', '-y'], project);
    expect(init.code, output(init)).toBe(0);
    const install = await sh('npm', ['install', '--no-audit', '--no-fund', '@citysync/cli', '@citysync/dpan-blight-mce'], project);
    expect(install.code, output(install)).toBe(0);
    const help = await sh('npx', ['--no-install', 'dpan', '--help'], project);
    expect(help.code, output(help)).toBe(0);
    expect(help.stdout).toMatch(/\bscaffold\b/);
    expect(help.stdout).toMatch(/\bmce\b/);
  }, 600_000);

  it('3. stands Oakland up: city init, chain start, city deploy, health', async () => {
    for (const args of [['city', 'init', 'oakland'], ['chain', 'start', '--city', city], ['city', 'deploy', '--city', city]]) {
      const r = await sh('npx', ['--no-install', 'dpan', ...args], project);
      expect(r.code, output(r)).toBe(0);
    }
    const health = await sh('npx', ['--no-install', 'dpan', 'health', '--city', city, '--json'], project);
    expect(health.code, output(health)).toBe(0);
    expect(JSON.parse(health.stdout)).toHaveProperty('periods');
  }, 300_000);

  it('4. scaffolds a module from the MCE record whose own npm install && npm test pass', async () => {
    const scaffold = await sh('npx', ['--no-install', 'dpan', 'scaffold', '--from-mce', RECORD, '--name', NAME, '--out', modulePackage, '--json'], project);
    expect(scaffold.code, output(scaffold)).toBe(0);
    // The module's own repository takes the scopes from the same registry, as its developers' checkouts would.
    writeFileSync(join(modulePackage, '.npmrc'), readFileSync(join(project, '.npmrc')));
    const install = await sh('npm', ['install', '--no-audit', '--no-fund'], modulePackage);
    expect(install.code, output(install)).toBe(0);
    const test = await sh('npm', ['test'], modulePackage);
    expect(test.code, output(test)).toBe(0);
    expect(test.stdout + test.stderr).toMatch(/\d+ tests? passed, 0 failed/);
    expect(test.stdout + test.stderr).toMatch(/Tests\s+\d+ passed/);
  }, 900_000);

  it('5. publishes it, installs it into Oakland, and runs dpan mce through the blight module plugin', async () => {
    const publish = await sh('npx', ['--no-install', 'dpan', 'publish', modulePackage, '--token', token, '--account', '2', '--registry-dir', registryDir, '--json'], project);
    expect(publish.code, output(publish)).toBe(0);
    await dpanJson('audit', `${NAME}@0.1.0`, '--report', join(modulePackage, 'mce', 'graduation-report.json'), '--verdict', 'pass', '--account', AUDITOR.account, ...registry);
    const install = await sh('npx', ['--no-install', 'dpan', 'install', `${NAME}@^0.1.0`, '--city', city, '--registry-dir', registryDir, '--json'], project);
    expect(install.code, output(install)).toBe(0);
    expect(JSON.parse(install.stdout)).toMatchObject({ version: '0.1.0' });
    expect(existsSync(join(city, 'dpan-lock.json'))).toBe(true);

    const zones = await sh('npx', ['--no-install', 'dpan', 'mce', 'zones', '--from-311', OPEN311, '--skip-invalid', '--city', city, '--top', '5', '--json'], project);
    expect(zones.code, output(zones)).toBe(0);
    expect((JSON.parse(zones.stdout) as { zones: unknown[] }).zones).toHaveLength(5);

    expect(linksAndMonorepoPaths(project)).toEqual([]);
  }, 600_000);
});
