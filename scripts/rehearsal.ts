// The production rehearsal: a city run across institutions on a chain that behaves like its production chain, with
// nothing from anvil's dev mnemonic on it. Every institution holds its own keystore made by the real `cast`; the
// chain is anvil started from the genesis `dpan chain genesis` wrote (a block a second, no dev accounts, base fee 0)
// behind the filter that refuses anvil_/evm_/hardhat_ methods as Besu would; every action is a separate `dpan`
// process; committee delays are waited out in real time. Exits non-zero on any failure and stops every server it
// started. `--json` prints the report as JSON on stdout (progress goes to stderr).
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { type Address, createPublicClient, getAddress, http } from 'viem';
import { generatePrivateKey, mnemonicToAccount, privateKeyToAddress } from 'viem/accounts';

import { ModuleKernelAbi } from '@citysync/contracts';
import { type AnvilInstance, type RpcFilterProxy, type RpcMethodCounts, startGenesisAnvil, startRpcFilterProxy } from '@citysync/devnet';
import { DPAN_BIN, type DpanResult, runProcess } from '../test/utils/dpan.js';
import { type CastKeystore, castKeystore } from '../test/utils/keystore.js';
import { modulePackageCopy } from '../test/utils/modulePackageCopy.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TEMPLATE = join(ROOT, 'core/cli/templates/city');
const CHAIN_ID = 4801;
/** Every committee's delay: seconds, waited out on the chain's own clock. */
const DELAY_SECONDS = 5;
/** The shortest period city.json allows: an offer backs the cap from the period after it opened. */
const PERIOD_SECONDS = 60;
const MODULE = '@rehearsal/dpan-general-economy';
const DEV_MNEMONIC = 'test test test test test test test test test test test junk';
const json = process.argv.includes('--json');

/**
 * The template's committee members are dev accounts 1-6; each becomes an institution with its own keystore. Its
 * committees: accreditation 1 2 3, issuance 2 3 4, rates 3 4 5, modules 1 4 5, vault 2 5 6, upgrades 1 3 6.
 */
const INSTITUTIONS = ['library', 'university', 'transit', 'parks', 'housing', 'schools'] as const;
type Institution = (typeof INSTITUTIONS)[number];

export type RehearsalReport = {
  wallSeconds: number;
  processes: number;
  signers: number;
  rpc: RpcMethodCounts;
  module: { name: string; version: string; installed: boolean; operation: string; killedAndResumed: boolean };
  economy: { minted: string; burned: string; taskId: string; offerId: string };
  health: { periods: number };
};

const log = (line: string) => process.stderr.write(`${line}\n`);
const started = Date.now();
const work = mkdtempSync(join(tmpdir(), 'citysync-rehearsal-'));
const stops: (() => Promise<unknown>)[] = [];
let processes = 0;
const signersUsed = new Set<string>();

/** A user's shell: no npm_* variables, no key or password in the environment. */
const shellEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && !['DPAN_PRIVATE_KEY', 'DPAN_PASSWORD', 'INIT_CWD'].includes(key)),
  );

const as = (key: CastKeystore): string[] => {
  signersUsed.add(key.address);
  return ['--keystore', key.file, '--password-file', key.passwordFile];
};

/** One `dpan` process; throws with its output unless it exits 0. */
async function dpan(...args: string[]): Promise<DpanResult> {
  processes += 1;
  const result = await runProcess(process.execPath, [DPAN_BIN, ...args], { cwd: ROOT, env: shellEnv() });
  if (result.code !== 0) throw new Error(`dpan ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  return result;
}
const dpanJson = async <T>(...args: string[]): Promise<T> => JSON.parse((await dpan(...args, '--json')).stdout) as T;

/** The city config: the template with its dev accounts replaced by the institutions' keys and fresh addresses. */
function writeCity(cityDir: string, members: Record<Institution, CastKeystore>): void {
  cpSync(TEMPLATE, cityDir, { recursive: true });
  const path = join(cityDir, 'city.json');
  let text = readFileSync(path, 'utf8')
    .replace('"chainId": 31337', `"chainId": ${CHAIN_ID}`)
    .replace('"lengthSeconds": 604800', `"lengthSeconds": ${PERIOD_SECONDS}`)
    .replaceAll('"delaySeconds": 3600', `"delaySeconds": ${DELAY_SECONDS}`)
    // Modules come from the rehearsal's own registry, which has no auditor.
    .replace('"allowUnaudited": false', '"allowUnaudited": true')
    // No budget line at deploy: the module's line comes with its install operation, after its task policy.
    .replace(/^\s*"budgets": .*\n/m, '');
  INSTITUTIONS.forEach((name, i) => {
    text = text.replaceAll(mnemonicToAccount(DEV_MNEMONIC, { addressIndex: i + 1 }).address, members[name].address);
  });
  // Guardian, auditor and vault recipients: addresses no one in the rehearsal signs for.
  text = text.replace(/0x[0-9a-fA-F]{40}/g, (address) =>
    Object.values(members).some((m) => m.address === getAddress(address)) ? address : privateKeyToAddress(generatePrivateKey()),
  );
  const dev = Array.from({ length: 20 }, (_, i) => mnemonicToAccount(DEV_MNEMONIC, { addressIndex: i }).address.toLowerCase());
  const left = dev.filter((address) => text.toLowerCase().includes(address));
  if (left.length > 0) throw new Error(`city.json still names dev accounts: ${left.join(', ')}`);
  writeFileSync(path, text);
}

function evidenceFile(taskId: string, participant: Address): string {
  const file = join(work, `evidence-${taskId}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      $schema: 'https://schemas.citysync.dev/evidence.schema.json',
      taskId,
      participant,
      observations: [{ kind: 'bags-collected', value: 4 }],
      photos: [{ sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', mediaType: 'image/jpeg' }],
      location: { lat: 37.8716, lon: -122.2727 },
      startedAt: '2026-04-12T09:00:00Z',
      completedAt: '2026-04-12T10:45:00Z',
    }),
  );
  return file;
}

type StepView = { step: string; readyAt: number | null };
type OperationView = { operation: string; state: string; steps: StepView[] };

async function rehearse(): Promise<RehearsalReport> {
  // 1. Keystores: six institutions (three per committee), the deployer, an issuer, a redeemer, a resident.
  log('1. keystores (cast wallet new) and the city config');
  const keys = join(work, 'keys');
  const members = Object.fromEntries(INSTITUTIONS.map((name) => [name, castKeystore(keys, name)])) as Record<Institution, CastKeystore>;
  const [deployer, issuer, redeemer, resident] = ['deployer', 'issuer', 'redeemer', 'resident'].map((name) => castKeystore(keys, name)) as [
    CastKeystore, CastKeystore, CastKeystore, CastKeystore,
  ];
  const cityDir = join(work, 'city');
  writeCity(cityDir, members);

  // 2. The chain: a QBFT genesis for four validators, anvil from it, the filter in front.
  log('2. dpan chain genesis, anvil from the genesis behind the RPC filter');
  const validators = join(work, 'validators.json');
  writeFileSync(validators, JSON.stringify(Array.from({ length: 4 }, () => privateKeyToAddress(generatePrivateKey()))));
  const network = join(work, 'network');
  await dpan('chain', 'genesis', '--city', cityDir, '--validators', validators, '--out', network, '--chain-id', String(CHAIN_ID), '--json');
  const anvil: AnvilInstance = await startGenesisAnvil({ genesisPath: join(network, 'genesis.json') });
  stops.push(() => anvil.stop());
  const filter: RpcFilterProxy = await startRpcFilterProxy({ target: anvil.rpcUrl });
  stops.unshift(() => filter.stop());
  const on = ['--city', cityDir, '--rpc', filter.url];
  const client = createPublicClient({ transport: http(filter.url) });
  const chainTime = async () => Number((await client.getBlock({ blockTag: 'latest' })).timestamp);
  const waitForChainTime = async (at: number) => {
    while ((await chainTime()) < at) await new Promise((r) => setTimeout(r, 500));
  };

  // 3. The city through the predeployed factory, then an issuer and a redeemer accredited by two institutions each.
  log('3. dpan city deploy --predeploys (deployer keystore, zero fees); accredit an issuer and a redeemer');
  await dpan('city', 'deploy', ...on, ...as(deployer), '--predeploys', join(network, 'predeploys.json'), '--json');
  const deployment = JSON.parse(readFileSync(join(cityDir, '.citysync', 'deployment.json'), 'utf8')) as { contracts: { kernel: Address } };
  const accreditations: { proposalId: string; readyAt: number }[] = [];
  for (const [org, roles, approver] of [
    [issuer, 'issuer', members.university],
    [redeemer, 'redeemer', members.transit],
  ] as const) {
    const { proposalId } = await dpanJson<{ proposalId: string }>('org', 'accredit', org.address, '--roles', roles, '--metadata', `rehearsal ${roles}`, ...on, ...as(members.library));
    const { readyAt } = await dpanJson<{ readyAt: number }>('committee', 'approve', 'accreditation', proposalId, ...on, ...as(approver));
    accreditations.push({ proposalId, readyAt });
  }
  await waitForChainTime(Math.max(...accreditations.map((a) => a.readyAt)));
  for (const { proposalId } of accreditations) await dpan('committee', 'execute', 'accreditation', proposalId, ...on, ...as(deployer), '--json');
  // The offer opens now: it backs the issuance cap from the next period on.
  const offer = await dpanJson<{ offerId: string }>('offer', 'create', '--price', '5', '--capacity', '20', '--metadata', 'transit day pass', ...on, ...as(redeemer));
  const offerOpenedAt = await chainTime();

  // 4. A module from the embedded registry network, installed as an operation across institutions.
  log('4. registry network: publish; install --propose, two approvals, apply after the delay (killed once, re-run)');
  const registry = ['--registry-dir', join(work, 'registry')];
  await dpanJson('registry', 'start', ...registry);
  stops.push(() => runProcess(process.execPath, [DPAN_BIN, 'registry', 'stop', ...registry], { cwd: ROOT, env: shellEnv() }));
  processes += 1; // the stop above
  const { token } = await dpanJson<{ token: string }>('registry', 'adduser', 'rehearsal', '--password', 'rehearsal-modules-pw', ...registry);
  const pkg = modulePackageCopy(work, 'module', { from: 'general-economy', name: MODULE, version: '1.0.0' });
  // The registry network's own chain signs the publication (it is not the city's chain).
  await dpanJson('publish', pkg, '--token', token, '--account', '1', ...registry);

  const { operation } = await dpanJson<{ operation: string }>('install', `${MODULE}@^1.0.0`, '--propose', ...on, ...as(members.library), ...registry);
  await dpanJson('approve', operation, ...on, ...as(members.parks));
  await dpanJson('approve', operation, ...on, ...as(members.transit));
  const { operations } = await dpanJson<{ operations: OperationView[] }>('pending', '--all', ...on);
  const view = operations.find((o) => o.operation === operation);
  if (view === undefined) throw new Error(`dpan pending does not list ${operation}`);
  await waitForChainTime(Math.max(...view.steps.map((s) => s.readyAt ?? 0)));

  const applyArgs = [DPAN_BIN, 'apply', operation, ...on, ...as(deployer), ...registry];
  processes += 1;
  const killed = await new Promise<boolean>((done, fail) => {
    const child: ChildProcess = spawn(process.execPath, applyArgs, { cwd: ROOT, env: shellEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('applied kernel.approve')) {
        child.kill('SIGKILL');
        done(true);
      }
    });
    child.once('error', fail);
    child.once('close', (code) => (code === 0 ? done(false) : fail(new Error(`dpan apply exited ${code} before it was killed\n${stderr}`))));
  });
  const resumed = await dpanJson<{ state: string; applied: { step: string }[] }>('apply', operation, ...on, ...as(deployer), ...registry);
  if (resumed.state !== 'complete') throw new Error(`the resumed apply left ${operation} ${resumed.state}`);
  if (killed && resumed.applied.some((a) => a.step === 'kernel.approve')) throw new Error('kernel.approve ran twice');
  const installation = await client.readContract({ address: deployment.contracts.kernel, abi: ModuleKernelAbi, functionName: 'installation', args: [MODULE] });
  if (!installation.installed) throw new Error(`${MODULE} is not installed after apply`);

  // 5. One task, verified and redeemed, in a period the offer backs; then the city's health.
  log('5. task -> verify -> redeem in the next period; dpan health');
  await waitForChainTime(offerOpenedAt + PERIOD_SECONDS + 1);
  const task = await dpanJson<{ taskId: string }>(
    'task', 'publish', '--module', MODULE, '--type', 'park-cleanup', '--rate', '20', '--slots', '1', '--zone', 'aquatic-park', ...on, ...as(issuer),
  );
  const { completionId } = await dpanJson<{ completionId: string }>('task', 'complete', task.taskId, '--evidence', evidenceFile(task.taskId, resident.address), ...on, ...as(resident));
  const verified = await dpanJson<{ minted: { credits: string }[] }>('task', 'verify', completionId, ...on, ...as(issuer));
  const minted = verified.minted.reduce((sum, m) => sum + BigInt(m.credits), 0n);
  const redeemed = await dpanJson<{ credits: string }>('redeem', offer.offerId, '--units', '2', ...on, ...as(resident));
  const health = await dpanJson<{ periods: unknown[] }>('health', ...on);

  return {
    wallSeconds: Math.round((Date.now() - started) / 1000),
    processes,
    signers: signersUsed.size,
    rpc: filter.counts(),
    module: { name: MODULE, version: installation.version, installed: installation.installed, operation, killedAndResumed: killed },
    economy: { minted: minted.toString(), burned: redeemed.credits, taskId: task.taskId, offerId: offer.offerId },
    health: { periods: health.periods.length },
  };
}

function print(report: RehearsalReport): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const counts = (record: Record<string, number>) =>
    Object.entries(record).sort(([, a], [, b]) => b - a).map(([method, n]) => `    ${method.padEnd(28)} ${n}`).join('\n') || '    (none)';
  process.stdout.write(
    [
      '',
      'Production rehearsal: done',
      `  wall time       ${report.wallSeconds} s`,
      `  dpan processes  ${report.processes}`,
      `  signers         ${report.signers} keystores (cast wallet new), none from the dev mnemonic`,
      `  module          ${report.module.name}@${report.module.version} installed by ${report.module.operation}` +
        (report.module.killedAndResumed ? ' (apply killed once and re-run)' : ''),
      `  economy         ${report.economy.minted} credits minted, ${report.economy.burned} burned; health over ${report.health.periods} periods`,
      '  RPC methods forwarded to the node:',
      counts(report.rpc.forwarded),
      '  RPC methods refused (anvil_/evm_/hardhat_):',
      counts(report.rpc.refused),
      '',
    ].join('\n'),
  );
}

let exitCode = 0;
try {
  const report = await rehearse();
  const refused = Object.values(report.rpc.refused).reduce((a, b) => a + b, 0);
  print(report);
  if (refused > 0) {
    log(`error: the filter refused ${refused} dev-only calls`);
    exitCode = 1;
  }
} catch (error) {
  log(`error: the rehearsal failed: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  for (const stop of stops) await stop().catch((error: unknown) => log(`warning: stopping a server failed: ${String(error)}`));
  rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);
