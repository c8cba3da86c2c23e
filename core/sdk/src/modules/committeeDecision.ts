import { type Address, type Hex, isAddressEqual } from 'viem';
import { readContract } from 'viem/actions';

import { CommitteeAbi } from '@citysync/contracts';
import { approveProposal } from '../governance/approveProposal.js';
import { executeProposal } from '../governance/executeProposal.js';
import { proposeToCommittee } from '../governance/proposeToCommittee.js';
import type { CityWalletClient } from '../types/client.js';
import { ModuleIncompatibleError } from './errors.js';

/** Waits until the chain's clock reaches `readyAt` (Unix seconds): a committee's delay. */
export type WaitForDelay = (readyAt: number) => Promise<void>;

export type CommitteeCall = { target: Address; data: Hex; description: string };

export type ScheduledDecision = CommitteeCall & { proposalId: bigint; readyAt: number };

/**
 * Checks, before anything is sent, that `members` are members of `committee` and enough of them to reach its
 * threshold, so a wrong wallet fails the install before its first transaction.
 */
export async function checkCommitteeMembers(
  client: CityWalletClient,
  committee: Address,
  committeeName: string,
  members: readonly CityWalletClient[],
): Promise<void> {
  const [onChain, threshold] = await readContract(client, { address: committee, abi: CommitteeAbi, functionName: 'membership' });
  for (const member of members) {
    if (!onChain.some((m) => isAddressEqual(m, member.account.address))) {
      throw new ModuleIncompatibleError(`${member.account.address} is not a member of the ${committeeName} committee.`, {
        details: `Members: ${onChain.join(', ')}.`,
      });
    }
  }
  if (BigInt(new Set(members.map((m) => m.account.address.toLowerCase())).size) < threshold) {
    throw new ModuleIncompatibleError(
      `The ${committeeName} committee needs ${threshold} approvals; ${members.length} distinct member wallet(s) were given.`,
      { details: `Pass at least ${threshold} of its members for the ${committeeName} committee.` },
    );
  }
}

/** Proposes `call` as the first member, then the others approve in turn until it is scheduled. */
export async function scheduleDecision(
  committee: Address,
  members: readonly CityWalletClient[],
  call: CommitteeCall,
): Promise<ScheduledDecision> {
  const [proposer, ...approvers] = members;
  if (proposer === undefined) throw new ModuleIncompatibleError('No committee member wallet was given.');
  const { proposalId } = await proposeToCommittee(proposer, { committee, ...call });
  for (const approver of approvers) {
    const { scheduled } = await approveProposal(approver, { committee, proposalId });
    if (scheduled !== undefined) return { ...call, proposalId, readyAt: scheduled.readyAt };
  }
  throw new ModuleIncompatibleError(`Proposal ${proposalId} did not reach the committee's threshold.`);
}

/** Waits out the latest delay among `decisions`, then executes each. */
export async function executeDecisions(
  executor: CityWalletClient,
  committeeOf: (decision: ScheduledDecision) => Address,
  decisions: readonly ScheduledDecision[],
  waitForDelay: WaitForDelay,
): Promise<void> {
  if (decisions.length === 0) return;
  await waitForDelay(Math.max(...decisions.map((d) => d.readyAt)));
  for (const decision of decisions) {
    await executeProposal(executor, { committee: committeeOf(decision), proposalId: decision.proposalId });
  }
}
