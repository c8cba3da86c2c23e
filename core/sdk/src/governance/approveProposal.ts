import { type Address, type Hash, type Hex, type TransactionReceipt, encodeFunctionData } from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { CommitteeAbi } from '@citysync/contracts';
import { eventsOf, firstEventOf, sendCall } from '../internal/send.js';
import type { CityWalletClient } from '../types/client.js';

export type ApproveProposalParameters = {
  committee: Address;
  proposalId: bigint;
};

export type ApproveProposalReturnType = {
  /** Approvals so far, this one included. */
  approvals: bigint;
  /** Set when this approval reached the threshold and scheduled the call on the AccessManager. */
  scheduled: { operationId: Hex; /** Unix time from which {@link executeProposal} succeeds. */ readyAt: number } | undefined;
  hash: Hash;
  receipt: TransactionReceipt;
};

export type ApproveProposalErrorType = CityWriteErrorType;

/** Approves a pending committee proposal as the client's account (a member, once). */
export async function approveProposal(
  client: CityWalletClient,
  parameters: ApproveProposalParameters,
): Promise<ApproveProposalReturnType> {
  const { committee, proposalId } = parameters;
  const receipt = await sendCall(client, {
    to: committee,
    data: encodeFunctionData({ abi: CommitteeAbi, functionName: 'approve', args: [proposalId] }),
    functionName: 'approve',
  });
  const { approvals } = firstEventOf(receipt, CommitteeAbi, 'ProposalApproved', committee).args;
  const [event] = eventsOf(receipt, CommitteeAbi, 'ProposalScheduled', committee);
  const scheduled = event === undefined ? undefined : { operationId: event.args.operationId, readyAt: event.args.readyAt };
  return { approvals, scheduled, hash: receipt.transactionHash, receipt };
}
