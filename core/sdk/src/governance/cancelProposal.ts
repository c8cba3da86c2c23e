import { type Address, type Hash, type TransactionReceipt, encodeFunctionData } from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { CommitteeAbi } from '@citysync/contracts';
import { eventsOf, sendCall } from '../internal/send.js';
import type { CityWalletClient } from '../types/client.js';

export type CancelProposalParameters = {
  committee: Address;
  proposalId: bigint;
};

export type CancelProposalReturnType = {
  /** True when this call cancelled the proposal (a withdrawal, the threshold-th vote, or a stale schedule cleared). */
  cancelled: boolean;
  /** Votes to cancel a scheduled proposal so far, this one included; undefined for a withdrawal or stale clear. */
  cancelApprovals: bigint | undefined;
  hash: Hash;
  receipt: TransactionReceipt;
};

/**
 * `CommitteeNotMember`, `CommitteeNotProposer` (a pending proposal is withdrawn only by its proposer),
 * `CommitteeAlreadyApproved` (this member already voted to cancel), `CommitteeWrongState` (already executed or
 * cancelled), `CommitteeUnknownProposal`.
 */
export type CancelProposalErrorType = CityWriteErrorType;

/**
 * Withdraws the client's own pending committee proposal, or votes to cancel a scheduled one during its delay: the
 * committee's threshold of votes cancels it (also at the AccessManager), so no single member can veto a decision.
 * A guardian cancels at the AccessManager instead.
 *
 * @example
 * const { cancelled, cancelApprovals } = await cancelProposal(member, { committee, proposalId: 3n });
 */
export async function cancelProposal(
  client: CityWalletClient,
  parameters: CancelProposalParameters,
): Promise<CancelProposalReturnType> {
  const { committee, proposalId } = parameters;
  const receipt = await sendCall(client, {
    to: committee,
    data: encodeFunctionData({ abi: CommitteeAbi, functionName: 'cancel', args: [proposalId] }),
    functionName: 'cancel',
  });
  const [vote] = eventsOf(receipt, CommitteeAbi, 'CancellationApproved', committee);
  const cancelled = eventsOf(receipt, CommitteeAbi, 'ProposalCancelled', committee).length > 0;
  return { cancelled, cancelApprovals: vote?.args.approvals, hash: receipt.transactionHash, receipt };
}
