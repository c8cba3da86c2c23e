// The role actions beyond the pilot's (revoke, close, reject, k-of-n approval, offer updates, committee cancel),
// the readers, and resident governance, on one anvil and one city. Each action: its success path and its main
// revert, decoded.
import { encodeFunctionData, keccak256, parseEventLogs, toBytes } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AccreditationAbi, IssuanceControllerAbi, TaskBoardAbi } from '@citysync/contracts';
import { OrgRoles, approveCompletion, approveProposal, cancelProposal, castVote, claimTask, closeOffer, closeTask, createOffer, delegateVotes, executeProposal, executeResidentProposal, getBalances, getCompletion, getOffer, getProposal, getResidentProposal, getTask, isContractRevert, proposeToCommittee, proposeToResidents, publishTask, quoteRedemption, redeem, rejectCompletion, revokeAccreditation, submitCompletion, updateOffer, verifyCompletion, type CityWalletClient } from '@citysync/sdk';
import { increaseTime, latestTimestamp, passProposal } from '../../../test/utils/chain.js';
import { GOVERNOR, MODULE, type TestCity, createTestCity, rejection } from '../../../test/utils/testCity.js';

let t: TestCity;

beforeAll(async () => {
  t = await createTestCity();
});

afterAll(async () => {
  await t?.stop();
});

async function publish(options: { slots?: number; verifiersRequired?: number; rate?: bigint } = {}) {
  const now = await latestTimestamp(t.testClient);
  const { taskId } = await publishTask(t.issuer, {
    city: t.city,
    module: MODULE,
    taskType: 'park-cleanup',
    rate: options.rate ?? 10n,
    slots: options.slots ?? 3,
    end: now + 24n * 3_600n,
    zone: 'zone.test',
    evidenceSchemaHash: keccak256(toBytes('evidence.schema.v1')),
    verifiersRequired: options.verifiersRequired,
  });
  return taskId;
}

async function completeAs(participant: CityWalletClient, taskId: bigint, evidence: string) {
  await claimTask(participant, { city: t.city, taskId });
  const { completionId } = await submitCompletion(participant, {
    city: t.city,
    taskId,
    evidenceHash: keccak256(toBytes(evidence)),
  });
  return completionId;
}

describe('accreditation', () => {
  it('revokeAccreditation removes every role once the committee has decided', async () => {
    const org = t.wallet(12).account.address;
    await t.accreditOrg(org, OrgRoles.ISSUER | OrgRoles.VERIFIER);
    const { proposalId } = await revokeAccreditation(t.members[0], { city: t.city, org });
    const { receipt } = await passProposal(t.testClient, {
      committee: t.city.committees.accreditation,
      proposalId,
      approvers: [t.members[1]],
      executor: t.members[2],
    });
    const [revoked] = parseEventLogs({ abi: AccreditationAbi, eventName: 'OrganizationRevoked', logs: receipt.logs });
    expect(revoked?.args.org).toBe(org);
    const roles = await t.publicClient.readContract({
      address: t.city.taskBoard,
      abi: TaskBoardAbi,
      functionName: 'rolesOf',
      args: [org],
    });
    expect(roles).toBe(0);
  });

  it('revokeAccreditation by a non-member fails with CommitteeNotMember', async () => {
    const error = await rejection(revokeAccreditation(t.participant, { city: t.city, org: t.issuer.account.address }));
    if (!isContractRevert(error, 'CommitteeNotMember')) throw error;
    expect(error.args).toEqual([t.participant.account.address]);
  });
});

describe('tasks', () => {
  it('getTask reads a published task; an unknown id fails with TaskBoardUnknownTask', async () => {
    const taskId = await publish({ slots: 4, rate: 7n });
    const task = await getTask(t.publicClient, { city: t.city, taskId });
    expect(task).toMatchObject({
      taskId,
      issuer: t.issuer.account.address,
      rate: 7n,
      slots: 4,
      claimed: 0,
      verifiersRequired: 0,
    });
    expect(task.end - task.start).toBeGreaterThan(0n);
    const error = await rejection(getTask(t.publicClient, { city: t.city, taskId: 999n }));
    if (!isContractRevert(error, 'TaskBoardUnknownTask')) throw error;
    expect(error.args).toEqual([999n]);
  });

  it('closeTask ends the window now: claims then fail with TaskBoardOutsideWindow', async () => {
    const taskId = await publish();
    const { end } = await closeTask(t.issuer, { city: t.city, taskId });
    expect(end).toBe(await latestTimestamp(t.testClient));
    expect((await getTask(t.publicClient, { city: t.city, taskId })).end).toBe(end);
    const late = await rejection(claimTask(t.participant, { city: t.city, taskId }));
    expect(isContractRevert(late, 'TaskBoardOutsideWindow')).toBe(true);
  });

  it('closeTask by anyone but the issuer fails with TaskBoardNotTaskIssuer', async () => {
    const taskId = await publish();
    const error = await rejection(closeTask(t.participant, { city: t.city, taskId }));
    if (!isContractRevert(error, 'TaskBoardNotTaskIssuer')) throw error;
    expect(error.args).toEqual([taskId, t.participant.account.address]);
  });

  it('rejectCompletion records the reason code; nothing is minted; a second rejection fails', async () => {
    const taskId = await publish();
    const completionId = await completeAs(t.participant, taskId, 'blurry photos');
    const before = await getBalances(t.publicClient, { city: t.city, account: t.participant.account.address });
    const { receipt } = await rejectCompletion(t.issuer, { city: t.city, completionId, reasonCode: 7 });
    const [event] = parseEventLogs({ abi: TaskBoardAbi, eventName: 'CompletionRejected', logs: receipt.logs });
    expect(event?.args).toEqual({ completionId, by: t.issuer.account.address, reasonCode: 7 });
    expect(await getCompletion(t.publicClient, { city: t.city, completionId })).toMatchObject({
      completionId,
      taskId,
      participant: t.participant.account.address,
      status: 'rejected',
    });
    expect(await getBalances(t.publicClient, { city: t.city, account: t.participant.account.address })).toEqual(before);

    const again = await rejection(rejectCompletion(t.issuer, { city: t.city, completionId, reasonCode: 1 }));
    if (!isContractRevert(again, 'TaskBoardAlreadyRejected')) throw again;
    expect(again.args).toEqual([completionId]);
  });

  it('approveCompletion: the k-th distinct verifier approval verifies and mints', async () => {
    const taskId = await publish({ verifiersRequired: 2, rate: 12n });
    const completionId = await completeAs(t.participant, taskId, 'k-of-n evidence');
    const before = await getBalances(t.publicClient, { city: t.city, account: t.participant.account.address });

    const first = await approveCompletion(t.verifiers[0], { city: t.city, completionId });
    expect(first).toMatchObject({ approvals: 1, verified: undefined });
    expect((await getCompletion(t.publicClient, { city: t.city, completionId })).status).toBe('submitted');

    const twice = await rejection(approveCompletion(t.verifiers[0], { city: t.city, completionId }));
    if (!isContractRevert(twice, 'TaskBoardAlreadyVoted')) throw twice;
    expect(twice.args).toEqual([completionId, t.verifiers[0].account.address]);

    const second = await approveCompletion(t.verifiers[1], { city: t.city, completionId });
    expect(second).toMatchObject({
      approvals: 2,
      verified: { taskId, participant: t.participant.account.address, credits: 12n },
    });
    const completion = await getCompletion(t.publicClient, { city: t.city, completionId });
    expect(completion).toMatchObject({ status: 'verified', approvals: 2 });
    const after = await getBalances(t.publicClient, { city: t.city, account: t.participant.account.address });
    expect(after.credits - before.credits).toBe(12n);
  });

  it('approveCompletion by a non-verifier fails with TaskBoardNotVerifier; an issuer task with TaskBoardIssuerVerifiesAlone', async () => {
    const taskId = await publish();
    const completionId = await completeAs(t.participant, taskId, 'issuer-verified');
    const notVerifier = await rejection(approveCompletion(t.participant, { city: t.city, completionId }));
    expect(isContractRevert(notVerifier, 'TaskBoardNotVerifier')).toBe(true);
    const alone = await rejection(approveCompletion(t.verifiers[0], { city: t.city, completionId }));
    expect(isContractRevert(alone, 'TaskBoardIssuerVerifiesAlone')).toBe(true);
    await verifyCompletion(t.issuer, { city: t.city, completionId });
  });

  it('getCompletion of an unknown id fails with TaskBoardUnknownCompletion', async () => {
    const error = await rejection(getCompletion(t.publicClient, { city: t.city, completionId: 10_000n }));
    expect(isContractRevert(error, 'TaskBoardUnknownCompletion')).toBe(true);
  });
});

describe('offers', () => {
  it('updateOffer changes price and capacity; closeOffer stops redemptions', async () => {
    const { offerId } = await createOffer(t.redeemer, {
      city: t.city,
      price: 5n,
      capacity: 10n,
      metadataHash: keccak256(toBytes('museum entry')),
    });
    await updateOffer(t.redeemer, { city: t.city, offerId, price: 4n, capacity: 20n });
    expect(await getOffer(t.publicClient, { city: t.city, offerId })).toMatchObject({
      offerId,
      redeemer: t.redeemer.account.address,
      price: 4n,
      capacity: 20n,
      remaining: 20n,
      window: undefined,
      open: true,
      metadataHash: keccak256(toBytes('museum entry')),
    });

    await closeOffer(t.redeemer, { city: t.city, offerId });
    expect(await getOffer(t.publicClient, { city: t.city, offerId })).toMatchObject({ open: false, remaining: 0n });
    const closed = await rejection(redeem(t.participant, { city: t.city, offerId, units: 1n }));
    expect(isContractRevert(closed, 'RedemptionDeskOfferClosed')).toBe(true);
    const again = await rejection(closeOffer(t.redeemer, { city: t.city, offerId }));
    expect(isContractRevert(again, 'RedemptionDeskOfferClosed')).toBe(true);
  });

  it('redeem refuses to burn more than maxCredits when the price rose after the quote', async () => {
    const { offerId } = await createOffer(t.redeemer, { city: t.city, price: 5n, capacity: 10n, metadataHash: keccak256(toBytes('bike rental')) });
    const maxCredits = await quoteRedemption(t.publicClient, { city: t.city, offerId, units: 2n });
    expect(maxCredits).toBe(10n);
    await updateOffer(t.redeemer, { city: t.city, offerId, price: 9n, capacity: 10n });
    const error = await rejection(redeem(t.participant, { city: t.city, offerId, units: 2n, maxCredits }));
    expect(isContractRevert(error, 'RedemptionDeskCreditsAboveLimit')).toBe(true);
  });

  it("updateOffer of another redeemer's offer fails with RedemptionDeskNotOfferOwner", async () => {
    const error = await rejection(updateOffer(t.participant, { city: t.city, offerId: 1n, price: 4n, capacity: 20n }));
    if (!isContractRevert(error, 'RedemptionDeskNotOfferOwner')) throw error;
    expect(error.args).toEqual([1n, t.participant.account.address]);
    const unknown = await rejection(getOffer(t.publicClient, { city: t.city, offerId: 999n }));
    expect(isContractRevert(unknown, 'RedemptionDeskUnknownOffer')).toBe(true);
  });
});

describe('committees', () => {
  const setBounds = () =>
    encodeFunctionData({ abi: IssuanceControllerAbi, functionName: 'setCoverageBounds', args: [6_000n, 14_000n] });

  it('cancelProposal on a scheduled proposal is a vote: one member cannot cancel, the threshold does', async () => {
    const committee = t.city.committees.issuance;
    const { proposalId } = await proposeToCommittee(t.members[0], {
      committee,
      target: t.city.issuance,
      data: setBounds(),
    });
    expect(await getProposal(t.publicClient, { committee, proposalId })).toMatchObject({
      state: 'pending',
      approvals: 1,
      threshold: 2,
      readyAt: undefined,
      target: t.city.issuance,
    });
    const { scheduled } = await approveProposal(t.members[1], { committee, proposalId });
    expect((await getProposal(t.publicClient, { committee, proposalId })).readyAt).toBe(scheduled?.readyAt);

    const vote = await cancelProposal(t.members[2], { committee, proposalId });
    expect(vote).toMatchObject({ cancelled: false, cancelApprovals: 1n });
    expect(await getProposal(t.publicClient, { committee, proposalId })).toMatchObject({
      state: 'scheduled',
      cancelApprovals: 1,
      proposer: t.members[0].account.address,
    });
    const again = await rejection(cancelProposal(t.members[2], { committee, proposalId }));
    if (!isContractRevert(again, 'CommitteeAlreadyApproved')) throw again;
    expect(await cancelProposal(t.members[0], { committee, proposalId })).toMatchObject({ cancelled: true, cancelApprovals: 2n });
    expect((await getProposal(t.publicClient, { committee, proposalId })).state).toBe('cancelled');
    await increaseTime(t.testClient, 3_600);
    const late = await rejection(executeProposal(t.members[0], { committee, proposalId }));
    if (!isContractRevert(late, 'CommitteeWrongState')) throw late;
    expect(late.args).toEqual([proposalId, 4]);
  });

  it('cancelProposal by a non-member fails with CommitteeNotMember, by another member with CommitteeNotProposer; an unknown proposal with CommitteeUnknownProposal', async () => {
    const committee = t.city.committees.issuance;
    const { proposalId } = await proposeToCommittee(t.members[0], {
      committee,
      target: t.city.issuance,
      data: setBounds(),
    });
    const error = await rejection(cancelProposal(t.participant, { committee, proposalId }));
    expect(isContractRevert(error, 'CommitteeNotMember')).toBe(true);
    // Another member cannot withdraw it; its proposer can.
    const notProposer = await rejection(cancelProposal(t.members[1], { committee, proposalId }));
    if (!isContractRevert(notProposer, 'CommitteeNotProposer')) throw notProposer;
    expect(notProposer.args).toEqual([proposalId, t.members[1].account.address]);
    expect(await cancelProposal(t.members[0], { committee, proposalId })).toMatchObject({ cancelled: true, cancelApprovals: undefined });
    const unknown = await rejection(getProposal(t.publicClient, { committee, proposalId: 999n }));
    expect(isContractRevert(unknown, 'CommitteeUnknownProposal')).toBe(true);
  });
});

describe('resident governance', () => {
  const description = 'Raise the coverage ratio to 90%';
  let calls: { targets: `0x${string}`[]; calldatas: `0x${string}`[]; description: string };
  let proposalId: bigint;

  it('a resident without delegated votes cannot propose: GovernorInsufficientProposerVotes', async () => {
    calls = {
      targets: [t.city.issuance],
      calldatas: [encodeFunctionData({ abi: IssuanceControllerAbi, functionName: 'setCoverageRatio', args: [9_000n] })],
      description,
    };
    const error = await rejection(proposeToResidents(t.participant, { city: t.city, ...calls }));
    if (!isContractRevert(error, 'GovernorInsufficientProposerVotes')) throw error;
    expect(error.args[0]).toBe(t.participant.account.address);
  });

  it('delegate, propose, vote, execute: the coverage ratio moves', async () => {
    const { votes } = await getBalances(t.publicClient, { city: t.city, account: t.participant.account.address });
    expect(votes).toBeGreaterThan(0n);
    const { delegatee } = await delegateVotes(t.participant, { city: t.city });
    expect(delegatee).toBe(t.participant.account.address);
    await increaseTime(t.testClient, 1);

    const proposed = await proposeToResidents(t.participant, { city: t.city, ...calls });
    proposalId = proposed.proposalId;
    expect(proposed.voteEnd - proposed.voteStart).toBe(BigInt(GOVERNOR.votingPeriod));
    const pending = await getResidentProposal(t.publicClient, { city: t.city, proposalId });
    expect(pending).toMatchObject({ state: 'pending', proposer: t.participant.account.address, quorum: undefined });

    const early = await rejection(castVote(t.participant, { city: t.city, proposalId, support: 'for' }));
    expect(isContractRevert(early, 'GovernorUnexpectedProposalState')).toBe(true);

    await increaseTime(t.testClient, GOVERNOR.votingDelay + 1);
    const { weight, receipt } = await castVote(t.participant, {
      city: t.city,
      proposalId,
      support: 'for',
      reason: 'more credits for more work',
    });
    expect(weight).toBe(votes);
    expect(receipt.logs.length).toBeGreaterThan(0);
    const twice = await rejection(castVote(t.participant, { city: t.city, proposalId, support: 'against' }));
    expect(isContractRevert(twice, 'GovernorAlreadyCastVote')).toBe(true);
    const active = await getResidentProposal(t.publicClient, { city: t.city, proposalId });
    expect(active).toMatchObject({ state: 'active', votes: { for: votes, against: 0n, abstain: 0n } });
    expect(active.quorum).toBeTypeOf('bigint');

    await increaseTime(t.testClient, GOVERNOR.votingPeriod + 1);
    expect((await getResidentProposal(t.publicClient, { city: t.city, proposalId })).state).toBe('succeeded');
    const executed = await executeResidentProposal(t.members[0], { city: t.city, ...calls });
    expect(executed.proposalId).toBe(proposalId);
    const [ratioBps] = await t.publicClient.readContract({
      address: t.city.issuance,
      abi: IssuanceControllerAbi,
      functionName: 'coverage',
    });
    expect(ratioBps).toBe(9_000n);
    expect((await getResidentProposal(t.publicClient, { city: t.city, proposalId })).state).toBe('executed');
  });

  it('an executed proposal cannot be executed again: GovernorUnexpectedProposalState', async () => {
    const error = await rejection(executeResidentProposal(t.members[0], { city: t.city, ...calls }));
    expect(isContractRevert(error, 'GovernorUnexpectedProposalState')).toBe(true);
  });
});
