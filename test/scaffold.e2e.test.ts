// From a successful MCE to a module another city installs, end to end on real components:
// Berkeley runs the blight & safety MCE on anvil (runBlightEvent, graduating), `dpan mce export` writes its record,
// `dpan scaffold --from-mce --report` grades it, `dpan scaffold` renders a package, the package's own Foundry and
// vitest tests pass, it is published (after the module the event ran, which it names in forkedFrom), audited by
// Mexico City's trusted auditor, and installed into the CDMX example city on its own chain.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { type AnvilInstance, startAnvil } from '@citysync/devnet';
import { ModuleKernelAbi } from '@citysync/contracts';
import { type Address, createPublicClient, http } from 'viem';
import { readContract } from 'viem/actions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { dpan, dpanJson } from './utils/dpan.js';
import { BLIGHT_MODULE_DIR, type RunBlightEventReturnType, runBlightEvent } from '../modules/blight-mce/scripts/runEvent.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXAMPLES = join(ROOT, 'examples');
const NAME = '@berkeley/dpan-blight-cleanup';
const CDMX_AUDITOR = { account: '11', address: '0x71bE63f3384f5fb98995898A86B02Fb2426c5788' } as const;

/** A tool run in `cwd`, output kept for the assertion message. */
function run(command: string, args: string[], cwd: string): { code: number | null; output: string } {
  const result = spawnSync(command, args, { cwd, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('an MCE that worked becomes a module Mexico City installs', () => {
  const root = mkdtempSync(join(tmpdir(), 'citysync-scaffold-e2e-'));
  const registry = ['--registry-dir', join(root, 'registry')];
  const recordFile = join(root, 'blight.record.json');
  const packageDir = join(root, 'dpan-blight-cleanup');
  const cdmx = join(root, 'cdmx');
  let anvil: AnvilInstance;
  let event: RunBlightEventReturnType;
  let token: string;

  beforeAll(async () => {
    anvil = await startAnvil();
    event = await runBlightEvent({ rpcUrl: anvil.rpcUrl, cityDir: join(root, 'berkeley'), graduating: true });
    await dpanJson('registry', 'start', ...registry);
    token = (await dpanJson<{ token: string }>('registry', 'adduser', 'berkeley', '--password', 'berkeley-modules-2026', ...registry)).token;
    await dpanJson('registry', 'auditor', CDMX_AUDITOR.address, '--name', 'Auditoría Cívica de la Ciudad de México', ...registry);
  }, 300_000);

  afterAll(async () => {
    await dpan('chain', 'stop', '--city', cdmx);
    await dpan('registry', 'stop', ...registry);
    await anvil?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('exports the finished event as an MCE record that graduates', async () => {
    const exported = await dpan(
      'mce', 'export', '--event', event.eventId, '--city', event.cityDir, '--rpc', event.rpcUrl, '--out', recordFile,
      '--evidence', event.evidenceDir, '--metadata', event.metadataFile, '--targets', event.targetsFile,
    );
    expect(exported.code, exported.stderr).toBe(0);
    expect((await dpan('validate', recordFile)).code).toBe(0);
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as { outcomes: { verified: number }; lineage: { module: string } };
    expect(record.outcomes.verified).toBe(event.expected.verified);
    expect(record.lineage.module).toBe('@citysync/dpan-blight-mce@0.1.0');

    const report = await dpan('scaffold', '--from-mce', recordFile, '--report');
    expect(report.code, report.stdout + report.stderr).toBe(0);
    expect(report.stdout).toMatch(/4 of 4/);
  }, 120_000);

  it('scaffolds a package that validates and passes its own Foundry and vitest tests', async () => {
    const scaffolded = await dpanJson<{ dir: string; forkedFrom: string }>('scaffold', '--from-mce', recordFile, '--name', NAME, '--out', packageDir);
    expect(scaffolded.forkedFrom).toBe('@citysync/dpan-blight-mce@0.1.0');
    expect((await dpan('validate', packageDir)).code).toBe(0);

    // What `npm install` in the package provides (@citysync/module-kit, OpenZeppelin, forge-std, viem, vitest), from
    // this checkout; test/outside.e2e.test.ts installs a scaffold from a registry instead.
    symlinkSync(join(ROOT, 'node_modules'), join(packageDir, 'node_modules'), 'dir');
    const forgeTest = run(process.execPath, [join(ROOT, 'core/module-kit/bin/dpan-forge.js'), 'test', '--offline'], packageDir);
    expect(forgeTest.code, forgeTest.output).toBe(0);
    expect(forgeTest.output).toMatch(/Suite result: ok\. \d+ passed; 0 failed/);
    const vitest = run(join(ROOT, 'node_modules/.bin/vitest'), ['run'], packageDir);
    expect(vitest.code, vitest.output).toBe(0);
    rmSync(join(packageDir, 'node_modules'));
  }, 600_000);

  it('publishes it after the module the event ran, and Mexico City\'s auditor attests it', async () => {
    // forkedFrom must name a recorded version: the event's module goes first, as the city that ran it publishes it.
    await dpanJson('publish', BLIGHT_MODULE_DIR, '--token', token, '--account', '1', ...registry);
    const published = await dpanJson<{ name: string; version: string; forkedFrom: string }>('publish', packageDir, '--token', token, '--account', '1', ...registry);
    expect(published).toMatchObject({ name: NAME, version: '0.1.0', forkedFrom: '@citysync/dpan-blight-mce@0.1.0' });
    await dpanJson('audit', `${NAME}@0.1.0`, '--report', join(packageDir, 'mce', 'graduation-report.json'), '--verdict', 'pass', '--account', CDMX_AUDITOR.account, ...registry);
    const lineage = await dpanJson<{ roots: { id: string; forks: { id: string }[] }[] }>('lineage', NAME, ...registry);
    expect(lineage.roots[0]).toMatchObject({ id: '@citysync/dpan-blight-mce@0.1.0', forks: [{ id: `${NAME}@0.1.0` }] });
  }, 120_000);

  it('installs into the CDMX example city on its own chain', async () => {
    cpSync(join(EXAMPLES, 'cdmx'), cdmx, { recursive: true });
    await dpanJson('chain', 'start', '--city', cdmx);
    await dpanJson('city', 'deploy', '--city', cdmx);
    const installed = await dpanJson<{ version: string; module: Address; preview: { manifestHash: string } }>('install', `${NAME}@^0.1.0`, '--city', cdmx, ...registry);
    const deployment = JSON.parse(readFileSync(join(cdmx, '.citysync', 'deployment.json'), 'utf8')) as { contracts: { kernel: Address } };
    const chain = JSON.parse(readFileSync(join(cdmx, '.citysync', 'chain', 'anvil.json'), 'utf8')) as { rpcUrl: string };
    const onChain = await readContract(createPublicClient({ transport: http(chain.rpcUrl) }), {
      address: deployment.contracts.kernel,
      abi: ModuleKernelAbi,
      functionName: 'installation',
      args: [NAME],
    });
    expect(onChain).toMatchObject({ installed: true, version: '0.1.0', contentHash: installed.preview.manifestHash, module: installed.module });
  }, 180_000);
});
