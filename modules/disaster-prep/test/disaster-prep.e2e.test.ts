// On a real anvil: deploy a fresh city, install the package from this directory through the kernel and the
// committees (the module registered as its task policy), then the preparedness lifecycle: CERT training verified by
// its instructor and recorded at the module, a go-bag check in the wildfire season verified by 2 of 3 accredited
// verifiers, balances and budget; the refusals (claim before training, field work outside the seasons, an
// emergency beyond its ceiling); the city's emergency wiring (a committee with a shorter delay) and the metrics.
import { type AnvilInstance, startAnvil } from '@citysync/devnet';
import { type CityWalletClient, type CommitteeName, type DeployCityReturnType, ContractRevertError, OrgRoles, accredit, approveCompletion, approveProposal, claimTask, committeeNames, decodeModuleRevert, deployCity, executeDecisions, executeProposal, proposeToCommittee, publishTask, scheduleDecision, submitCompletion, toId, verifyCompletion } from '@citysync/sdk';
import { type InstallModuleReturnType, installModule } from '@citysync/sdk/node';
import { AccessManagerAbi, CivicCreditAbi, IssuanceControllerAbi, ModuleKernelAbi, TaskBoardAbi } from '@citysync/contracts';
import { readArtifact, readModuleDirectory } from '@citysync/module-kit';
import { type Abi, createTestClient, createWalletClient, encodeFunctionData, http, keccak256, toBytes, toFunctionSelector } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { getBlock, readContract, waitForTransactionReceipt, writeContract } from 'viem/actions';
import { foundry } from 'viem/chains';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readPreparednessMetrics } from '../src/metrics.js';

const MNEMONIC = 'test test test test test test test test test test test junk';
const DIR = fileURLToPath(new URL('..', import.meta.url));
const NAME = '@citysync/dpan-disaster-prep';
const EVIDENCE_SCHEMA = keccak256(toBytes('evidence.schema.v1'));
const DELAY = 3_600;
const EMERGENCY_ROLE = 1_001n;
const EMERGENCY_DELAY = 600;
const GUARDIAN_ROLE = 7n;
const ZONE = 'north-berkeley-hills';

let anvil: AnvilInstance;
let city: DeployCityReturnType;
let members: [CityWalletClient, CityWalletClient, CityWalletClient];
let deployer: CityWalletClient;
let issuer: CityWalletClient;
let verifiers: [CityWalletClient, CityWalletClient, CityWalletClient];
let alice: CityWalletClient;
let bob: CityWalletClient;
let carol: CityWalletClient;
let shop: CityWalletClient;
let installed: InstallModuleReturnType;
let moduleAbi: Abi;
let testClient: ReturnType<typeof createTestClient>;
let fromBlock: bigint;

async function now(): Promise<bigint> {
  return (await getBlock(deployer, { blockTag: 'latest' })).timestamp;
}

/** On anvil a committee's delay is waited out by moving the clock. */
async function fastForward(readyAt: number): Promise<void> {
  const timestamp = await now();
  if (BigInt(readyAt) > timestamp) await testClient.setNextBlockTimestamp({ timestamp: BigInt(readyAt) });
  await testClient.mine({ blocks: 1 });
}

/** Moves the clock to 00:00 UTC of the next `month`/`day` (plus `hours`). */
async function warpToNext(month: number, day: number, hours = 0): Promise<bigint> {
  const current = new Date(Number(await now()) * 1000);
  let target = Date.UTC(current.getUTCFullYear(), month - 1, day, hours);
  if (target / 1000 <= Number(await now())) target = Date.UTC(current.getUTCFullYear() + 1, month - 1, day, hours);
  await testClient.setNextBlockTimestamp({ timestamp: BigInt(target / 1000) });
  await testClient.mine({ blocks: 1 });
  return BigInt(target / 1000);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.fail('expected a rejection');
}

async function callModule(wallet: CityWalletClient, functionName: string, args: readonly unknown[]): Promise<void> {
  const hash = await writeContract(wallet, { address: installed.module, abi: moduleAbi, functionName, args, chain: foundry, account: wallet.account });
  const receipt = await waitForTransactionReceipt(wallet, { hash });
  expect(receipt.status).toBe('success');
}

const balance = (who: CityWalletClient) =>
  readContract(deployer, { address: city.credit, abi: CivicCreditAbi, functionName: 'balanceOf', args: [who.account.address] });

const field = (taskType: string, rate: bigint, slots: number, end: bigint, verifiersRequired = 2) =>
  publishTask(issuer, { city, module: NAME, taskType, rate, slots, end, zone: ZONE, evidenceSchemaHash: EVIDENCE_SCHEMA, verifiersRequired, gate: installed.module });

async function checkIn(participant: CityWalletClient, taskId: bigint): Promise<bigint> {
  await claimTask(participant, { city, taskId });
  const { completionId } = await submitCompletion(participant, { city, taskId, evidenceHash: keccak256(toBytes(`${participant.account.address}:${taskId}`)) });
  return completionId;
}

/** CERT basics: check in, the instructor signs off, the participant's app records it at the module. */
async function train(participant: CityWalletClient): Promise<bigint> {
  const { taskId } = await publishTask(issuer, {
    city,
    module: NAME,
    taskType: 'cert-basics',
    rate: 30n,
    slots: 30,
    end: (await now()) + 7n * 86_400n,
    zone: 'fire-station-2',
    evidenceSchemaHash: EVIDENCE_SCHEMA,
    gate: installed.module,
  });
  const completionId = await checkIn(participant, taskId);
  await verifyCompletion(issuer, { city, completionId });
  await callModule(participant, 'recordTraining', [completionId]);
  return completionId;
}

beforeAll(async () => {
  anvil = await startAnvil();
  const transport = http(anvil.rpcUrl);
  testClient = createTestClient({ mode: 'anvil', chain: foundry, transport });
  // Each block one second after the last, never the wall clock's second: a gas estimate for the block after a mint
  // runs at the timestamp the transaction is mined with (see the README's note on Votes checkpoints and estimates).
  await testClient.setBlockTimestampInterval({ interval: 1 });
  const wallet = (i: number): CityWalletClient =>
    createWalletClient({ account: mnemonicToAccount(MNEMONIC, { addressIndex: i }), chain: foundry, transport });
  deployer = wallet(0);
  members = [wallet(1), wallet(2), wallet(3)];
  issuer = wallet(4);
  verifiers = [wallet(5), wallet(6), wallet(7)];
  alice = wallet(8);
  bob = wallet(9);
  carol = wallet(10);
  shop = wallet(12);
  // The node funds the first ten dev accounts only.
  for (const extra of [carol, shop]) await testClient.setBalance({ address: extra.account.address, value: 10n ** 20n });
  const committee = { members: members.map((m) => m.account.address), threshold: 2, delaySeconds: DELAY };
  city = await deployCity(deployer, {
    name: 'Berkeley',
    symbol: 'BRKY',
    periodLength: 7 * 24 * 3_600,
    coverage: { ratioBps: 8_000, minBps: 5_000, maxBps: 10_000 },
    rateBounds: { min: 1n, max: 100n },
    priceBounds: { min: 1n, max: 500n },
    committees: Object.fromEntries(committeeNames.map((n) => [n, committee])) as Record<CommitteeName, typeof committee>,
    guardians: [wallet(11).account.address],
    governor: { votingDelay: 60, votingPeriod: 600, proposalThreshold: 1n, quorumPercent: 4 },
    budgets: [],
  });
  fromBlock = (await getBlock(deployer, { blockTag: 'latest' })).number;
  moduleAbi = readArtifact(DIR, 'artifacts/DisasterPrep.json', 'artifacts/DisasterPrep.json').abi;
  for (const [org, roles] of [
    [issuer, OrgRoles.ISSUER],
    [shop, OrgRoles.REDEEMER],
    ...verifiers.map((v) => [v, OrgRoles.VERIFIER] as const),
  ] as const) {
    const { proposalId } = await accredit(members[0], { city, org: org.account.address, roles, metadataHash: keccak256(org.account.address) });
    const { scheduled } = await approveProposal(members[1], { committee: city.committees.accreditation, proposalId });
    await fastForward(scheduled?.readyAt ?? 0);
    await executeProposal(deployer, { committee: city.committees.accreditation, proposalId });
  }
});

afterAll(async () => {
  await anvil?.stop();
});

describe('disaster-prep: install into a fresh city', () => {
  it('installs through the kernel and the committees, with the module as its tasks\' policy', async () => {
    installed = await installModule({
      dir: DIR,
      city,
      wallet: deployer,
      committees: { modules: members, issuance: members, rates: members },
      redeemers: { 'n95-mask-pack': shop, 'go-bag-starter-kit': shop },
      waitForDelay: fastForward,
    });
    const pkg = readModuleDirectory(DIR);
    const inst = await readContract(deployer, { address: city.kernel, abi: ModuleKernelAbi, functionName: 'installation', args: [NAME] });
    expect(inst).toMatchObject({ installed: true, module: installed.module, version: '0.1.0', contentHash: pkg.contentHash });
    expect(installed.permissions).toEqual([]);
    expect(installed.taskPolicy?.proposalId).toBeDefined();
    expect(await readContract(deployer, { address: city.taskBoard, abi: TaskBoardAbi, functionName: 'modulePolicy', args: [toId(NAME)] })).toBe(installed.module);
    expect(await readContract(deployer, { address: city.issuance, abi: IssuanceControllerAbi, functionName: 'moduleBudget', args: [toId(NAME)] })).toBe(20_000n);
    const types = (await readContract(deployer, { address: installed.module, abi: moduleAbi, functionName: 'taskTypes' })) as readonly string[];
    expect(types).toEqual(pkg.catalog.taskTypes.map((t) => toId(t.id)));
    const goBag = (await readContract(deployer, { address: installed.module, abi: moduleAbi, functionName: 'taskTypeInfo', args: [toId('go-bag-check')] })) as {
      training: boolean;
      verifiersRequired: number;
    };
    expect(goBag).toMatchObject({ training: false, verifiersRequired: 2 });
    const seasons = (await readContract(deployer, { address: installed.module, abi: moduleAbi, functionName: 'seasons' })) as { opens: number; closes: number }[];
    expect(seasons).toEqual([{ opens: 501, closes: 701 }, { opens: 1001, closes: 1101 }]);
  });
});

describe('disaster-prep: training, then field work in season', () => {
  it('refuses a field claim before training (TaskBoardClaimGated), accepts it once the training is recorded', async () => {
    await warpToNext(5, 5);
    const { taskId } = await field('go-bag-check', 10n, 20, (await now()) + 3n * 86_400n);
    const error = await rejection(claimTask(bob, { city, taskId }));
    expect(error).toBeInstanceOf(ContractRevertError);
    expect((error as ContractRevertError).errorName).toBe('TaskBoardClaimGated');
    expect((error as ContractRevertError).args).toEqual([taskId, bob.account.address, installed.module]);
    // A training submitted but not yet signed off cannot be recorded either.
    const { taskId: course } = await publishTask(issuer, {
      city, module: NAME, taskType: 'cert-basics', rate: 30n, slots: 5, end: (await now()) + 86_400n, zone: 'fire-station-2', evidenceSchemaHash: EVIDENCE_SCHEMA, gate: installed.module,
    });
    const pending = await checkIn(bob, course);
    const refused = await rejection(callModule(bob, 'recordTraining', [pending]));
    expect(decodeModuleRevert(refused, moduleAbi)?.errorName).toBe('DisasterPrepNotVerifiedTraining');
    await verifyCompletion(issuer, { city, completionId: pending });
    await callModule(bob, 'recordTraining', [pending]);
    await claimTask(bob, { city, taskId });
  });

  it('a trained participant completes a go-bag check verified by 2 of 3 verifiers and is paid from the module budget', async () => {
    const training = await train(alice);
    expect(await readContract(deployer, { address: installed.module, abi: moduleAbi, functionName: 'trainingOf', args: [alice.account.address] })).toBe(training);
    expect(await balance(alice)).toBe(30n);
    const { taskId } = await field('go-bag-check', 12n, 20, (await now()) + 3n * 86_400n);
    const completionId = await checkIn(alice, taskId);
    const first = await approveCompletion(verifiers[0], { city, completionId });
    expect(first).toMatchObject({ approvals: 1, verified: undefined });
    expect(await balance(alice)).toBe(30n);
    const second = await approveCompletion(verifiers[2], { city, completionId });
    expect(second.verified).toEqual({ taskId, participant: alice.account.address, credits: 12n });
    expect(await balance(alice)).toBe(42n);
    const third = await rejection(approveCompletion(verifiers[1], { city, completionId }));
    expect((third as ContractRevertError).errorName).toBe('TaskBoardAlreadyVerified');
    const period = await readContract(deployer, { address: city.credit, abi: CivicCreditAbi, functionName: 'currentPeriod' });
    // alice's training (30) and go-bag check (12), bob's training (30).
    expect(await readContract(deployer, { address: city.issuance, abi: IssuanceControllerAbi, functionName: 'moduleSpent', args: [toId(NAME), period] })).toBe(72n);
  });

  it('a drill with a single verifier is refused at publish by the module policy', async () => {
    const error = await rejection(field('drill-participation', 10n, 50, (await now()) + 86_400n, 1));
    const refusal = decodeModuleRevert(error, moduleAbi);
    expect(refusal?.errorName).toBe('DisasterPrepTooFewVerifiers');
    expect(refusal?.args).toEqual([toId('drill-participation'), 1n, 2n]);
  });
});

describe('disaster-prep: outside the activation windows', () => {
  it('a field task cannot be claimed once its season closed, nor published outside a season', async () => {
    const start = await now();
    const close = BigInt(Date.UTC(new Date(Number(start) * 1000).getUTCFullYear(), 6, 1) / 1000); // July 1, exclusive
    const { taskId } = await field('hazard-walk', 20n, 5, close);
    await warpToNext(7, 5);
    const late = await rejection(claimTask(alice, { city, taskId }));
    expect((late as ContractRevertError).errorName).toBe('TaskBoardOutsideWindow');
    const error = await rejection(field('hazard-walk', 20n, 5, (await now()) + 86_400n));
    expect(decodeModuleRevert(error, moduleAbi)?.errorName).toBe('DisasterPrepOutsideActivation');
  });
});

describe('disaster-prep: emergency activation by a committee with a shorter delay', () => {
  const activate = (until: bigint, ceiling: bigint) =>
    encodeFunctionData({ abi: moduleAbi, functionName: 'activateEmergency', args: [until, ceiling] });

  it('the city wires the emergency role: the upgrades committee maps it and grants it to the issuance committee', async () => {
    const selectors = ['activateEmergency', 'endEmergency'].map((name) => {
      const item = moduleAbi.find((i) => i.type === 'function' && i.name === name);
      if (item === undefined || item.type !== 'function') throw new Error(`no ${name} in the ABI`);
      return toFunctionSelector(item);
    });
    const calls = [
      encodeFunctionData({ abi: AccessManagerAbi, functionName: 'setTargetFunctionRole', args: [installed.module, selectors, EMERGENCY_ROLE] }),
      encodeFunctionData({ abi: AccessManagerAbi, functionName: 'setRoleGuardian', args: [EMERGENCY_ROLE, GUARDIAN_ROLE] }),
      encodeFunctionData({ abi: AccessManagerAbi, functionName: 'grantRole', args: [EMERGENCY_ROLE, city.committees.issuance, EMERGENCY_DELAY] }),
    ];
    const decisions = [];
    for (const [i, data] of calls.entries()) {
      decisions.push(await scheduleDecision(city.committees.upgrades, members, { target: city.manager, data, description: `disaster-prep emergency wiring ${i}` }));
    }
    await executeDecisions(deployer, () => city.committees.upgrades, decisions, fastForward);
    const [isMember, delay] = await readContract(deployer, { address: city.manager, abi: AccessManagerAbi, functionName: 'hasRole', args: [EMERGENCY_ROLE, city.committees.issuance] });
    expect(isMember).toBe(true);
    expect(delay).toBe(EMERGENCY_DELAY);
  });

  it('refuses an activation beyond the maximum ceiling when the committee executes it', async () => {
    const until = (await now()) + 7n * 86_400n;
    const { proposalId } = await proposeToCommittee(members[0], { committee: city.committees.issuance, target: installed.module, data: activate(until, 10_001n) });
    const { scheduled } = await approveProposal(members[1], { committee: city.committees.issuance, proposalId });
    await fastForward(scheduled?.readyAt ?? 0);
    const error = await rejection(executeProposal(deployer, { committee: city.committees.issuance, proposalId }));
    const refusal = decodeModuleRevert(error, moduleAbi);
    expect(refusal?.errorName).toBe('DisasterPrepEmergencyCeilingTooHigh');
    expect(refusal?.args).toEqual([10_001n, 10_000n]);
  });

  it('activates after the short delay; funded tasks are claimable up to the ceiling, never beyond', async () => {
    const until = (await now()) + 7n * 86_400n;
    const { proposalId } = await proposeToCommittee(members[0], { committee: city.committees.issuance, target: installed.module, data: activate(until, 500n) });
    const { scheduled } = await approveProposal(members[1], { committee: city.committees.issuance, proposalId });
    expect(BigInt(scheduled?.readyAt ?? 0) - (await now())).toBeLessThanOrEqual(BigInt(EMERGENCY_DELAY));
    await fastForward(scheduled?.readyAt ?? 0);
    await executeProposal(deployer, { committee: city.committees.issuance, proposalId });
    const [emergencyId, , active] = (await readContract(deployer, { address: installed.module, abi: moduleAbi, functionName: 'currentEmergency' })) as [bigint, unknown, boolean];
    expect([emergencyId, active]).toEqual([1n, true]);

    const { taskId } = await field('neighbour-roster', 15n, 20, until); // 300 credits committed
    const unfunded = await rejection(claimTask(alice, { city, taskId }));
    expect((unfunded as ContractRevertError).errorName).toBe('TaskBoardClaimGated');
    await callModule(issuer, 'fundEmergencyTask', [taskId]);
    const completionId = await checkIn(alice, taskId);
    await approveCompletion(verifiers[0], { city, completionId });
    await approveCompletion(verifiers[1], { city, completionId });
    expect(await balance(alice)).toBe(57n);

    const { taskId: audit } = await field('supply-cache-audit', 25n, 10, until, 3); // 250 more: 550 > 500
    const error = await rejection(callModule(issuer, 'fundEmergencyTask', [audit]));
    const refusal = decodeModuleRevert(error, moduleAbi);
    expect(refusal?.errorName).toBe('DisasterPrepEmergencyCeilingExceeded');
    expect(refusal?.args).toEqual([1n, 250n, 300n, 500n]);
    const gated = await rejection(claimTask(bob, { city, taskId: audit }));
    expect((gated as ContractRevertError).errorName).toBe('TaskBoardClaimGated');
  });

  it('computes the outcome metrics from the chain events', async () => {
    const { taskId: drill } = await field('drill-participation', 10n, 4, (await now()) + 86_400n);
    await train(carol);
    await callModule(issuer, 'fundEmergencyTask', [drill]); // out of season: paid under the emergency
    for (const who of [alice, carol]) {
      const completionId = await checkIn(who, drill);
      await approveCompletion(verifiers[0], { city, completionId });
      await approveCompletion(verifiers[1], { city, completionId });
    }
    const metrics = await readPreparednessMetrics(deployer, { taskBoard: city.taskBoard, module: installed.module, fromBlock, zones: [ZONE] });
    expect(metrics.householdsPrepared).toEqual({ total: 1, byZone: [{ zoneId: toId(ZONE), zone: ZONE, households: 1 }] });
    expect(metrics.drillTurnout).toMatchObject({ total: 2, slots: 4, share: 0.5 });
    expect(metrics.trainedParticipants).toBe(3);
    expect(metrics.emergencies).toEqual([
      expect.objectContaining({ emergencyId: 1n, budgetCeiling: 500n, committed: 340n, minted: 35n, tasks: 2 }),
    ]);
  });
});

