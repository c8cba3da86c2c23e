// Operations across separate signers on a chain that is not the embedded one: every member approves from its own
// `dpan` process with its own key, delays are waited out in real time (anvil mines a block a second, nothing moves
// its clock), and `dpan apply` is resumable: killed mid-way and run again, no step runs twice.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { type Address, type Hex, createPublicClient, createWalletClient, http, toHex } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AccessManagerAbi, CommitteeAbi, ModuleKernelAbi } from '@citysync/contracts';
import { type AnvilInstance, startAnvil } from '@citysync/devnet';
import { DPAN_BIN, dpan, dpanJson } from '../../../test/utils/dpan.js';
import { modulePackageCopy } from '../../../test/utils/modulePackageCopy.js';

const MNEMONIC = 'test test test test test test test test test test test junk';
const MODULE_DIR = fileURLToPath(new URL('../../../modules/general-economy', import.meta.url));
const MODULE = '@citysync/dpan-general-economy';
/** Every committee's delay in the test city: long enough to run `apply` before it ends, short enough to wait out. */
const DELAY = 90;

const keyOf = (index: number): Hex => toHex(mnemonicToAccount(MNEMONIC, { addressIndex: index }).getHdKey().privateKey ?? new Uint8Array());
const addressOf = (index: number): Address => mnemonicToAccount(MNEMONIC, { addressIndex: index }).address;
// The city template's committees: modules 1, 4, 5; issuance 2, 3, 4; rates 3, 4, 5; dev account 7 is its guardian;
// dev account 9 is in no committee.
const PROPOSER = 1;
const BOTH = 4;
const ISSUANCE_AND_RATES = 3;
const GUARDIAN = 7;
const OUTSIDER = 9;

type StepView = { step: string; committee: string | null; state: string; proposalId: string | null; approvals: number; threshold: number; approvedBy: Address[]; readyAt: number | null; cancelledBy: string | null; next: string };
type OperationView = { operation: string; kind: string; state: string; cancelled: string | null; next: string; steps: StepView[] };

let anvil: AnvilInstance;
let root: string;
let city: string;
let deployment: { contracts: { kernel: Address; manager: Address; committees: Record<string, Address> }; blockNumber: string };
const publicClient = () => createPublicClient({ chain: foundry, transport: http(anvil.rpcUrl) });

/** `dpan <args> --city <city> --rpc <anvil>` signing as dev account `signer` (a raw key: no dev shortcut). */
const run = (signer: number | undefined, ...args: string[]) =>
  dpan(...args, '--city', city, '--rpc', anvil.rpcUrl, ...(signer === undefined ? [] : ['--private-key', keyOf(signer)]));

async function runJson<T>(signer: number | undefined, ...args: string[]): Promise<T> {
  const result = await run(signer, ...args, '--json');
  if (result.code !== 0) throw new Error(`dpan ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

const nonceOf = async (index: number) => await publicClient().getTransactionCount({ address: addressOf(index) });
const pendingOp = async (operation: string) =>
  (await runJson<{ operations: OperationView[] }>(undefined, 'pending', '--all')).operations.find((o) => o.operation === operation);

/** Waits, in real time, until the chain's latest block reaches `readyAt`. */
async function waitForChainTime(readyAt: number): Promise<void> {
  for (;;) {
    const { timestamp } = await publicClient().getBlock({ blockTag: 'latest' });
    if (Number(timestamp) >= readyAt) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

beforeAll(async () => {
  anvil = await startAnvil({ blockTime: 1 });
  root = mkdtempSync(join(tmpdir(), 'dpan-operations-'));
  city = join(root, 'city');
  expect((await dpan('city', 'init', city)).code).toBe(0);
  const config = join(city, 'city.json');
  // Short delays, and modules from the test's own registry need no audit.
  writeFileSync(
    config,
    readFileSync(config, 'utf8').replaceAll('"delaySeconds": 3600', `"delaySeconds": ${DELAY}`).replace('"allowUnaudited": false', '"allowUnaudited": true'),
  );
  const deployed = await run(0, 'city', 'deploy', '--json');
  expect(deployed.code, deployed.stderr).toBe(0);
  deployment = JSON.parse(readFileSync(join(city, '.citysync', 'deployment.json'), 'utf8')) as typeof deployment;
}, 300_000);

afterAll(async () => {
  await anvil?.stop();
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
}, 60_000);

describe('dpan module install --propose, approve, apply across separate processes', () => {
  let operation: string;

  it('proposes: checks, the kernel prepare and the modules committee proposals; prints the operation id', async () => {
    const proposed = await runJson<{ operation: string; state: string; signed: { committee: string; action: string }[]; view: OperationView }>(
      PROPOSER, 'module', 'install', MODULE_DIR, '--propose',
    );
    operation = proposed.operation;
    expect(operation).toMatch(/^op-[0-9a-f]{12}$/);
    expect(proposed.state).toBe('awaiting approvals');
    // The proposer is in the modules committee only: it proposed that committee's steps, all of them at once.
    expect(new Set(proposed.signed.map((s) => `${s.committee}:${s.action}`))).toEqual(new Set(['modules:proposed']));
    expect(proposed.view.steps.map((s) => s.step)).toEqual([
      'kernel.approve', 'kernel.apply', 'taskPolicy',
      ...proposed.view.steps.filter((s) => s.step.startsWith('rateBounds:')).map((s) => s.step),
      'budget',
    ]);
    expect(proposed.view.steps.filter((s) => s.committee === 'rates').every((s) => s.state === 'not proposed')).toBe(true);
    const installation = await publicClient().readContract({ address: deployment.contracts.kernel, abi: ModuleKernelAbi, functionName: 'installation', args: [MODULE] });
    expect(installation.installed).toBe(false);
  }, 300_000);

  it('refuses an approval by a member of none of its committees, sending nothing', async () => {
    const before = await nonceOf(OUTSIDER);
    const refused = await run(OUTSIDER, 'approve', operation);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${addressOf(OUTSIDER)} is not a member of any committee this operation needs`);
    expect(await nonceOf(OUTSIDER)).toBe(before);
  }, 60_000);

  it('each member approves in one round from its own process (the first of a committee proposes its steps); apply before the delay sends nothing; re-running approve changes nothing', async () => {
    const first = await runJson<{ signed: { committee: string; step: string; action: string }[] }>(BOTH, 'approve', operation);
    expect(first.signed.filter((s) => s.committee === 'modules').every((s) => s.action === 'approved')).toBe(true);
    expect(first.signed.filter((s) => s.committee !== 'modules').every((s) => s.action === 'proposed')).toBe(true);

    // The modules committee's decisions are scheduled now, for DELAY seconds: applying before that sends nothing.
    const outsiderNonce = await nonceOf(OUTSIDER);
    const early = await run(OUTSIDER, 'apply', operation);
    expect(early.code, early.stderr).toBe(0);
    expect(early.stdout).toContain('nothing executable now');
    expect(early.stdout).toMatch(/executable from \d{4}-\d\d-\d\dT/);
    expect(await nonceOf(OUTSIDER)).toBe(outsiderNonce);

    const second = await runJson<{ signed: { committee: string; action: string }[]; state: string }>(ISSUANCE_AND_RATES, 'approve', operation);
    expect(second.signed.every((s) => s.action === 'approved')).toBe(true);
    // Every approval is in: it waits for its delay (or, on a loaded machine, is past it already).
    expect(['waiting for delay', 'executable']).toContain(second.state);

    const before = await nonceOf(ISSUANCE_AND_RATES);
    const again = await runJson<{ signed: { action: string }[] }>(ISSUANCE_AND_RATES, 'approve', operation);
    expect(again.signed.every((s) => s.action === 'not needed')).toBe(true);
    expect(await nonceOf(ISSUANCE_AND_RATES)).toBe(before);
  }, 300_000);

  it('pending, from the chain alone, shows each proposal: committee, approvals/threshold, who, when executable', async () => {
    const view = await pendingOp(operation);
    // Every approval is in: the operation waits for its delay (or, on a slow machine, is past it already).
    expect(['waiting for delay', 'executable']).toContain(view?.state);
    const approve = view?.steps.find((s) => s.step === 'kernel.approve');
    expect(approve).toMatchObject({ committee: 'modules', state: 'scheduled', approvals: 2, threshold: 2 });
    expect(approve?.approvedBy).toEqual([addressOf(PROPOSER), addressOf(BOTH)]);
    expect(approve?.readyAt).toBeGreaterThan(0);
    expect(view?.steps.find((s) => s.step === 'budget')?.approvedBy).toEqual([addressOf(BOTH), addressOf(ISSUANCE_AND_RATES)]);
  }, 60_000);

  it('apply after the real delay, killed mid-way and run again, completes with every step run once', async () => {
    const view = await pendingOp(operation);
    await waitForChainTime(Math.max(...(view?.steps ?? []).map((s) => s.readyAt ?? 0)));

    // Killed right after its first step is mined.
    const child = spawn(process.execPath, [DPAN_BIN, 'apply', operation, '--city', city, '--rpc', anvil.rpcUrl, '--private-key', keyOf(OUTSIDER)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('applied kernel.approve')) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.once('close', () => resolve());
    });
    expect(stderr).toContain('applied kernel.approve');

    const resumed = await runJson<{ state: string; applied: { step: string }[] }>(OUTSIDER, 'apply', operation);
    expect(resumed.state).toBe('complete');
    expect(resumed.applied.map((a) => a.step)).not.toContain('kernel.approve');
    expect(resumed.applied.map((a) => a.step).at(-1)).toBe('budget');

    const installation = await publicClient().readContract({ address: deployment.contracts.kernel, abi: ModuleKernelAbi, functionName: 'installation', args: [MODULE] });
    expect(installation.installed).toBe(true);
    // Each proposal of the operation executed exactly once, and the kernel installed once.
    const fromBlock = BigInt(deployment.blockNumber);
    const committees = Object.values(deployment.contracts.committees);
    const executed = await publicClient().getContractEvents({ address: committees, abi: CommitteeAbi, eventName: 'ProposalExecuted', fromBlock });
    const keys = executed.map((e) => `${e.address}#${String(e.args.proposalId)}`);
    expect(new Set(keys).size).toBe(keys.length);
    const final = await pendingOp(operation);
    expect(keys.length).toBe(final?.steps.filter((s) => s.step !== 'kernel.apply').length);
    const installed = await publicClient().getContractEvents({ address: deployment.contracts.kernel, abi: ModuleKernelAbi, eventName: 'ModuleInstalled', fromBlock });
    expect(installed).toHaveLength(1);
    // Complete operations leave `pending` (they stay under --all).
    const open = await runJson<{ operations: OperationView[] }>(undefined, 'pending');
    expect(open.operations.map((o) => o.operation)).not.toContain(operation);
  }, 300_000);
});

describe('a cancelled operation', () => {
  it("a member's withdrawal shows in pending and apply stops with it", async () => {
    const { operation } = await runJson<{ operation: string }>(PROPOSER, 'uninstall', MODULE, '--propose');
    const view = await pendingOp(operation);
    const proposalId = view?.steps.find((s) => s.step === 'kernel.approve')?.proposalId;
    expect(proposalId).toBeDefined();
    const withdrawn = await run(PROPOSER, 'committee', 'cancel', 'modules', String(proposalId));
    expect(withdrawn.code, withdrawn.stderr).toBe(0);

    const cancelled = await pendingOp(operation);
    expect(cancelled?.state).toBe('cancelled');
    expect(cancelled?.cancelled).toContain(`withdrawn by ${addressOf(PROPOSER)}`);
    const stopped = await run(OUTSIDER, 'apply', operation);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain(`Operation ${operation} is cancelled`);
    expect(stopped.stderr).toContain(`withdrawn by ${addressOf(PROPOSER)}`);
    const refused = await run(BOTH, 'approve', operation);
    expect(refused.code).toBe(1);
  }, 300_000);

  it("a guardian's cancel at the AccessManager shows in pending and apply stops with it", async () => {
    const { operation } = await runJson<{ operation: string }>(PROPOSER, 'uninstall', MODULE, '--propose');
    await runJson(BOTH, 'approve', operation);
    const view = await pendingOp(operation);
    const step = view?.steps.find((s) => s.step === 'kernel.approve');
    expect(step?.state).toBe('scheduled');
    const proposal = await publicClient().readContract({ address: deployment.contracts.committees['modules'] as Address, abi: CommitteeAbi, functionName: 'proposal', args: [BigInt(String(step?.proposalId))] });
    const guardian = createWalletClient({ account: mnemonicToAccount(MNEMONIC, { addressIndex: GUARDIAN }), chain: foundry, transport: http(anvil.rpcUrl) });
    const hash = await guardian.writeContract({
      address: deployment.contracts.manager,
      abi: AccessManagerAbi,
      functionName: 'cancel',
      args: [deployment.contracts.committees['modules'] as Address, proposal.target, proposal.data],
    });
    await publicClient().waitForTransactionReceipt({ hash });

    const cancelled = await pendingOp(operation);
    expect(cancelled?.state).toBe('cancelled');
    expect(cancelled?.cancelled).toContain('a guardian cancelled it');
    const stopped = await run(OUTSIDER, 'apply', operation);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain('a guardian cancelled it');
    expect(stopped.stderr).not.toContain('applied');
    const installation = await publicClient().readContract({ address: deployment.contracts.kernel, abi: ModuleKernelAbi, functionName: 'installation', args: [MODULE] });
    expect(installation.installed).toBe(true);
  }, 300_000);
});

describe('dpan install --propose from a registry: the lockfile is written once apply completes the operation', () => {
  const NAME = '@testcity/dpan-disaster-prep';
  let at: string[];

  beforeAll(async () => {
    at = ['--registry-dir', join(root, 'registry')];
    await dpanJson('registry', 'start', ...at);
    const { token } = await dpanJson<{ token: string }>('registry', 'adduser', 'testcity', '--password', 'testcity-modules-pw', ...at);
    const dir = modulePackageCopy(root, 'disaster-prep', { name: NAME, version: '1.0.0' });
    await dpanJson('publish', dir, '--token', token, '--account', '1', ...at);
  }, 300_000);

  afterAll(async () => {
    if (at !== undefined) await dpan('registry', 'stop', ...at);
  }, 60_000);

  it('propose (verified, previewed), two members approve, apply after the delay: installed and locked', async () => {
    const lockfile = join(city, 'dpan-lock.json');
    const { operation, state } = await runJson<{ operation: string; state: string }>(PROPOSER, 'install', `${NAME}@^1.0.0`, '--propose', ...at);
    expect(state).toBe('awaiting approvals');
    await runJson(BOTH, 'approve', operation);
    await runJson(ISSUANCE_AND_RATES, 'approve', operation);
    expect(existsSync(lockfile)).toBe(false);
    const view = await pendingOp(operation);
    await waitForChainTime(Math.max(...(view?.steps ?? []).map((s) => s.readyAt ?? 0)));

    const applied = await runJson<{ state: string; lockfile: string }>(OUTSIDER, 'apply', operation, ...at);
    expect(applied.state).toBe('complete');
    const installation = await publicClient().readContract({ address: deployment.contracts.kernel, abi: ModuleKernelAbi, functionName: 'installation', args: [NAME] });
    expect(installation).toMatchObject({ installed: true, version: '1.0.0' });
    const lock = JSON.parse(readFileSync(lockfile, 'utf8')) as { modules: Record<string, { version: string; module: Address }> };
    expect(lock.modules[NAME]).toMatchObject({ version: '1.0.0', module: installation.module });
    expect(existsSync(join(city, '.citysync', 'modules', NAME, '1.0.0', 'dpan.json'))).toBe(true);

    // Applying a complete operation again sends nothing and leaves the lockfile as it is.
    const written = readFileSync(lockfile, 'utf8');
    const before = await nonceOf(OUTSIDER);
    const again = await runJson<{ state: string; applied: unknown[] }>(OUTSIDER, 'apply', operation, ...at);
    expect(again).toMatchObject({ state: 'complete', applied: [] });
    expect(await nonceOf(OUTSIDER)).toBe(before);
    expect(readFileSync(lockfile, 'utf8')).toBe(written);
  }, 400_000);
});
