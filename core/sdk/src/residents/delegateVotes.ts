import { type Address, type Hash, type TransactionReceipt, encodeFunctionData } from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { VoteTokenAbi } from '@citysync/contracts';
import { firstEventOf, sendCall } from '../internal/send.js';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';

export type DelegateVotesParameters = {
  city: Pick<CityContracts, 'votes'>;
  /** Who votes with the account's $VOTE. Default: the account itself (needed once before it can vote or propose). */
  delegatee?: Address | undefined;
};

export type DelegateVotesReturnType = { delegatee: Address; hash: Hash; receipt: TransactionReceipt };

export type DelegateVotesErrorType = CityWriteErrorType;

/**
 * Delegates the client's account's $VOTE. Votes count from the delegation's timestamp on (checkpoints): delegate
 * before a proposal's snapshot to vote on it, and at least a second before proposing to meet the threshold.
 */
export async function delegateVotes(
  client: CityWalletClient,
  parameters: DelegateVotesParameters,
): Promise<DelegateVotesReturnType> {
  const { city } = parameters;
  const delegatee = parameters.delegatee ?? client.account.address;
  const receipt = await sendCall(client, {
    to: city.votes,
    data: encodeFunctionData({ abi: VoteTokenAbi, functionName: 'delegate', args: [delegatee] }),
    functionName: 'delegate',
  });
  firstEventOf(receipt, VoteTokenAbi, 'DelegateChanged', city.votes);
  return { delegatee, hash: receipt.transactionHash, receipt };
}
