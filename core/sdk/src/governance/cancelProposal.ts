import { type Address, type Hash, type TransactionReceipt, encodeFunctionData } from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { CommitteeAbi } from '@citysync/contracts';
import { firstEventOf, sendCall } from '../internal/send.js';
import type { CityWalletClient } from '../types/client.js';

export type CancelProposalParameters = {
  committee: Address;
  proposalId: bigint;
};

export type CancelProposalReturnType = { hash: Hash; receipt: TransactionReceipt };

/** `CommitteeNotMember`, `CommitteeWrongState` (already executed or cancelled), `CommitteeUnknownProposal`. */
export type CancelProposalErrorType = CityWriteErrorType;

/**
 * Withdraws a pending committee proposal, or cancels a scheduled one during its delay (also at the AccessManager),
 * as a member of the committee. A guardian cancels at the AccessManager instead.
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
  firstEventOf(receipt, CommitteeAbi, 'ProposalCancelled', committee);
  return { hash: receipt.transactionHash, receipt };
}
