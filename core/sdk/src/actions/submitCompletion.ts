import { type Hash, type Hex, type TransactionReceipt, encodeFunctionData } from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { TaskBoardAbi } from '@citysync/contracts';
import { firstEventOf, sendCall } from '../internal/send.js';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';

export type SubmitCompletionParameters = {
  city: Pick<CityContracts, 'taskBoard'>;
  taskId: bigint;
  /** Content hash of the evidence document (non-zero). */
  evidenceHash: Hex;
};

export type SubmitCompletionReturnType = { completionId: bigint; hash: Hash; receipt: TransactionReceipt };

/** `TaskBoardNotClaimed`, `TaskBoardEmptyEvidence`, `TaskBoardOutsideWindow`, ... */
export type SubmitCompletionErrorType = CityWriteErrorType;

/** Submits the client's account's completion of a task it claimed, with the evidence's content hash. */
export async function submitCompletion(
  client: CityWalletClient,
  parameters: SubmitCompletionParameters,
): Promise<SubmitCompletionReturnType> {
  const { city, taskId, evidenceHash } = parameters;
  const receipt = await sendCall(client, {
    to: city.taskBoard,
    data: encodeFunctionData({ abi: TaskBoardAbi, functionName: 'submitCompletion', args: [taskId, evidenceHash] }),
    functionName: 'submitCompletion',
  });
  const { completionId } = firstEventOf(receipt, TaskBoardAbi, 'CompletionSubmitted', city.taskBoard).args;
  return { completionId, hash: receipt.transactionHash, receipt };
}
