// `dpan install | update | uninstall | status | audit-installed` against a real registry network (verdaccio + its
// anvil chain with the ModuleRegistry) and Mexico City deployed from examples/cdmx on its own embedded anvil.
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { addRegistryUser } from '@citysync/registry';
import { type Address, createPublicClient, http } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { getBlockNumber, readContract } from 'viem/actions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { auditModule } from '../src/distribution/auditModule.js';
import { publishModule } from '../src/distribution/publishModule.js';
import { type RegistryNetworkClients, openRegistryNetwork, startRegistryNetwork } from '../src/distribution/registryNetwork.js';
import { accreditAuditor } from '../src/distribution/writeModuleRegistry.js';
import { yankModule } from '../src/distribution/yankModule.js';
import { ModuleKernelAbi, ModuleRegistryAbi, TaskBoardAbi, IssuanceControllerAbi } from '../../core/contracts/src/generated/abis.js';
import { toId } from '../../core/sdk/src/utils/toId.js';
import { type DpanResult, dpan, dpanJson } from '../../test/utils/dpan.js';
import { modulePackageCopy } from '../../test/utils/modulePackageCopy.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const MNEMONIC = 'test test test test test test test test test test test junk';
const dev = (i: number) => mnemonicToAccount(MNEMONIC, { addressIndex: i });
const NAME = '@cdmx/dpan-disaster-prep';
/** Mexico City's trusted auditor (examples/cdmx/city.json installPolicy). */
const auditor = dev(11);
const publisher = dev(15);

describe('dpan install from the registry into Mexico City', () => {
  const root = mkdtempSync(join(tmpdir(), 'dpan-install-'));
  const registryDir = join(root, 'registry');
  const cityDir = join(root, 'cdmx');
  let network: RegistryNetworkClients;
  let stopNetwork: () => Promise<void>;
  let token: string;
  let cityRpc: string;
  let kernel: Address;
  let issuance: Address;
  let taskBoard: Address;
  const reg = () => ['--registry-dir', registryDir];
  const inCity = () => ['--city', cityDir, ...reg()];

  const publish = async (version: string, extra: Partial<Parameters<typeof modulePackageCopy>[2]> = {}, name = NAME) => {
    const dir = modulePackageCopy(root, `${name.replace('/', '_')}-${version}`, { name, version, ...extra });
    return await publishModule({ dir, network, publisher: network.walletOf(publisher), token });
  };
  const audit = (version: string, verdict: 'pass' | 'fail', name = NAME) =>
    auditModule(network.walletOf(auditor), { network, name, version, report: new TextEncoder().encode(`${name}@${version}: ${verdict}`), verdict });
  const cityClient = () => createPublicClient({ transport: http(cityRpc) });
  const installation = (name = NAME) => readContract(cityClient(), { address: kernel, abi: ModuleKernelAbi, functionName: 'installation', args: [name] });
  const lockfile = () => (existsSync(join(cityDir, 'dpan-lock.json')) ? readFileSync(join(cityDir, 'dpan-lock.json'), 'utf8') : undefined);
  const cityState = async () => ({
    block: await getBlockNumber(cityClient()),
    lock: lockfile(),
    modules: existsSync(join(cityDir, '.citysync', 'modules')) ? readdirSync(join(cityDir, '.citysync', 'modules'), { recursive: true }).sort() : [],
  });
  /** Runs a refused command and checks the city is exactly as before: no block, no lockfile change, no files. */
  const refused = async (args: string[], message: RegExp): Promise<DpanResult> => {
    const before = await cityState();
    const result = await dpan(...args);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(await cityState()).toEqual(before);
    return result;
  };

  beforeAll(async () => {
    const started = await startRegistryNetwork({ dir: registryDir });
    stopNetwork = started.stop;
    network = await openRegistryNetwork({ dir: registryDir });
    ({ token } = await addRegistryUser({ url: network.url, username: 'cdmx', password: 'ciudad-de-mexico', email: 'tech@cdmx.gob.mx' }));
    await accreditAuditor(network.walletOf(dev(0)), { moduleRegistry: network.moduleRegistry, auditor: auditor.address, metadata: 'Auditoría Cívica' });

    cpSync(join(EXAMPLES, 'cdmx'), cityDir, { recursive: true });
    const chain = await dpanJson<{ rpcUrl: string }>('chain', 'start', '--city', cityDir);
    cityRpc = chain.rpcUrl;
    await dpanJson('city', 'deploy', '--city', cityDir);
    const deployment = JSON.parse(readFileSync(join(cityDir, '.citysync', 'deployment.json'), 'utf8')) as { contracts: { kernel: Address; issuance: Address; taskBoard: Address } };
    ({ kernel, issuance, taskBoard } = deployment.contracts);
  }, 240_000);

  afterAll(async () => {
    await dpan('chain', 'stop', '--city', cityDir);
    await stopNetwork?.();
    rmSync(root, { recursive: true, force: true });
  });

  it('refuses an unaudited version under a policy that needs one audit, changing nothing', async () => {
    await publish('1.0.0');
    const result = await refused(['install', `${NAME}@1.0.0`, ...inCity()], /0 passing attestation\(s\).*needs 1/);
    expect(result.stderr).toContain(auditor.address);
  }, 120_000);

  it('previews a dry run without sending or writing anything', async () => {
    await audit('1.0.0', 'pass');
    const before = await cityState();
    const result = await dpan('install', `${NAME}@^1.0.0`, '--dry-run', ...inCity());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`${NAME}@1.0.0`);
    expect(result.stdout).toMatch(/audits\s+1 passing from trusted auditors, 1 required/);
    expect(result.stdout).toMatch(/liability\s+up to 20000 credits per period/);
    expect(result.stdout).toMatch(/setup code\s+0x[0-9a-f]{64} \(matches the ModuleRegistry record/);
    expect(result.stdout).toContain('dry run');
    expect(await cityState()).toEqual(before);
  }, 120_000);

  it('installs the audited version through the kernel and writes dpan-lock.json', async () => {
    const result = await dpanJson<{ version: string; module: Address; preview: { integrity: string; manifestHash: string; setupCode: { hash: string; recorded: boolean } } }>(
      'install', `${NAME}@^1.0.0`, ...inCity(),
    );
    expect(result.version).toBe('1.0.0');
    const installed = await installation();
    expect(installed).toMatchObject({ installed: true, version: '1.0.0', contentHash: result.preview.manifestHash, module: result.module });
    // The registry recorded the setup's creation code hash at publish; the kernel recorded the same for the preparation.
    expect(result.preview.setupCode.recorded).toBe(true);
    const record = await readContract(network.publicClient, { address: network.moduleRegistry, abi: ModuleRegistryAbi, functionName: 'setupCodeHash', args: [NAME, '1.0.0'] });
    expect(result.preview.setupCode.hash).toBe(record);
    const lock = JSON.parse(lockfile() ?? '{}') as { modules: Record<string, { version: string; integrity: string; manifestHash: string; audits: { auditor: string; verdict: string }[] }> };
    expect(lock.modules[NAME]).toMatchObject({ version: '1.0.0', integrity: result.preview.integrity, manifestHash: result.preview.manifestHash });
    expect(lock.modules[NAME]?.audits).toEqual([expect.objectContaining({ auditor: auditor.address, verdict: 'pass' })]);
    expect(existsSync(join(cityDir, '.citysync', 'modules', NAME, '1.0.0', 'dpan.json'))).toBe(true);
    // The task policy points at the installed contract, the budget line is open.
    expect(await readContract(cityClient(), { address: taskBoard, abi: TaskBoardAbi, functionName: 'modulePolicy', args: [toId(NAME)] })).toBe(result.module);
    expect(await readContract(cityClient(), { address: issuance, abi: IssuanceControllerAbi, functionName: 'moduleBudget', args: [toId(NAME)] })).toBe(20_000n);
    const status = await dpanJson<{ modules: { name: string; version: string; advisories: unknown[] }[] }>('status', ...inCity());
    expect(status.modules).toEqual([expect.objectContaining({ name: NAME, version: '1.0.0', source: 'registry', advisories: [] })]);
  }, 180_000);

  it('refuses a tampered tarball: its bytes differ from the chain record', async () => {
    const other = '@cdmx/dpan-tampered';
    await publish('1.0.0', {}, other);
    await audit('1.0.0', 'pass', other);
    // Swap the stored tarball for another package's bytes, as a compromised registry would.
    const storage = join(registryDir, 'packages', '@cdmx', 'dpan-tampered');
    const tgz = readdirSync(storage).find((f) => f.endsWith('.tgz'));
    const victim = join(storage, String(tgz));
    writeFileSync(victim, Buffer.concat([readFileSync(victim), Buffer.from('tampered')]));
    await refused(['install', `${other}@1.0.0`, ...inCity()], /integrity/i);
  }, 120_000);

  it('refuses a version that failed its audit by a trusted auditor', async () => {
    const other = '@cdmx/dpan-failed';
    await publish('1.0.0', {}, other);
    await audit('1.0.0', 'fail', other);
    await refused(['install', `${other}@1.0.0`, ...inCity()], /failed its audit/);
  }, 120_000);

  it('refuses a yanked version, with the maintainer\'s reason', async () => {
    const other = '@cdmx/dpan-yanked';
    await publish('1.0.0', {}, other);
    await audit('1.0.0', 'pass', other);
    await yankModule(network.walletOf(publisher), { network, name: other, version: '1.0.0', reason: 'rates exceed the 2027 budget' });
    await refused(['install', `${other}@^1.0.0`, ...inCity()], /is yanked: rates exceed the 2027 budget/);
  }, 120_000);

  it('updates to the newest audited version in range, and refuses an unaudited one first', async () => {
    await publish('1.1.0', { editManifest: (m) => (m['description'] = `${String(m['description'])} 1.1: shorter drills.`) });
    await refused(['update', NAME, ...inCity()], /1\.1\.0 has 0 passing attestation/);
    expect((await installation()).version).toBe('1.0.0');
    await audit('1.1.0', 'pass');
    const updated = await dpanJson<{ updates: { version: string; module: Address; upToDate: boolean }[] }>('update', ...inCity());
    expect(updated.updates).toEqual([expect.objectContaining({ version: '1.1.0', upToDate: false })]);
    const installed = await installation();
    expect(installed).toMatchObject({ version: '1.1.0', module: updated.updates[0]?.module });
    expect(await readContract(cityClient(), { address: taskBoard, abi: TaskBoardAbi, functionName: 'modulePolicy', args: [toId(NAME)] })).toBe(installed.module);
    expect(JSON.parse(lockfile() ?? '{}').modules[NAME].version).toBe('1.1.0');
    expect(existsSync(join(cityDir, '.citysync', 'modules', NAME, '1.0.0'))).toBe(false);
    const again = await dpanJson<{ updates: { upToDate: boolean }[] }>('update', ...inCity());
    expect(again.updates).toEqual([expect.objectContaining({ upToDate: true })]);
  }, 240_000);

  it('shows an advisory in dpan status and audit-installed once the installed version is yanked', async () => {
    await yankModule(network.walletOf(publisher), { network, name: NAME, version: '1.1.0', reason: 'drill windows overlap the rainy season' });
    const status = await dpan('status', ...inCity());
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/ADVISORY/);
    expect(status.stdout).toContain('yanked');
    expect(status.stdout).toContain('drill windows overlap the rainy season');
    const audited = await dpan('audit-installed', ...inCity(), '--json');
    expect(audited.code).toBe(1);
    const report = JSON.parse(audited.stdout) as { advisories: number; modules: { advisories: { kind: string }[] }[] };
    expect(report.advisories).toBe(1);
    expect(report.modules[0]?.advisories[0]?.kind).toBe('yanked');
  }, 120_000);

  it('uninstalls through the kernel: roles revoked, task policy cleared, budget line closed, lock entry removed', async () => {
    const result = await dpanJson<{ policyCleared: boolean; budgetClosed: boolean }>('uninstall', NAME, '--city', cityDir);
    expect(result).toMatchObject({ policyCleared: true, budgetClosed: true });
    expect((await installation()).installed).toBe(false);
    expect(await readContract(cityClient(), { address: issuance, abi: IssuanceControllerAbi, functionName: 'moduleBudget', args: [toId(NAME)] })).toBe(0n);
    expect(JSON.parse(lockfile() ?? '{}').modules).toEqual({});
    expect(existsSync(join(cityDir, '.citysync', 'modules', NAME))).toBe(false);
  }, 180_000);

  it('exits 2 on usage errors', async () => {
    const bad = await dpan('install', 'Not A Name', ...inCity());
    expect(bad.code).toBe(2);
  }, 60_000);
});
