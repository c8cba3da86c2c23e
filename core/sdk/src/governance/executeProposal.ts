import { type Address, type Hash, type TransactionReceipt, encodeFunctionData } from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { CommitteeAbi } from '@citysync/contracts';
import { firstEventOf, sendCall } from '../internal/send.js';
import type { CityWalletClient } from '../types/client.js';

export type ExecuteProposalParameters = {
  committee: Address;
  proposalId: bigint;
};

export type ExecuteProposalReturnType = {
  hash: Hash;
  /** Includes the events of the executed call. */
  receipt: TransactionReceipt;
};

/** `AccessManagerNotReady` before the delay has passed, `CommitteeWrongState` if not scheduled, ... */
export type ExecuteProposalErrorType = CityWriteErrorType;

/** Executes a scheduled committee proposal whose delay has passed. Anyone may: the decision is made. */
export async function executeProposal(
  client: CityWalletClient,
  parameters: ExecuteProposalParameters,
): Promise<ExecuteProposalReturnType> {
  const { committee, proposalId } = parameters;
  const receipt = await sendCall(client, {
    to: committee,
    data: encodeFunctionData({ abi: CommitteeAbi, functionName: 'execute', args: [proposalId] }),
    functionName: 'execute',
  });
  firstEventOf(receipt, CommitteeAbi, 'ProposalExecuted', committee);
  return { hash: receipt.transactionHash, receipt };
}
