// Forking a published module version with bounded parameters, on a real registry network (verdaccio + anvil).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { TarballIntegrityError, addRegistryUser } from '@citysync/registry';
import { type ForkParameters, formatIssue } from '@citysync/schemas';
import { loadAndValidate } from '@citysync/schemas/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { devAccount } from '../../core/cli/src/context.js';
import { ModuleVersionNotRecordedError } from '../src/distribution/errors.js';
import { ForkOutputError, ForkParametersError, ForkTargetError } from '../src/distribution/forkErrors.js';
import { forkModule } from '../src/distribution/forkModule.js';
import { publishModule } from '../src/distribution/publishModule.js';
import { readModuleForks, readModuleVersion } from '../src/distribution/readModuleVersion.js';
import { type RegistryNetworkClients, type StartRegistryNetworkReturnType, openRegistryNetwork, startRegistryNetwork } from '../src/distribution/registryNetwork.js';
import { accreditAuditor, attestModuleVersion, yankModuleVersion } from '../src/distribution/writeModuleRegistry.js';
import { readModuleDirectory } from '../../core/module-kit/src/readModuleDirectory.js';
import { modulePackageCopy } from '../../test/utils/modulePackageCopy.js';

const BERKELEY = '@berkeley/dpan-disaster-prep';
const CDMX = '@cdmx/dpan-disaster-prep';
const SOURCE = `${BERKELEY}@1.0.0`;
const CDMX_PARAMS = fileURLToPath(new URL('../../examples/cdmx/fork-disaster-prep.json', import.meta.url));
const CDMX_CITY = fileURLToPath(new URL('../../examples/cdmx/city.json', import.meta.url));
const council = devAccount(0);
const berkeley = devAccount(1);
const cdmx = devAccount(2);
const berkeleyAuditor = devAccount(14);

describe('dpan fork: a published module with bounded parameters', () => {
  const root = mkdtempSync(join(tmpdir(), 'dpan-fork-test-'));
  // Every temporary directory a fork makes lands here, so the tests can see that a refused fork leaves none.
  const scratch = join(root, 'tmp');
  let started: StartRegistryNetworkReturnType;
  let network: RegistryNetworkClients;
  let berkeleyToken: string;
  let cdmxToken: string;

  const fork = (out: string, params: unknown, extra: { version?: string; as?: string; source?: string } = {}) =>
    forkModule({
      network,
      source: { name: BERKELEY, version: extra.source ?? '1.0.0' },
      as: extra.as ?? '@oaxaca/dpan-disaster-prep',
      params,
      paramsFile: 'fork-test.json',
      out,
      version: extra.version,
    });

  /** Runs a fork that must fail: returns its error, and checks that neither `out` nor a temporary directory remains. */
  async function refused(out: string, params: unknown, extra: Parameters<typeof fork>[2] = {}): Promise<unknown> {
    const error = await fork(out, params, extra).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeDefined();
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(scratch)).toEqual([]);
    return error;
  }

  beforeAll(async () => {
    started = await startRegistryNetwork({ dir: join(root, 'network') });
    network = await openRegistryNetwork({ url: started.url, rpcUrl: started.rpcUrl, moduleRegistry: started.moduleRegistry });
    ({ token: berkeleyToken } = await addRegistryUser({ url: started.url, username: 'berkeley', password: 'berkeley-modules-pw', email: 'modules@berkeley.example' }));
    ({ token: cdmxToken } = await addRegistryUser({ url: started.url, username: 'cdmx', password: 'cdmx-modulos-pw', email: 'modulos@cdmx.example' }));
    await accreditAuditor(network.walletOf(council), { moduleRegistry: network.moduleRegistry, auditor: berkeleyAuditor.address, metadata: 'Civic Audit Co-op' });
    for (const version of ['1.0.0', '1.1.0', '1.2.0']) {
      const dir = modulePackageCopy(root, `berkeley-${version}`, { name: BERKELEY, version });
      await publishModule({ dir, network, publisher: network.walletOf(berkeley), token: berkeleyToken });
    }
    await attestModuleVersion(network.walletOf(berkeleyAuditor), { moduleRegistry: network.moduleRegistry, name: BERKELEY, version: '1.0.0', report: new TextEncoder().encode('audit of 1.0.0'), verdict: 'pass' });
    await yankModuleVersion(network.walletOf(berkeley), { moduleRegistry: network.moduleRegistry, name: BERKELEY, version: '1.1.0', reason: 'go-bag-check rate bounds too wide; use 1.0.0' });
    // Only now: verdaccio and anvil keep the system's temporary directory.
    mkdirSync(scratch);
    process.env['TMPDIR'] = scratch;
  });

  afterAll(async () => {
    await started?.stop();
    delete process.env['TMPDIR'];
    rmSync(root, { recursive: true, force: true });
  });

  it("forks Berkeley's module as Mexico City's: Spanish names, its own rates inside the bounds, forkedFrom, a new major", async () => {
    const params = JSON.parse(readFileSync(CDMX_PARAMS, 'utf8')) as ForkParameters;
    const out = join(root, 'cdmx');
    const result = await forkModule({ network, source: { name: BERKELEY, version: '1.0.0' }, as: CDMX, params, paramsFile: 'examples/cdmx/fork-disaster-prep.json', out });
    expect(result).toMatchObject({ dir: out, name: CDMX, version: '2.0.0', forkedFrom: SOURCE, warnings: [] });
    expect(readdirSync(scratch)).toEqual([]);

    // The result validates like any package, under its new name, with the lineage in dpan.json.
    const pkg = readModuleDirectory(out);
    expect(result.contentHash).toBe(pkg.contentHash);
    expect(pkg.manifest).toMatchObject({ name: CDMX, version: '2.0.0', forkedFrom: SOURCE, description: params.description });
    expect(JSON.parse(readFileSync(join(out, 'package.json'), 'utf8'))).toMatchObject({ name: CDMX, version: '2.0.0', description: params.description });
    expect(pkg.catalog.module).toBe(CDMX);
    const goBag = pkg.catalog.taskTypes.find((t) => t.id === 'go-bag-check');
    expect(goBag).toMatchObject({ title: 'Revisión de mochila de emergencia', rate: { default: 12, min: 8, max: 20 }, verification: 'two-verifiers' });
    expect(pkg.parameters.parameters['budget.perPeriod']).toMatchObject({ default: 40000, min: 10000, max: 150000, unit: 'credits' });
    expect(pkg.offerings?.offerings.find((o) => o.id === 'first-aid-class')?.title).toBe('Un lugar en un curso de primeros auxilios y RCP de la Cruz Roja');
    // Its contracts are the original's, byte for byte.
    const original = readModuleDirectory(join(root, 'berkeley-1.0.0'));
    for (const [path, sha] of Object.entries(original.files).filter(([p]) => p.startsWith('artifacts/') || p.startsWith('contracts/'))) {
      expect(pkg.files[path], path).toBe(sha);
    }

    // Every change listed, in the result and in the CHANGELOG; the README says where it comes from.
    expect(result.changes).toContainEqual({ file: 'tasks.json', pointer: '/taskTypes/1/rate/default', from: 10, to: 12 });
    expect(result.changes).toContainEqual({ file: 'tasks.json', pointer: '/taskTypes/1/title', from: 'Household go-bag check', to: 'Revisión de mochila de emergencia' });
    expect(result.changes).toContainEqual({ file: 'parameters.json', pointer: '/parameters/budget.perPeriod/default', from: 20000, to: 40000 });
    const changelog = readFileSync(join(out, 'CHANGELOG.md'), 'utf8');
    expect(changelog).toMatch(new RegExp(`^# ${CDMX}\\n\\n## 2\\.0\\.0\\n\\nForked from \`${SOURCE}\``));
    expect(changelog).toContain('- `tasks.json#/taskTypes/1/rate/default`: 10 → 12');
    expect(changelog.split('\n').filter((line) => line.startsWith('- `'))).toHaveLength(result.changes.length);
    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    expect(readme.startsWith(`# ${CDMX}\n\n> **Lineage.** \`${CDMX}\` is a fork of \`${SOURCE}\``)).toBe(true);

    // Mexico City's own bounds hold: every rate inside city.json's rateBounds, and the budget covers a period of its
    // tasks at their default rates and slots plus a full emergency activation.
    const city = loadAndValidate('city', CDMX_CITY);
    for (const t of pkg.catalog.taskTypes) {
      expect(t.rate.min).toBeGreaterThanOrEqual(city.issuance.rateBounds.min);
      expect(t.rate.max).toBeLessThanOrEqual(city.issuance.rateBounds.max);
    }
    const needs = pkg.catalog.taskTypes.reduce((sum, t) => sum + t.rate.default * t.slotsDefault, 0);
    const budget = pkg.parameters.parameters['budget.perPeriod']?.default ?? 0;
    expect(budget).toBeGreaterThanOrEqual(needs + (pkg.parameters.parameters['emergency.maxCeiling']?.default ?? 0));

    // Published, the chain records the lineage.
    await publishModule({ dir: out, network, publisher: network.walletOf(cdmx), token: cdmxToken });
    expect((await readModuleVersion(network.publicClient, network.moduleRegistry, CDMX, '2.0.0'))?.forkedFrom).toBe(SOURCE);
    expect(await readModuleForks(network.publicClient, network.moduleRegistry, BERKELEY, '1.0.0')).toEqual([`${CDMX}@2.0.0`]);
  });

  it.each([
    ['a rate default above the bounds', { taskTypes: { 'go-bag-check': { rate: { default: 120 } } } }, "#/taskTypes/go-bag-check/rate/default: 120 is outside the original's bounds [5, 20]; choose a value from 5 to 20"],
    ['a rate min below the bounds', { taskTypes: { 'go-bag-check': { rate: { min: 2, default: 10 } } } }, "#/taskTypes/go-bag-check/rate/min: 2 is outside the original's bounds [5, 20]; choose a value from 5 to 20"],
    ['a rate max above the bounds (widening)', { taskTypes: { 'hazard-walk': { rate: { max: 45 } } } }, "#/taskTypes/hazard-walk/rate/max: 45 is outside the original's bounds [10, 40]; choose a value from 10 to 40"],
    ['a parameter above its bounds', { parameters: { 'budget.perPeriod': { default: 600000 } } }, "#/parameters/budget.perPeriod/default: 600000 is outside the original's bounds [1000, 500000]; choose a value from 1000 to 500000"],
    ['a parameter bound below the original', { parameters: { 'emergency.maxCeiling': { min: 50 } } }, "#/parameters/emergency.maxCeiling/min: 50 is outside the original's bounds [100, 1000000]; choose a value from 100 to 1000000"],
    [
      'narrowed bounds that leave out the default kept',
      { taskTypes: { 'go-bag-check': { rate: { min: 15 } } } },
      "#/taskTypes/go-bag-check/rate/min: 15 leaves out the original's rate.default 10 that the fork keeps; set /taskTypes/go-bag-check/rate/default to a value from 15 to 20 as well",
    ],
    [
      'an unknown parameter',
      { parameters: { 'budget.perWeek': { default: 100 } } },
      `#/parameters/budget.perWeek: "budget.perWeek" is not a parameter of ${SOURCE}; choose one of budget.perPeriod, budget.perIssuerPerPeriod, season.wildfire.opens, season.wildfire.closes, season.earthquake.opens, season.earthquake.closes, emergency.maxCeiling, emergency.delaySeconds`,
    ],
    [
      'an unknown task type',
      { taskTypes: { 'sandbag-filling': { title: 'Llenado de costales' } } },
      `#/taskTypes/sandbag-filling: "sandbag-filling" is not a task type of ${SOURCE}; choose one of cert-basics, go-bag-check, hazard-walk, drill-participation, neighbour-roster, supply-cache-audit`,
    ],
    ['an unknown offering', { offerings: { 'metro-ride': { title: 'Un viaje en Metro' } } }, `#/offerings/metro-ride: "metro-ride" is not an offering of ${SOURCE}; choose one of go-bag-starter-kit, first-aid-class, n95-mask-pack`],
    ['an unknown field', { taskTypes: { 'go-bag-check': { titel: 'Revisión' } } }, '#/taskTypes/go-bag-check/titel: unknown property "titel" (did you mean "title"?); allowed: title, description, rate'],
  ])('refuses %s with its pointer, and writes nothing', async (_what, params, line) => {
    const error = await refused(join(root, 'refused'), params);
    expect(error).toBeInstanceOf(ForkParametersError);
    expect((error as ForkParametersError).issues.map(formatIssue)).toEqual([`fork-test.json${line}`]);
    expect((error as ForkParametersError).shortMessage).toContain(SOURCE);
  });

  it('reports every problem of a file at once', async () => {
    const error = await refused(join(root, 'refused'), {
      parameters: { 'budget.perPeriod': { default: 0 } },
      taskTypes: { 'go-bag-check': { rate: { default: 21 } }, 'drill-participation': { rate: { max: 31 } } },
    });
    expect((error as ForkParametersError).issues.map((i) => i.pointer)).toEqual([
      '/parameters/budget.perPeriod/default',
      '/taskTypes/go-bag-check/rate/default',
      '/taskTypes/drill-participation/rate/max',
    ]);
  });

  it('refuses a non-empty --out (and a file), leaving it as it was', async () => {
    const out = join(root, 'occupied');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'ours\n');
    const error = await fork(out, undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForkOutputError);
    expect(readdirSync(out)).toEqual(['notes.txt']);
    expect(await fork(join(out, 'notes.txt'), undefined).catch((e: unknown) => e)).toBeInstanceOf(ForkOutputError);
    // An empty directory is fine: the fork takes its place.
    const empty = join(root, 'empty');
    mkdirSync(empty);
    expect((await fork(empty, undefined, { as: '@puebla/dpan-disaster-prep' })).changes).toEqual([]);
    expect(readModuleDirectory(empty).manifest.name).toBe('@puebla/dpan-disaster-prep');
  });

  it('refuses a malformed --version or --as, the original name, a recorded version and an unrecorded source', async () => {
    const out = join(root, 'refused');
    expect(await refused(out, undefined, { version: 'two' })).toMatchObject({ name: 'ForkTargetError', malformed: true });
    expect(await refused(out, undefined, { as: 'CDMX Disaster Prep' })).toMatchObject({ name: 'ForkTargetError', malformed: true });
    expect(await refused(out, undefined, { as: BERKELEY })).toBeInstanceOf(ForkTargetError);
    expect(await refused(out, undefined, { as: CDMX, version: '2.0.0' })).toBeInstanceOf(ForkTargetError); // recorded by the first test
    const unrecorded = await refused(out, undefined, { source: '9.9.9' });
    expect(unrecorded).toBeInstanceOf(ModuleVersionNotRecordedError);
    expect((unrecorded as Error).message).toContain('1.0.0, 1.1.0, 1.2.0');
  });

  it('forks a yanked or unaudited version (lineage is history), saying so; --version sets the version line', async () => {
    const out = join(root, 'from-yanked');
    const result = await fork(out, { taskTypes: { 'go-bag-check': { rate: { max: 15 } } } }, { source: '1.1.0', version: '5.0.0-beta.1', as: '@toluca/dpan-disaster-prep' });
    expect(result).toMatchObject({ version: '5.0.0-beta.1', forkedFrom: `${BERKELEY}@1.1.0` });
    expect(result.warnings).toEqual([
      `${BERKELEY}@1.1.0 is yanked (go-bag-check rate bounds too wide; use 1.0.0): cities cannot install it; check that your fork does not carry the reason it was yanked for.`,
      `${BERKELEY}@1.1.0 has no passing audit: the bounds you forked inside were never reviewed.`,
    ]);
    expect(readModuleDirectory(out).manifest).toMatchObject({ version: '5.0.0-beta.1', forkedFrom: `${BERKELEY}@1.1.0` });
  });

  it("refuses a tarball whose bytes differ from the chain record, and writes nothing", async () => {
    const packageDir = join(root, 'network', 'packages', '@berkeley', 'dpan-disaster-prep');
    const file = readdirSync(packageDir).find((f) => f.endsWith('-1.2.0.tgz'));
    expect(file).toBeDefined();
    const path = join(packageDir, file ?? '');
    const bytes = readFileSync(path);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    writeFileSync(path, bytes);
    const error = await refused(join(root, 'tampered'), undefined, { source: '1.2.0', as: '@tampa/dpan-disaster-prep' });
    expect(error).toBeInstanceOf(TarballIntegrityError);
    const record = await readModuleVersion(network.publicClient, network.moduleRegistry, BERKELEY, '1.2.0');
    expect((error as TarballIntegrityError).expected).toBe(record?.integrity);
  });
});
