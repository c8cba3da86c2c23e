// `tsx bench/registry/install.ts [runs]`: `dpan install` of a module from the embedded registry network, timed as a
// user runs it (a fresh `dpan` process: download, integrity against the chain record, audits against the city's
// policy, schema validation of every file, content hash, then the kernel's prepare -> modules committee approval
// -> apply and the committees' configuration, and dpan-lock.json). Target: <= 5 s on loopback.
//
// Setup, not timed: a registry network (verdaccio + its anvil chain with the ModuleRegistry) and Mexico City
// (examples/cdmx) deployed on its embedded anvil; copies of modules/disaster-prep published and attested by the
// city's trusted auditor.
// Each run installs its own copy of the package (@bench/dpan-disaster-prep-<i>), so every run is a first install.
// One more in-process run (installFromRegistry) splits the time into its steps. Writes bench/results/registry.json.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { addRegistryUser } from '@citysync/registry';
import { createTestClient, getAddress, http } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';

import { startEmbeddedChain, openCity } from '@citysync/devnet';
import { deployCityFromConfig } from '@citysync/sdk/node';
import { auditModule } from '@citysync/registry';
import { installFromRegistry } from '@citysync/registry';
import { publishModule } from '@citysync/registry';
import { openRegistryNetwork, startRegistryNetwork } from '@citysync/registry';
import { accreditAuditor } from '@citysync/registry';
import { CommitteeAbi } from '@citysync/contracts';

const RUNS = Number(process.argv[2] ?? 5);
const TARGET_SECONDS = 5;
const NAME = '@bench/dpan-disaster-prep';
const MNEMONIC = 'test test test test test test test test test test test junk';
const dev = (i: number) => mnemonicToAccount(MNEMONIC, { addressIndex: i });
const repo = fileURLToPath(new URL('../../', import.meta.url));
const out = join(repo, 'bench', 'results', 'registry.json');

function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, args, { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('close', (status) => resolveRun({ status, stdout, stderr }));
  });
}

const root = mkdtempSync(join(tmpdir(), 'bench-install-'));
const registryDir = join(root, 'registry');
const cityDir = join(root, 'cdmx');
const stops: (() => Promise<void>)[] = [];
try {
  // Registry network, publisher, auditor, the module.
  const started = await startRegistryNetwork({ dir: registryDir });
  stops.push(started.stop);
  const network = await openRegistryNetwork({ dir: registryDir });
  const { token } = await addRegistryUser({ url: network.url, username: 'bench', password: 'bench-password', email: 'bench@example.org' });
  await accreditAuditor(network.walletOf(dev(0)), { moduleRegistry: network.moduleRegistry, auditor: dev(11).address, metadata: 'bench auditor' });
  // One package name per run (and one for the warm-up and one for the in-process run): each install is a first install.
  const names = [...Array(RUNS + 2).keys()].map((i) => `${NAME}-${i}`);
  for (const name of names) {
    const pkgDir = join(root, 'pkg', name);
    cpSync(join(repo, 'modules', 'disaster-prep'), pkgDir, { recursive: true, filter: (s) => !/[/\\](node_modules|test)([/\\]|$)/.test(s) });
    for (const [file, change] of [
      ['package.json', (v: Record<string, unknown>) => Object.assign(v, { name, version: '1.0.0' })],
      ['dpan.json', (v: Record<string, unknown>) => Object.assign(v, { name, version: '1.0.0' })],
      ['tasks.json', (v: Record<string, unknown>) => Object.assign(v, { module: name })],
    ] as const) {
      const path = join(pkgDir, file);
      writeFileSync(path, JSON.stringify(change(JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>), null, 2));
    }
    await publishModule({ dir: pkgDir, network, publisher: network.walletOf(dev(15)), token });
    await auditModule(network.walletOf(dev(11)), { network, name, version: '1.0.0', report: new TextEncoder().encode(`bench audit ${name}`), verdict: 'pass' });
  }

  // Mexico City on its embedded chain.
  cpSync(join(repo, 'examples', 'cdmx'), cityDir, { recursive: true });
  const chain = await startEmbeddedChain({ cityDir });
  stops.push(chain.stop);
  const opened0 = { dir: cityDir, rpcUrl: chain.rpcUrl };
  const { createWalletClient } = await import('viem');
  const { foundry } = await import('viem/chains');
  const deployer = createWalletClient({ account: dev(0), chain: foundry, transport: http(chain.rpcUrl), pollingInterval: 50 });
  await deployCityFromConfig({ dir: cityDir, wallet: deployer });
  const city = await openCity(opened0);
  const testClient = createTestClient({ mode: 'anvil', chain: foundry, transport: http(chain.rpcUrl) });

  // Whole-process runs of the CLI, each from the same snapshot.
  const bin = join(repo, 'core', 'cli', 'bin', 'dpan.js');
  const times: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const args = [bin, 'install', `${names[i]}@^1.0.0`, '--city', cityDir, '--registry-dir', registryDir, '--json'];
    const t0 = process.hrtime.bigint();
    // Asynchronously: anvil and verdaccio are children of this process whose output it must keep draining.
    const res = await run(args);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (res.status !== 0) throw new Error(`dpan install failed (exit ${String(res.status)}):\n${res.stdout}\n${res.stderr}`);
    if (i > 0) times.push(seconds); // the first run warms the file cache
  }
  times.sort((a, b) => a - b);
  const median = (times[(times.length - 1) >> 1]! + times[times.length >> 1]!) / 2;

  // One in-process run, timed step by step.
  const members = async (committee: `0x${string}`) => {
    const [list] = await city.publicClient.readContract({ address: committee, abi: CommitteeAbi, functionName: 'membership' });
    return [...Array(20).keys()].map(dev).filter((a) => list.some((m) => getAddress(m) === a.address)).map((account) =>
      createWalletClient({ account, chain: city.chain, transport: http(city.rpcUrl), pollingInterval: 50 }));
  };
  const steps: Record<string, number> = {};
  const t0 = performance.now();
  let last = t0;
  await installFromRegistry({
    network,
    cityDir,
    city: city.city,
    policy: { trustedAuditors: [dev(11).address], minAttestations: 1, allowUnaudited: false },
    name: names[RUNS + 1]!,
    range: '^1.0.0',
    wallet: createWalletClient({ account: dev(0), chain: city.chain, transport: http(city.rpcUrl), pollingInterval: 50 }),
    committees: { modules: await members(city.city.committees.modules), issuance: await members(city.city.committees.issuance), rates: await members(city.city.committees.rates) },
    waitForDelay: async (readyAt) => {
      const block = await city.publicClient.getBlock();
      if (BigInt(readyAt) > block.timestamp) await testClient.increaseTime({ seconds: readyAt - Number(block.timestamp) });
      await testClient.mine({ blocks: 1 });
    },
    onStep: (step) => {
      const now = performance.now();
      steps[step.step] = Math.round(now - last) / 1000;
      last = now;
    },
  });
  const sdkSeconds = Math.round(performance.now() - t0) / 1000;
  steps['lockfile'] = Math.round(performance.now() - last) / 1000;

  const round = (s: number) => Math.round(s * 1000) / 1000;
  const result = {
    installSeconds: round(median),
    targetSeconds: TARGET_SECONDS,
    pass: median <= TARGET_SECONDS,
    runs: RUNS,
    minSeconds: round(times[0]!),
    maxSeconds: round(times[times.length - 1]!),
    inProcess: { seconds: sdkSeconds, secondsAfterStep: steps },
    what: `dpan install ${NAME}-<i>@^1.0.0 into examples/cdmx (6 task types, task policy, budget line, rate bounds; committees of 3, threshold 2)`,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model.trim(), node: process.version },
    loadAverage1m: Math.round(loadavg()[0]! * 100) / 100,
    measuredAt: new Date().toISOString(),
  };
  mkdirSync(join(repo, 'bench', 'results'), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    `dpan install: median ${result.installSeconds} s over ${RUNS} runs (min ${result.minSeconds}, max ${result.maxSeconds}); ` +
      `in-process ${sdkSeconds} s (${Object.entries(steps).map(([k, v]) => `${k} ${v}`).join(', ')}); target <= ${TARGET_SECONDS} s: ${result.pass ? 'pass' : 'FAIL'}`,
  );
  console.log(`wrote ${out}`);
  process.exitCode = result.pass ? 0 : 1;
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  rmSync(root, { recursive: true, force: true });
}
