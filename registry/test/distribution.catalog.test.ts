// Finding modules across cities on a real registry network (verdaccio + anvil): search, info and the fork lineage.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { addRegistryUser } from '@citysync/registry';
import { formatIssue } from '@citysync/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { devAccount } from '../../core/cli/src/context.js';
import { ModuleVersionNotRecordedError } from '../src/distribution/errors.js';
import { ForkParametersError, UnknownModuleError } from '../src/distribution/forkErrors.js';
import { forkModule } from '../src/distribution/forkModule.js';
import { moduleInfo } from '../src/distribution/moduleInfo.js';
import { type LineageNode, moduleLineage, renderLineage } from '../src/distribution/moduleLineage.js';
import { publishModule } from '../src/distribution/publishModule.js';
import { type RegistryNetworkClients, type StartRegistryNetworkReturnType, openRegistryNetwork, startRegistryNetwork } from '../src/distribution/registryNetwork.js';
import { searchModules } from '../src/distribution/searchModules.js';
import { accreditAuditor, attestModuleVersion, revokeModuleAttestation, yankModuleVersion } from '../src/distribution/writeModuleRegistry.js';
import { modulePackageCopy } from '../../test/utils/modulePackageCopy.js';

const BERKELEY = '@berkeley/dpan-disaster-prep';
const ECONOMY = '@berkeley/dpan-general-economy';
const CDMX = '@cdmx/dpan-disaster-prep';
const OAXACA = '@oaxaca/dpan-disaster-prep';
const CDMX_PARAMS = fileURLToPath(new URL('../../examples/cdmx/fork-disaster-prep.json', import.meta.url));
const council = devAccount(0);
const berkeley = devAccount(1);
const cdmx = devAccount(2);
const oaxaca = devAccount(3);
const berkeleyAuditor = devAccount(14);
const cdmxAuditor = devAccount(11);
const short = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

describe('search, info and lineage of modules across cities', () => {
  const root = mkdtempSync(join(tmpdir(), 'dpan-catalog-'));
  let started: StartRegistryNetworkReturnType;
  let network: RegistryNetworkClients;

  const report = (text: string) => new TextEncoder().encode(text);
  const attest = (auditor: typeof berkeleyAuditor, name: string, version: string, verdict: 'pass' | 'fail') =>
    attestModuleVersion(network.walletOf(auditor), { moduleRegistry: network.moduleRegistry, name, version, report: report(`${name}@${version}`), verdict });

  beforeAll(async () => {
    started = await startRegistryNetwork({ dir: join(root, 'network') });
    network = await openRegistryNetwork({ url: started.url, rpcUrl: started.rpcUrl, moduleRegistry: started.moduleRegistry });
    const tokenOf = async (username: string) => (await addRegistryUser({ url: started.url, username, password: `${username}-modules-pw`, email: `${username}@example.org` })).token;
    // One at a time: verdaccio writes its htpasswd file per request.
    const berkeleyToken = await tokenOf('berkeley');
    const cdmxToken = await tokenOf('cdmx');
    const oaxacaToken = await tokenOf('oaxaca');
    for (const auditor of [berkeleyAuditor, cdmxAuditor]) {
      await accreditAuditor(network.walletOf(council), { moduleRegistry: network.moduleRegistry, auditor: auditor.address, metadata: `auditor ${auditor.address}` });
    }
    const publish = async (dir: string, publisher: typeof berkeley, token: string) => await publishModule({ dir, network, publisher: network.walletOf(publisher), token });

    // Berkeley: disaster prep 1.0.0 (audited), 1.1.0 (a failing audit, a revoked pass, then yanked); the general economy.
    await publish(modulePackageCopy(root, 'berkeley-1.0.0', { name: BERKELEY, version: '1.0.0' }), berkeley, berkeleyToken);
    await publish(modulePackageCopy(root, 'berkeley-1.1.0', { name: BERKELEY, version: '1.1.0' }), berkeley, berkeleyToken);
    await publish(modulePackageCopy(root, 'economy-1.0.0', { from: 'general-economy', name: ECONOMY, version: '1.0.0' }), berkeley, berkeleyToken);
    await attest(berkeleyAuditor, BERKELEY, '1.0.0', 'pass');
    await attest(berkeleyAuditor, BERKELEY, '1.1.0', 'pass');
    await revokeModuleAttestation(network.walletOf(berkeleyAuditor), { moduleRegistry: network.moduleRegistry, name: BERKELEY, version: '1.1.0' });
    await attest(cdmxAuditor, BERKELEY, '1.1.0', 'fail');
    await yankModuleVersion(network.walletOf(berkeley), { moduleRegistry: network.moduleRegistry, name: BERKELEY, version: '1.1.0', reason: 'drill rates overpay; use 1.0.0' });

    // Mexico City forks 1.0.0 with its parameters; its auditor passes the fork.
    const cdmxDir = join(root, 'cdmx');
    await forkModule({ network, source: { name: BERKELEY, version: '1.0.0' }, as: CDMX, params: JSON.parse(readFileSync(CDMX_PARAMS, 'utf8')), out: cdmxDir });
    await publish(cdmxDir, cdmx, cdmxToken);
    await attest(cdmxAuditor, CDMX, '2.0.0', 'pass');

    // Oaxaca forks Mexico City's fork: its bounds are now Mexico City's narrowed ones, not Berkeley's.
    const wider = await forkModule({ network, source: { name: CDMX, version: '2.0.0' }, as: OAXACA, params: { taskTypes: { 'go-bag-check': { rate: { min: 6 } } } }, out: join(root, 'wider') }).catch(
      (e: unknown) => e,
    );
    expect(wider).toBeInstanceOf(ForkParametersError);
    expect((wider as ForkParametersError).issues.map(formatIssue)).toEqual([
      "fork-parameters.json#/taskTypes/go-bag-check/rate/min: 6 is outside the original's bounds [8, 20]; choose a value from 8 to 20",
    ]);
    const oaxacaParams = join(root, 'fork-oaxaca.json');
    writeFileSync(oaxacaParams, JSON.stringify({ taskTypes: { 'go-bag-check': { title: 'Revisión de mochila de emergencia (Oaxaca)', rate: { default: 10, min: 8, max: 16 } } } }));
    const oaxacaDir = join(root, 'oaxaca');
    await forkModule({ network, source: { name: CDMX, version: '2.0.0' }, as: OAXACA, params: JSON.parse(readFileSync(oaxacaParams, 'utf8')), paramsFile: oaxacaParams, out: oaxacaDir });
    await publish(oaxacaDir, oaxaca, oaxacaToken);
  });

  afterAll(async () => {
    await started?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('search finds modules by name, description, keywords and outcome metrics, with their audits', async () => {
    const names = async (text: string) => (await searchModules({ network, text })).hits.map((h) => h.name);
    // Description, whatever the case (verdaccio's own search is case-sensitive and misses the upper-case word).
    expect(await names('DISASTER preparedness')).toEqual([BERKELEY, CDMX, OAXACA]);
    // Name.
    expect(await names('general-economy')).toEqual([ECONOMY]);
    // An outcome metric's id, which only dpan.json inside the tarball holds.
    const byMetric = await searchModules({ network, text: 'households-prepared' });
    expect(byMetric.hits.map((h) => h.name)).toEqual([BERKELEY, CDMX, OAXACA]);
    expect(byMetric.hits.every((h) => h.matchedOn.includes('outcomeMetrics'))).toBe(true);
    // A keyword of dpan.json; Spanish words of the fork's own description.
    expect((await searchModules({ network, text: 'wildfire' })).hits.find((h) => h.name === BERKELEY)?.matchedOn).toContain('keywords');
    expect(await names('simulacro brigadista')).toEqual([CDMX, OAXACA]);
    expect(await names('tsunami')).toEqual([]);

    const [berkeleyHit, cdmxHit] = byMetric.hits;
    // Berkeley's latest (1.1.0) is yanked: the hit says so and shows the audits of 1.0.0, the latest not yanked.
    expect(berkeleyHit).toMatchObject({
      name: BERKELEY,
      latest: '1.1.0',
      shown: '1.0.0',
      recorded: true,
      yanked: true,
      yankReason: 'drill rates overpay; use 1.0.0',
      audits: { passing: [berkeleyAuditor.address], failing: [] },
      forkedFrom: undefined,
      problem: undefined,
    });
    expect(berkeleyHit?.outcomeMetrics).toEqual(['households-prepared', 'drill-turnout', 'trained-participants', 'emergency-credits-committed']);
    expect(cdmxHit).toMatchObject({ name: CDMX, latest: '2.0.0', shown: '2.0.0', yanked: false, audits: { passing: [cdmxAuditor.address], failing: [] }, forkedFrom: `${BERKELEY}@1.0.0` });
    expect(cdmxHit?.description).toMatch(/^Preparación ante desastres de la Ciudad de México/);
  });

  it('info shows every version with integrity, publisher, audits, yanks and forks, and the parameters of the latest not yanked', async () => {
    const info = await moduleInfo({ network, name: BERKELEY });
    expect(info).toMatchObject({ name: BERKELEY, latest: '1.1.0' });
    expect(info.versions.map((v) => v.version)).toEqual(['1.0.0', '1.1.0']);
    const [v100, v110] = info.versions;
    expect(v100).toMatchObject({
      inRegistry: true,
      recorded: true,
      integrityMatches: true,
      publisher: berkeley.address,
      yank: undefined,
      forkedFrom: undefined,
      forks: [`${CDMX}@2.0.0`],
      distTags: [],
    });
    expect(v100?.audits).toEqual([expect.objectContaining({ auditor: berkeleyAuditor.address, verdict: 'pass', revoked: false })]);
    expect(v110).toMatchObject({ distTags: ['latest'], yank: { reason: 'drill rates overpay; use 1.0.0' }, forks: [] });
    expect(v110?.audits.map((a) => [a.auditor, a.verdict, a.revoked])).toEqual([
      [berkeleyAuditor.address, 'pass', true],
      [cdmxAuditor.address, 'fail', false],
    ]);

    // The details come from the verified tarball of 1.0.0 (1.1.0 is yanked).
    expect(info.details?.version).toBe('1.0.0');
    expect(info.details?.parameters.find((p) => p.key === 'budget.perPeriod')).toMatchObject({ default: 20000, min: 1000, max: 500000, unit: 'credits' });
    expect(info.details?.taskTypes.find((t) => t.id === 'go-bag-check')).toEqual({ id: 'go-bag-check', title: 'Household go-bag check', verification: 'two-verifiers', rate: { default: 10, min: 5, max: 20 } });
    expect(info.details?.outcomeMetrics.map((m) => m.id)).toContain('households-prepared');

    // A version asked for; a fork's narrowed bounds and Spanish titles; its lineage both ways.
    expect((await moduleInfo({ network, name: BERKELEY, version: '1.1.0' })).details?.version).toBe('1.1.0');
    const fork = await moduleInfo({ network, name: CDMX });
    expect(fork.versions).toEqual([expect.objectContaining({ version: '2.0.0', forkedFrom: `${BERKELEY}@1.0.0`, forks: [`${OAXACA}@3.0.0`], publisher: cdmx.address })]);
    expect(fork.details?.taskTypes.find((t) => t.id === 'go-bag-check')).toMatchObject({ title: 'Revisión de mochila de emergencia', rate: { default: 12, min: 8, max: 20 } });
    expect(fork.details?.forkedFrom).toBe(`${BERKELEY}@1.0.0`);

    await expect(moduleInfo({ network, name: BERKELEY, version: '9.0.0' })).rejects.toBeInstanceOf(ModuleVersionNotRecordedError);
    await expect(moduleInfo({ network, name: '@nowhere/dpan-nothing' })).rejects.toBeInstanceOf(UnknownModuleError);
  });

  it('lineage walks up to the original and down every fork: Berkeley -> Mexico City -> Oaxaca, as text and JSON', async () => {
    const fromCdmx = await moduleLineage({ network, name: CDMX });
    const shape = (node: LineageNode): unknown => ({ id: node.id, forks: node.forks.map(shape) });
    expect(fromCdmx.roots.map(shape)).toEqual([
      { id: `${BERKELEY}@1.0.0`, forks: [{ id: `${CDMX}@2.0.0`, forks: [{ id: `${OAXACA}@3.0.0`, forks: [] }] }] },
    ]);
    const [root] = fromCdmx.roots;
    expect(root).toMatchObject({ publisher: berkeley.address, audits: { passing: 1, failing: 0, revoked: 0 }, yanked: false });
    expect(root?.forks[0]?.forks[0]).toMatchObject({ publisher: oaxaca.address, audits: { passing: 0, failing: 0, revoked: 0 } });
    expect(renderLineage(fromCdmx)).toBe(
      [
        `${BERKELEY}@1.0.0  (publisher ${short(berkeley.address)}; audits 1 pass)`,
        `└─ ${CDMX}@2.0.0  (publisher ${short(cdmx.address)}; audits 1 pass)`,
        `   └─ ${OAXACA}@3.0.0  (publisher ${short(oaxaca.address)}; not audited)`,
      ].join('\n'),
    );
    // The third city's lineage is the same tree; JSON round-trips.
    const fromOaxaca = await moduleLineage({ network, name: OAXACA });
    expect(JSON.parse(JSON.stringify(fromOaxaca)).roots).toEqual(JSON.parse(JSON.stringify(fromCdmx.roots)));

    // The original's lineage holds each of its versions: the yanked one, with its audits, as a root of its own.
    const fromBerkeley = await moduleLineage({ network, name: BERKELEY });
    expect(fromBerkeley.roots.map((r) => r.id)).toEqual([`${BERKELEY}@1.0.0`, `${BERKELEY}@1.1.0`]);
    expect(renderLineage(fromBerkeley).split('\n').at(-1)).toBe(
      `${BERKELEY}@1.1.0  (publisher ${short(berkeley.address)}; audits 1 fail (1 revoked); YANKED: drill rates overpay; use 1.0.0)`,
    );
    await expect(moduleLineage({ network, name: '@nowhere/dpan-nothing' })).rejects.toBeInstanceOf(UnknownModuleError);
  });
});
