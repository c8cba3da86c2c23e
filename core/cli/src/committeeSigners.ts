// `--account` proposes, `--approve-as` approves (embedded chain): shared by every command that sends one committee
// decision and may carry it through to execution (dpan org accredit, dpan vault split).
import { type Address, type LocalAccount, isAddressEqual } from 'viem';
import { readContract } from 'viem/actions';

import { CommitteeAbi } from '@citysync/contracts';
import { approveProposal } from '@citysync/sdk';
import { executeProposal } from '@citysync/sdk';
import type { CityReadClient } from '@citysync/sdk';
import type { OpenedCity } from './context.js';
import { assertSigners, walletOf } from './context.js';
import { embeddedCommittees } from './embeddedCommittees.js';
import { CliUsageError } from './errors.js';

/**
 * Refuses, before anything is sent, a signer that is not a member of the committee it acts for (a dev account on a
 * chain that is not the embedded one first, since that is the likelier mistake). Returns the members and threshold.
 */
export async function assertCommitteeMember(
  connection: OpenedCity,
  member: { name: string; committee: Address; account: LocalAccount },
): Promise<{ members: readonly Address[]; threshold: bigint }> {
  assertSigners(connection, [member.account]);
  const [members, threshold] = await readContract(connection.publicClient, {
    address: member.committee,
    abi: CommitteeAbi,
    functionName: 'membership',
  });
  if (!members.some((m) => isAddressEqual(m, member.account.address))) {
    throw new CliUsageError(`${member.account.address} is not a member of the ${member.name} committee; nothing was sent.`, {
      details: `Members: ${members.join(', ')}. Sign as one of them: --keystore <file> (or --account <index> on the embedded chain).`,
    });
  }
  return { members, threshold };
}

export type CommitteeSigners = {
  /** e.g. "vault": named in the refusals. */
  name: string;
  committee: Address;
  proposer: LocalAccount;
  approvers: readonly LocalAccount[];
};

/**
 * Checks, before anything is sent, that the proposer and every approver are distinct members of the committee and,
 * when approvers are given, that together they reach its threshold. Returns the threshold.
 */
export async function checkCommitteeSigners(client: CityReadClient, signers: CommitteeSigners): Promise<bigint> {
  const { name, committee, proposer, approvers } = signers;
  const [members, threshold] = await readContract(client, { address: committee, abi: CommitteeAbi, functionName: 'membership' });
  const all = [proposer, ...approvers];
  for (const signer of all) {
    if (!members.some((member) => isAddressEqual(member, signer.address))) {
      throw new CliUsageError(`${signer.address} is not a member of the ${name} committee.`, {
        details: `Members: ${members.join(', ')}. Sign as a member: --keystore <file>${approvers.length > 0 ? ' (on the embedded chain: --account and --approve-as)' : ' (or --account <index> on the embedded chain)'}.`,
      });
    }
  }
  if (new Set(all.map((s) => s.address)).size !== all.length) {
    throw new CliUsageError('--account and --approve-as must name different members: each approves once.');
  }
  if (approvers.length > 0 && BigInt(all.length) < threshold) {
    throw new CliUsageError(`The ${name} committee needs ${threshold} approvals: --approve-as names only ${approvers.length} besides --account.`);
  }
  return threshold;
}

export type CarriedDecision = { approvals: number; executed: boolean; readyAt?: number | undefined };

/**
 * Has the approvers approve `proposalId` until it is scheduled; then (embedded chain) moves the clock past the
 * committee's delay and executes it as the proposer. Without enough approvers it stops where the decision stands.
 */
export async function approveAndExecute(
  connection: OpenedCity,
  signers: CommitteeSigners & { proposalId: bigint; command: string },
): Promise<CarriedDecision> {
  const { committee, proposer, approvers, proposalId, command } = signers;
  let approvals = 1;
  let readyAt: number | undefined;
  for (const approver of approvers) {
    if (readyAt !== undefined) break;
    const approval = await approveProposal(walletOf(connection, approver), { committee, proposalId });
    approvals = Number(approval.approvals);
    readyAt = approval.scheduled?.readyAt;
  }
  if (readyAt === undefined) return { approvals, executed: false };
  await embeddedCommittees(connection, undefined, command).waitForDelay(readyAt);
  await executeProposal(walletOf(connection, proposer), { committee, proposalId });
  return { approvals, executed: true, readyAt };
}
