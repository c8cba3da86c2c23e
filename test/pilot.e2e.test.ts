// End to end on a real anvil: deploy a city with the SDK, then run the pilot's lifecycle with its three kinds of
// organization (issuer, redeemer, relayer) and three participants, one of whom never holds any ETH; then the bad
// paths, each asserting the decoded custom error.
import {
  type Address,
  type PublicClient,
  type TestClient,
  createPublicClient,
  createTestClient,
  createWalletClient,
  encodeFunctionData,
  http,
  isAddressEqual,
  keccak256,
  parseEventLogs,
  toBytes,
  zeroAddress,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { sendTransaction } from 'viem/actions';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AccessManagerAbi, AccreditationAbi, CityForwarderAbi, CivicCreditAbi, CommitteeAbi, IssuanceControllerAbi, TaskBoardAbi, VoteTokenAbi } from '@citysync/contracts';
import { ContractRevertError, DeployCityError, ManagerRoles, OrgRoles, accredit, approveProposal, claimTask, committeeNames, createOffer, decodeContractRevert, deployCity, executeProposal, getBalances, isContractRevert, proposeToCommittee, publishTask, redeem, relayForwardRequest, signForwardRequest, submitCompletion, toId, verifyBatch, verifyCompletion, type CityWalletClient, type CommitteeName, type CommitteeParameters, type DeployCityParameters, type DeployCityReturnType, type DeployCityStep, type SignedForwardRequest } from '@citysync/sdk';
import { startAnvil, type AnvilInstance } from '@citysync/devnet';
import { increaseTime, latestTimestamp, passProposal, startNextPeriod } from './utils/chain.js';

const MNEMONIC = 'test test test test test test test test test test test junk';
const COMMITTEE_DELAY = 3_600;
const PERIOD = 7 * 24 * 3_600;
const MODULE = '@citysync/dpan-general-economy';
const PARK_CLEANUP = 'park-cleanup';
const EVIDENCE_SCHEMA = keccak256(toBytes('evidence.schema.v1'));
const RATE = 20n;
const PRICE = 10n;
const CAPACITY = 6n; // units per period: capacity value 60, coverage 100% -> period cap 60 credits

let anvil: AnvilInstance;
let publicClient: PublicClient;
let testClient: TestClient;
let city: DeployCityReturnType;
const steps: DeployCityStep[] = [];
/** `publicClient.readContract`, typed by the ABI passed. */
let read: PublicClient['readContract'];

function wallet(addressIndex: number): CityWalletClient {
  const account = mnemonicToAccount(MNEMONIC, { addressIndex });
  return createWalletClient({ account, chain: foundry, transport: http(anvil.rpcUrl) });
}

// Anvil funds mnemonic indexes 0..9. Index 10 is the gasless participant: never funded.
let deployer: CityWalletClient;
let members: [CityWalletClient, CityWalletClient, CityWalletClient];
let issuer: CityWalletClient;
let redeemer: CityWalletClient;
let relayer: CityWalletClient;
let alice: CityWalletClient; // participant who pays her own gas
let carol: CityWalletClient; // participant who pays her own gas
let bob: CityWalletClient; // participant without ETH: everything goes through the forwarder
const guardian = mnemonicToAccount(MNEMONIC, { addressIndex: 11 }).address;

function cityParams(overrides: Partial<DeployCityParameters> = {}): DeployCityParameters {
  const committee: CommitteeParameters = {
    members: members.map((m) => m.account.address),
    threshold: 2,
    delaySeconds: COMMITTEE_DELAY,
  };
  return {
    name: 'Berkeley',
    symbol: 'BRKY',
    periodLength: PERIOD,
    coverage: { ratioBps: 10_000, minBps: 5_000, maxBps: 15_000 },
    rateBounds: { min: 1n, max: 100n },
    priceBounds: { min: 1n, max: 500n },
    committees: Object.fromEntries(committeeNames.map((name) => [name, committee])) as Record<
      CommitteeName,
      CommitteeParameters
    >,
    guardians: [guardian],
    governor: { votingDelay: 3_600, votingPeriod: 3 * 24 * 3_600, proposalThreshold: 1n, quorumPercent: 4 },
    budgets: [{ module: MODULE, perPeriod: 1_000_000n, policy: 'open' }],
    ...overrides,
  };
}

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.fail('expected a revert, but the call succeeded');
}

/** Accredits `org` through the accreditation committee: member 0 proposes, member 1 approves, wait, execute. */
async function accreditOrg(org: Address, roles: number) {
  const { proposalId } = await accredit(members[0], { city, org, roles, metadataHash: keccak256(org) });
  return await passProposal(testClient, {
    committee: city.committees.accreditation,
    proposalId,
    approvers: [members[1]],
    executor: members[2],
  });
}

beforeAll(async () => {
  anvil = await startAnvil();
  publicClient = createPublicClient({ chain: foundry, transport: http(anvil.rpcUrl) });
  read = publicClient.readContract;
  testClient = createTestClient({ mode: 'anvil', chain: foundry, transport: http(anvil.rpcUrl) });
  deployer = wallet(0);
  members = [wallet(1), wallet(2), wallet(3)];
  issuer = wallet(4);
  redeemer = wallet(5);
  relayer = wallet(6);
  alice = wallet(7);
  carol = wallet(8);
  bob = wallet(10);
  await testClient.setBalance({ address: bob.account.address, value: 0n });
});

afterAll(async () => {
  await anvil?.stop();
});

describe('deployCity', () => {
  it('deploys factory, implementations and the city (its manager created by deployCity), reporting each step', async () => {
    city = await deployCity(deployer, { ...cityParams(), onStep: (step) => steps.push(step) });

    expect(steps).toEqual([
      'deploy CityFactory',
      'predict forwarder',
      'deploy Accreditation implementation',
      'deploy CivicCredit implementation',
      'deploy VoteToken implementation',
      'deploy IssuanceController implementation',
      'deploy TaskBoard implementation',
      'deploy Committee implementation',
      'deploy CityGovernor implementation',
      'deploy ModuleKernel implementation',
      'deploy OpenTaskPolicy',
      'deployCity',
    ]);
    expect(await read({ address: city.credit, abi: CivicCreditAbi, functionName: 'symbol' })).toBe('BRKY');
    expect(await read({ address: city.votes, abi: VoteTokenAbi, functionName: 'symbol' })).toBe('vBRKY');
    const [, forwarderName] = await read({ address: city.forwarder, abi: CityForwarderAbi, functionName: 'eip712Domain' });
    expect(forwarderName).toBe('BRKY Forwarder');
    for (const name of committeeNames) {
      const address = city.committees[name];
      expect(await read({ address, abi: CommitteeAbi, functionName: 'name' })).toBe(name);
      const [memberList, threshold] = await read({ address, abi: CommitteeAbi, functionName: 'membership' });
      expect(memberList).toEqual(members.map((m) => m.account.address));
      expect(threshold).toBe(2n);
    }
    // The factory holds no role afterwards; the upgrades committee administers the manager, with its delay.
    const adminOf = (account: Address) =>
      read({ address: city.manager, abi: AccessManagerAbi, functionName: 'hasRole', args: [ManagerRoles.ADMIN, account] });
    expect(await adminOf(city.factory)).toEqual([false, 0]);
    expect(await adminOf(city.committees.upgrades)).toEqual([true, COMMITTEE_DELAY]);
    const budget = await read({
      address: city.issuance,
      abi: IssuanceControllerAbi,
      functionName: 'moduleBudget',
      args: [toId(MODULE)],
    });
    expect(budget).toBe(1_000_000n);
    expect(city.blockNumber).toBe(await publicClient.getBlockNumber());
  });

  it('hosts a second city on the same factory and shared implementations', async () => {
    const ownSteps: DeployCityStep[] = [];
    const { credit, taskBoard, ...shared } = city.implementations;
    const oakland = await deployCity(deployer, {
      ...cityParams({ name: 'Oakland', symbol: 'OAK' }),
      factory: city.factory,
      implementations: shared,
      onStep: (step) => ownSteps.push(step),
    });
    expect(ownSteps).toEqual([
      'predict forwarder',
      'deploy CivicCredit implementation',
      'deploy TaskBoard implementation',
      'deploy OpenTaskPolicy',
      'deployCity',
    ]);
    expect(oakland.factory).toBe(city.factory);
    const { credit: oaklandCredit, taskBoard: oaklandBoard, ...oaklandShared } = oakland.implementations;
    expect(oaklandShared).toEqual(shared);
    expect(oaklandCredit).not.toBe(credit); // bound to Oakland's forwarder
    expect(oaklandBoard).not.toBe(taskBoard);
    expect(oakland.forwarder).not.toBe(city.forwarder);
    expect(await read({ address: oakland.credit, abi: CivicCreditAbi, functionName: 'symbol' })).toBe('OAK');
  });

  it('names the failing step and decodes the revert', async () => {
    const { credit: _c, taskBoard: _t, ...shared } = city.implementations;
    const loose: CommitteeParameters = { members: [members[0].account.address], threshold: 1, delaySeconds: 0 };
    const error = await rejection(
      deployCity(deployer, {
        ...cityParams({ symbol: 'BAD', committees: { ...cityParams().committees, vault: loose } }),
        factory: city.factory,
        implementations: shared,
      }),
    );
    expect(error).toBeInstanceOf(DeployCityError);
    const e = error as DeployCityError;
    expect(e.step).toBe('deployCity');
    expect(e.revert?.errorName).toBe('CommitteeInvalidThreshold');
    expect(e.revert?.args).toEqual([1n, 1n]);
    expect(e.shortMessage).toMatch(/step "deployCity".*CommitteeInvalidThreshold\(1, 1\)/);
  });
});

describe('pilot lifecycle', () => {
  let offerId: bigint;
  let taskId: bigint;
  let aliceCompletion: bigint;
  let bobCompletion: bigint;
  let carolCompletion: bigint;
  let bobClaim: SignedForwardRequest;

  it('accredits an issuer, a redeemer and a relayer through the accreditation committee', async () => {
    // The first decision by hand, to show the delay is enforced.
    const committee = city.committees.accreditation;
    const data = encodeFunctionData({
      abi: AccreditationAbi,
      functionName: 'accredit',
      args: [issuer.account.address, OrgRoles.ISSUER, keccak256(issuer.account.address)],
    });
    const { proposalId } = await proposeToCommittee(members[0], { committee, target: city.accreditation, data });
    const approval = await approveProposal(members[1], { committee, proposalId });
    expect(approval.approvals).toBe(2n);
    expect(approval.scheduled?.readyAt).toBe(Number(await latestTimestamp(testClient)) + COMMITTEE_DELAY);
    const tooEarly = await rejection(executeProposal(members[2], { committee, proposalId }));
    expect(isContractRevert(tooEarly, 'AccessManagerNotReady')).toBe(true);
    await increaseTime(testClient, COMMITTEE_DELAY);
    const { receipt } = await executeProposal(members[2], { committee, proposalId });
    const [accredited] = parseEventLogs({ abi: AccreditationAbi, eventName: 'OrganizationAccredited', logs: receipt.logs });
    expect(accredited?.args).toMatchObject({ org: issuer.account.address, roles: OrgRoles.ISSUER });

    // The other two with the accredit action.
    await accreditOrg(redeemer.account.address, OrgRoles.REDEEMER);
    await accreditOrg(relayer.account.address, OrgRoles.RELAYER);

    const rolesOf = (org: Address) =>
      read({ address: city.accreditation, abi: AccreditationAbi, functionName: 'rolesOf', args: [org] });
    expect(await rolesOf(issuer.account.address)).toBe(OrgRoles.ISSUER);
    expect(await rolesOf(redeemer.account.address)).toBe(OrgRoles.REDEEMER);
    expect(await rolesOf(relayer.account.address)).toBe(OrgRoles.RELAYER);
  });

  it('the redeemer opens an offer and the issuer publishes a task', async () => {
    const metadataHash = keccak256(toBytes('bus pass, one day'));
    ({ offerId } = await createOffer(redeemer, { city, price: PRICE, capacity: CAPACITY, metadataHash }));
    expect(offerId).toBe(1n);
    await startNextPeriod(testClient, city.credit); // capacity backs the cap once on offer since a period began
    const now = await latestTimestamp(testClient);
    const published = await publishTask(issuer, {
      city,
      module: MODULE,
      taskType: PARK_CLEANUP,
      rate: RATE,
      slots: 3,
      end: now + 2n * 24n * 3_600n,
      zone: 'zone.south-berkeley',
      evidenceSchemaHash: EVIDENCE_SCHEMA,
    });
    taskId = published.taskId;
    expect(taskId).toBe(1n);
    const task = await read({ address: city.taskBoard, abi: TaskBoardAbi, functionName: 'task', args: [taskId] });
    expect(task).toMatchObject({
      issuer: issuer.account.address,
      rate: RATE,
      slots: 3,
      claimed: 0,
      moduleId: toId(MODULE),
      taskType: toId(PARK_CLEANUP),
    });
  });

  it('a participant claims, completes with evidence, is verified: $CITY and $VOTE minted 1:1', async () => {
    await claimTask(alice, { city, taskId });
    const evidenceHash = keccak256(toBytes('evidence: alice, park cleanup, 12 bags'));
    const submitted = await submitCompletion(alice, { city, taskId, evidenceHash });
    aliceCompletion = submitted.completionId;
    const stored = await read({
      address: city.taskBoard,
      abi: TaskBoardAbi,
      functionName: 'completion',
      args: [aliceCompletion],
    });
    expect(stored).toMatchObject({ participant: alice.account.address, evidenceHash, status: 1 });

    const verified = await verifyCompletion(issuer, { city, completionId: aliceCompletion });
    expect(verified).toMatchObject({ taskId, participant: alice.account.address, credits: RATE });
    const balances = await getBalances(publicClient, { city, account: alice.account.address });
    expect(balances).toEqual({ credits: RATE, votes: RATE });

    const logs = verified.receipt.logs;
    const [capFixed] = parseEventLogs({ abi: IssuanceControllerAbi, eventName: 'PeriodCapFixed', logs });
    expect(capFixed?.args).toEqual({ period: 1, cap: 60n, capacityValue: PRICE * CAPACITY, ratioBps: 10_000n });
    const [issued] = parseEventLogs({ abi: IssuanceControllerAbi, eventName: 'Issued', logs });
    expect(issued?.args).toEqual({ moduleId: toId(MODULE), period: 1, amount: RATE });
    // Both tokens emit the same ERC-20 Transfer event.
    const transfers = (address: Address) =>
      parseEventLogs({
        abi: CivicCreditAbi,
        eventName: 'Transfer',
        logs: logs.filter((l) => isAddressEqual(l.address, address)),
      }).map((l) => l.args);
    const mint = { from: zeroAddress, to: alice.account.address, value: RATE };
    expect(transfers(city.credit)).toEqual([mint]);
    expect(transfers(city.votes)).toEqual([mint]);
  });

  it('a participant without ETH claims and completes gaslessly, relayed by the accredited relayer', async () => {
    expect(await publicClient.getBalance({ address: bob.account.address })).toBe(0n);

    bobClaim = await signForwardRequest(bob, {
      city,
      to: city.taskBoard,
      data: encodeFunctionData({ abi: TaskBoardAbi, functionName: 'claim', args: [taskId] }),
    });
    expect(bobClaim.nonce).toBe(0n);
    const claimed = await relayForwardRequest(relayer, { city, request: bobClaim });
    expect(claimed).toMatchObject({ signer: bob.account.address, nonce: 0n });
    const [claimEvent] = parseEventLogs({ abi: TaskBoardAbi, eventName: 'TaskClaimed', logs: claimed.receipt.logs });
    expect(claimEvent?.args).toEqual({ taskId, participant: bob.account.address });

    const evidenceHash = keccak256(toBytes('evidence: bob, park cleanup, 9 bags'));
    const submission = await signForwardRequest(bob, {
      city,
      to: city.taskBoard,
      data: encodeFunctionData({ abi: TaskBoardAbi, functionName: 'submitCompletion', args: [taskId, evidenceHash] }),
    });
    expect(submission.nonce).toBe(1n);
    const submitted = await relayForwardRequest(relayer, { city, request: submission });
    const [event] = parseEventLogs({ abi: TaskBoardAbi, eventName: 'CompletionSubmitted', logs: submitted.receipt.logs });
    expect(event?.args).toMatchObject({ taskId, participant: bob.account.address, evidenceHash });
    bobCompletion = event!.args.completionId;

    expect(await publicClient.getBalance({ address: bob.account.address })).toBe(0n);
  });

  it('the issuer verifies a batch; the period cap is reached exactly', async () => {
    await claimTask(carol, { city, taskId });
    const evidenceHash = keccak256(toBytes('evidence: carol, park cleanup, 4 bags'));
    ({ completionId: carolCompletion } = await submitCompletion(carol, { city, taskId, evidenceHash }));

    const { verified } = await verifyBatch(issuer, { city, completionIds: [bobCompletion, carolCompletion] });
    expect(verified).toEqual([
      { completionId: bobCompletion, taskId, participant: bob.account.address, credits: RATE },
      { completionId: carolCompletion, taskId, participant: carol.account.address, credits: RATE },
    ]);
    for (const participant of [bob, carol]) {
      const account = participant.account.address;
      expect(await getBalances(publicClient, { city, account })).toEqual({ credits: RATE, votes: RATE });
    }

    const cap = await read({ address: city.issuance, abi: IssuanceControllerAbi, functionName: 'currentCap' });
    expect(cap).toEqual([1, 60n, 60n]); // period, cap, issued
    expect(await read({ address: city.credit, abi: CivicCreditAbi, functionName: 'totals' })).toEqual([60n, 0n]);
    expect(await read({ address: city.votes, abi: VoteTokenAbi, functionName: 'totalSupply' })).toBe(60n);
  });

  it('a participant redeems: credits burned, votes kept, capacity consumed', async () => {
    const redeemed = await redeem(alice, { city, offerId, units: 1n });
    expect(redeemed).toMatchObject({ credits: PRICE, period: 1 });
    const balances = await getBalances(publicClient, { city, account: alice.account.address });
    expect(balances).toEqual({ credits: RATE - PRICE, votes: RATE });

    const logs = redeemed.receipt.logs.filter((l) => isAddressEqual(l.address, city.credit));
    expect(parseEventLogs({ abi: CivicCreditAbi, eventName: 'Transfer', logs }).map((l) => l.args)).toEqual([
      { from: alice.account.address, to: zeroAddress, value: PRICE },
    ]);
    expect(parseEventLogs({ abi: CivicCreditAbi, eventName: 'Redeemed', logs }).map((l) => l.args)).toEqual([
      { offerId, participant: alice.account.address, period: 1, units: 1n, credits: PRICE },
    ]);
    const remaining = await read({
      address: city.credit,
      abi: CivicCreditAbi,
      functionName: 'remainingCapacity',
      args: [offerId],
    });
    expect(remaining).toBe(CAPACITY - 1n);
    expect(await read({ address: city.credit, abi: CivicCreditAbi, functionName: 'totals' })).toEqual([60n, PRICE]);
    expect(await read({ address: city.credit, abi: CivicCreditAbi, functionName: 'totalSupply' })).toBe(60n - PRICE);
  });

  describe('bad paths', () => {
    it('credits and votes cannot be transferred or approved', async () => {
      // `transfer` and `approve` are `pure` in the ABI (they always revert), so send them as a wallet would.
      const send = (to: Address, data: `0x${string}`) => sendTransaction(alice, { to, data, chain: foundry });
      const erc20 = (abi: typeof CivicCreditAbi | typeof VoteTokenAbi, functionName: 'transfer' | 'approve') =>
        encodeFunctionData({ abi: abi as typeof CivicCreditAbi, functionName, args: [carol.account.address, 1n] });
      for (const functionName of ['transfer', 'approve'] as const) {
        const error = decodeContractRevert(await rejection(send(city.credit, erc20(CivicCreditAbi, functionName))));
        expect(error?.errorName).toBe('CivicCreditNonTransferable');
      }
      const vote = decodeContractRevert(await rejection(send(city.votes, erc20(VoteTokenAbi, 'transfer'))));
      expect(vote?.errorName).toBe('VoteTokenNonTransferable');
      const balances = await getBalances(publicClient, { city, account: alice.account.address });
      expect(balances).toEqual({ credits: RATE - PRICE, votes: RATE });
    });

    it('a verification past the period cap fails with IssuanceControllerCapExceeded', async () => {
      const now = await latestTimestamp(testClient);
      const { taskId: small } = await publishTask(issuer, {
        city,
        module: MODULE,
        taskType: PARK_CLEANUP,
        rate: 5n,
        slots: 1,
        end: now + 24n * 3_600n,
        zone: 'zone.south-berkeley',
        evidenceSchemaHash: EVIDENCE_SCHEMA,
      });
      await claimTask(alice, { city, taskId: small });
      const evidenceHash = keccak256(toBytes('evidence: alice, bench painting'));
      const { completionId } = await submitCompletion(alice, { city, taskId: small, evidenceHash });

      const error = await rejection(verifyCompletion(issuer, { city, completionId }));
      expect(error).toBeInstanceOf(ContractRevertError);
      if (!isContractRevert(error, 'IssuanceControllerCapExceeded')) throw error;
      const [period, cap, issued, requested] = error.args;
      expect({ period, cap, issued, requested }).toEqual({ period: 1, cap: 60n, issued: 60n, requested: 5n });
      expect(error.address).toBe(city.taskBoard); // raised by the issuance controller, decoded at the task board's call
      expect(error.functionName).toBe('verify');
      // Nothing happened: the completion is still pending and no credit was minted.
      const c = await read({ address: city.taskBoard, abi: TaskBoardAbi, functionName: 'completion', args: [completionId] });
      expect(c.status).toBe(1);
      expect((await getBalances(publicClient, { city, account: alice.account.address })).votes).toBe(RATE);
    });

    it('a completion cannot be verified twice', async () => {
      const single = await rejection(verifyCompletion(issuer, { city, completionId: aliceCompletion }));
      expect(isContractRevert(single, 'TaskBoardAlreadyVerified')).toBe(true);
      expect((single as ContractRevertError).args).toEqual([aliceCompletion]);

      const batch = await rejection(verifyBatch(issuer, { city, completionIds: [carolCompletion] }));
      expect(isContractRevert(batch, 'TaskBoardAlreadyVerified')).toBe(true);
      expect((batch as ContractRevertError).args).toEqual([carolCompletion]);
    });

    it('a replayed forward request fails with ERC2771ForwarderInvalidSigner', async () => {
      // The forwarder recovers the signer against the current nonce, which has moved on: a different address.
      const error = await rejection(relayForwardRequest(relayer, { city, request: bobClaim }));
      if (!isContractRevert(error, 'ERC2771ForwarderInvalidSigner')) throw error;
      const [recovered, from] = error.args;
      expect(from).toBe(bob.account.address);
      expect(recovered).not.toBe(bob.account.address);
    });

    it('an expired forward request fails with ERC2771ForwarderExpiredRequest', async () => {
      const now = await latestTimestamp(testClient);
      const { taskId: open } = await publishTask(issuer, {
        city,
        module: MODULE,
        taskType: PARK_CLEANUP,
        rate: 5n,
        slots: 2,
        end: now + 24n * 3_600n,
        zone: 'zone.north-berkeley',
        evidenceSchemaHash: EVIDENCE_SCHEMA,
      });
      const deadline = Number(now) + 60;
      const request = await signForwardRequest(bob, {
        city,
        to: city.taskBoard,
        data: encodeFunctionData({ abi: TaskBoardAbi, functionName: 'claim', args: [open] }),
        deadline,
      });
      await increaseTime(testClient, 120);
      const error = await rejection(relayForwardRequest(relayer, { city, request }));
      if (!isContractRevert(error, 'ERC2771ForwarderExpiredRequest')) throw error;
      expect(error.args).toEqual([deadline]);
    });

    it('only accredited organizations relay, and a forwarded call reports its own error', async () => {
      const claimAgain = (gas: bigint): Promise<SignedForwardRequest> =>
        signForwardRequest(bob, {
          city,
          to: city.taskBoard,
          data: encodeFunctionData({ abi: TaskBoardAbi, functionName: 'claim', args: [taskId] }),
          gas,
        });

      const unaccredited = await rejection(relayForwardRequest(carol, { city, request: await claimAgain(200_000n) }));
      if (!isContractRevert(unaccredited, 'CityForwarderUnauthorizedRelayer')) throw unaccredited;
      expect(unaccredited.args).toEqual([carol.account.address]);

      // Bob already claimed the task: the forwarder only says FailedCall(); the action replays the call to name it.
      const inner = await rejection(relayForwardRequest(relayer, { city, request: await claimAgain(200_000n) }));
      if (!isContractRevert(inner, 'TaskBoardAlreadyClaimed')) throw inner;
      expect(inner.args).toEqual([taskId, bob.account.address]);
      expect(inner.functionName).toBe('claim');
      expect(isContractRevert(inner.cause, 'FailedCall')).toBe(true);

      // Signing with an estimated gas fails up front with the same error.
      const data = encodeFunctionData({ abi: TaskBoardAbi, functionName: 'claim', args: [taskId] });
      const upFront = await rejection(signForwardRequest(bob, { city, to: city.taskBoard, data }));
      expect(isContractRevert(upFront, 'TaskBoardAlreadyClaimed')).toBe(true);
    });

    it('a redemption past the offer capacity fails with RedemptionDeskCapacityExceeded', async () => {
      const error = await rejection(redeem(carol, { city, offerId, units: CAPACITY }));
      if (!isContractRevert(error, 'RedemptionDeskCapacityExceeded')) throw error;
      expect(error.args).toEqual([offerId, 1, CAPACITY - 1n, CAPACITY]);
      const balances = await getBalances(publicClient, { city, account: carol.account.address });
      expect(balances).toEqual({ credits: RATE, votes: RATE });
    });
  });
});
