import { type Hash, type TransactionReceipt, encodeFunctionData } from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { TaskBoardAbi } from '@citysync/contracts';
import { firstEventOf, sendCall } from '../internal/send.js';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';

export type ClaimTaskParameters = { city: Pick<CityContracts, 'taskBoard'>; taskId: bigint };

export type ClaimTaskReturnType = { hash: Hash; receipt: TransactionReceipt };

/** `TaskBoardOutsideWindow`, `TaskBoardNoSlotsLeft`, `TaskBoardAlreadyClaimed`, `TaskBoardClaimGated`, ... */
export type ClaimTaskErrorType = CityWriteErrorType;

/**
 * Claims a slot of a task for the client's account. (A participant without gas signs the same call with
 * {@link signForwardRequest} and an accredited organization relays it.)
 */
export async function claimTask(client: CityWalletClient, parameters: ClaimTaskParameters): Promise<ClaimTaskReturnType> {
  const { city, taskId } = parameters;
  const receipt = await sendCall(client, {
    to: city.taskBoard,
    data: encodeFunctionData({ abi: TaskBoardAbi, functionName: 'claim', args: [taskId] }),
    functionName: 'claim',
  });
  firstEventOf(receipt, TaskBoardAbi, 'TaskClaimed', city.taskBoard);
  return { hash: receipt.transactionHash, receipt };
}
