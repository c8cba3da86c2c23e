// `dpan fork` and `dpan lineage` (and a look with `dpan search` / `dpan info`): the real binary against a real registry network.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { addRegistryUser } from '@citysync/registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { devAccount } from '../src/context.js';
import type { ModuleInfoReturnType } from '../../../registry/src/distribution/moduleInfo.js';
import type { ModuleLineageReturnType } from '../../../registry/src/distribution/moduleLineage.js';
import { publishModule } from '../../../registry/src/distribution/publishModule.js';
import { type RegistryNetworkClients, type StartRegistryNetworkReturnType, openRegistryNetwork, startRegistryNetwork } from '../../../registry/src/distribution/registryNetwork.js';
import type { SearchModulesReturnType } from '../../../registry/src/distribution/searchModules.js';
import { accreditAuditor, attestModuleVersion } from '../../../registry/src/distribution/writeModuleRegistry.js';
import { readModuleDirectory } from '../../module-kit/src/readModuleDirectory.js';
import type { ForkResult } from '../src/commands/fork.js';
import { dpan, dpanJson } from '../../../test/utils/dpan.js';
import { modulePackageCopy } from '../../../test/utils/modulePackageCopy.js';

const BERKELEY = '@berkeley/dpan-disaster-prep';
const CDMX = '@cdmx/dpan-disaster-prep';
const OAXACA = '@oaxaca/dpan-disaster-prep';
const CDMX_PARAMS = 'examples/cdmx/fork-disaster-prep.json'; // dpan runs from the repository root
const berkeley = devAccount(1);
const cdmx = devAccount(2);
const oaxaca = devAccount(3);
const auditor = devAccount(14);
const short = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

describe('dpan fork and dpan lineage', () => {
  const root = mkdtempSync(join(tmpdir(), 'dpan-cli-fork-'));
  const registryDir = join(root, 'network');
  let started: StartRegistryNetworkReturnType;
  let network: RegistryNetworkClients;
  let tokens: Record<'berkeley' | 'cdmx' | 'oaxaca', string>;
  /** The registry network, named the explicit way (any npm registry + any registry chain). */
  let endpoints: string[];

  beforeAll(async () => {
    started = await startRegistryNetwork({ dir: registryDir });
    network = await openRegistryNetwork({ url: started.url, rpcUrl: started.rpcUrl, moduleRegistry: started.moduleRegistry });
    endpoints = ['--registry', started.url, '--registry-rpc', started.rpcUrl, '--module-registry', started.moduleRegistry];
    const tokenOf = async (username: string) => (await addRegistryUser({ url: started.url, username, password: `${username}-modules-pw`, email: `${username}@example.org` })).token;
    tokens = { berkeley: await tokenOf('berkeley'), cdmx: await tokenOf('cdmx'), oaxaca: await tokenOf('oaxaca') };
    await publishModule({ dir: modulePackageCopy(root, 'berkeley', { name: BERKELEY, version: '1.0.0' }), network, publisher: network.walletOf(berkeley), token: tokens.berkeley });
    await accreditAuditor(network.walletOf(devAccount(0)), { moduleRegistry: network.moduleRegistry, auditor: auditor.address, metadata: 'Civic Audit Co-op' });
    await attestModuleVersion(network.walletOf(auditor), { moduleRegistry: network.moduleRegistry, name: BERKELEY, version: '1.0.0', report: new TextEncoder().encode('audit'), verdict: 'pass' });
  });

  afterAll(async () => {
    await started?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('exits 2 on bad usage, before touching anything', async () => {
    const out = join(root, 'never');
    const cases: string[][] = [
      ['fork', BERKELEY, '--as', CDMX, '--params', CDMX_PARAMS, '--out', out], // no version to fork
      ['fork', `${BERKELEY}@1.0.0`, '--params', CDMX_PARAMS, '--out', out], // no --as
      ['fork', `${BERKELEY}@1.0.0`, '--as', CDMX, '--out', out], // no --params
      ['fork', `${BERKELEY}@1.0.0`, '--as', 'CDMX prep', '--params', CDMX_PARAMS, '--out', out],
      ['fork', `${BERKELEY}@1.0.0`, '--as', `${CDMX}@2.0.0`, '--params', CDMX_PARAMS, '--out', out],
      ['fork', `${BERKELEY}@1.0.0`, '--as', CDMX, '--params', CDMX_PARAMS, '--out', out, '--version', 'two'],
      ['lineage', `${CDMX}@2.0.0`],
    ];
    for (const args of cases) {
      const result = await dpan(...args, ...endpoints);
      expect(result.code, `dpan ${args.join(' ')}\n${result.stderr}`).toBe(2);
      expect(result.stderr).not.toBe('');
    }
    expect(existsSync(out)).toBe(false);
  }, 120_000);

  it('exits 1 on parameters outside the original bounds, naming the file and pointer; writes nothing', async () => {
    const params = join(root, 'too-generous.json');
    writeFileSync(params, JSON.stringify({ taskTypes: { 'go-bag-check': { rate: { default: 120 } } } }));
    const out = join(root, 'too-generous');
    const result = await dpan('fork', `${BERKELEY}@1.0.0`, '--as', CDMX, '--params', params, '--out', out, ...endpoints);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${params}#/taskTypes/go-bag-check/rate/default: 120 is outside the original's bounds [5, 20]; choose a value from 5 to 20`);
    expect(existsSync(out)).toBe(false);

    const occupied = join(root, 'occupied');
    mkdirSync(occupied);
    writeFileSync(join(occupied, 'keep.txt'), 'mine\n');
    const refused = await dpan('fork', `${BERKELEY}@1.0.0`, '--as', CDMX, '--params', CDMX_PARAMS, '--out', occupied, ...endpoints, '--json');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ error: { name: 'ForkOutputError' } });
    expect(readdirSync(occupied)).toEqual(['keep.txt']);
  }, 120_000);

  it("forks Berkeley's module for Mexico City and a third city forks that; dpan lineage shows the tree, as text and JSON", async () => {
    // The embedded network of --registry-dir, found by its records, like a city team runs it.
    const cdmxDir = join(root, 'cdmx');
    const forked = await dpanJson<ForkResult>('fork', `${BERKELEY}@1.0.0`, '--as', CDMX, '--params', CDMX_PARAMS, '--out', cdmxDir, '--registry-dir', registryDir);
    expect(forked).toMatchObject({ dir: cdmxDir, name: CDMX, version: '2.0.0', forkedFrom: `${BERKELEY}@1.0.0`, warnings: [] });
    expect(forked.changes).toContainEqual({ file: 'tasks.json', pointer: '/taskTypes/2/title', from: 'Neighbourhood hazard walk', to: 'Recorrido de riesgos en la colonia' });
    expect(readModuleDirectory(cdmxDir).manifest).toMatchObject({ name: CDMX, version: '2.0.0', forkedFrom: `${BERKELEY}@1.0.0` });
    await publishModule({ dir: cdmxDir, network, publisher: network.walletOf(cdmx), token: tokens.cdmx });

    // Text output, --version: Oaxaca forks Mexico City's fork.
    const oaxacaDir = join(root, 'oaxaca');
    const params = join(root, 'fork-oaxaca.json');
    writeFileSync(params, JSON.stringify({ taskTypes: { 'drill-participation': { title: 'Simulacro en la comunidad', rate: { default: 15 } } } }));
    const text = await dpan('fork', `${CDMX}@2.0.0`, '--as', OAXACA, '--params', params, '--out', oaxacaDir, '--version', '3.0.0', ...endpoints);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`forked ${CDMX}@2.0.0 -> ${OAXACA}@3.0.0 in ${oaxacaDir}`);
    expect(text.stdout).toContain('tasks.json#/taskTypes/3/rate/default: 20 -> 15');
    expect(text.stdout).toContain(`warning: ${CDMX}@2.0.0 has no passing audit`);
    await publishModule({ dir: oaxacaDir, network, publisher: network.walletOf(oaxaca), token: tokens.oaxaca });

    const tree = await dpan('lineage', OAXACA, ...endpoints);
    expect(tree.code, tree.stderr).toBe(0);
    expect(tree.stdout).toBe(
      [
        `${BERKELEY}@1.0.0  (publisher ${short(berkeley.address)}; audits 1 pass)`,
        `└─ ${CDMX}@2.0.0  (publisher ${short(cdmx.address)}; not audited)`,
        `   └─ ${OAXACA}@3.0.0  (publisher ${short(oaxaca.address)}; not audited)`,
        '',
      ].join('\n'),
    );
    const json = await dpanJson<ModuleLineageReturnType>('lineage', BERKELEY, ...endpoints);
    expect(json.roots[0]).toMatchObject({ id: `${BERKELEY}@1.0.0`, forks: [{ id: `${CDMX}@2.0.0`, forks: [{ id: `${OAXACA}@3.0.0`, forks: [] }] }] });

    // The same modules through dpan search and dpan info.
    const found = await dpanJson<SearchModulesReturnType>('search', 'households-prepared', ...endpoints);
    expect(found.hits.map((h) => h.name)).toEqual([BERKELEY, CDMX, OAXACA]);
    const info = await dpanJson<ModuleInfoReturnType>('info', `${CDMX}@2.0.0`, ...endpoints);
    expect(info.versions[0]).toMatchObject({ version: '2.0.0', forkedFrom: `${BERKELEY}@1.0.0`, forks: [`${OAXACA}@3.0.0`] });
    const infoText = await dpan('info', OAXACA, ...endpoints);
    expect(infoText.stdout).toContain('drill-participation: 15 [10, 30]  Simulacro en la comunidad  (verified by two-verifiers)');
  }, 180_000);
});
