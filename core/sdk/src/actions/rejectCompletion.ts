import { type Hash, type TransactionReceipt, encodeFunctionData } from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { TaskBoardAbi } from '@citysync/contracts';
import { firstEventOf, sendCall } from '../internal/send.js';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';

export type RejectCompletionParameters = {
  city: Pick<CityContracts, 'taskBoard'>;
  completionId: bigint;
  /** Why, as a code from the city's data standard (0..65535): the chain records the code, not free text. */
  reasonCode: number;
};

export type RejectCompletionReturnType = { hash: Hash; receipt: TransactionReceipt };

/**
 * `TaskBoardNotTaskIssuer` (neither the task's issuer nor, for a verifier-checked task, an accredited verifier),
 * `TaskBoardAlreadyVerified`, `TaskBoardAlreadyRejected`, `TaskBoardUnknownCompletion`.
 */
export type RejectCompletionErrorType = CityWriteErrorType;

/**
 * Rejects a pending completion with a reason code, as the task's issuer (or any accredited verifier of a
 * verifier-checked task). Final: nothing is minted and the participant's slot stays used.
 */
export async function rejectCompletion(
  client: CityWalletClient,
  parameters: RejectCompletionParameters,
): Promise<RejectCompletionReturnType> {
  const { city, completionId, reasonCode } = parameters;
  const receipt = await sendCall(client, {
    to: city.taskBoard,
    data: encodeFunctionData({ abi: TaskBoardAbi, functionName: 'reject', args: [completionId, reasonCode] }),
    functionName: 'reject',
  });
  firstEventOf(receipt, TaskBoardAbi, 'CompletionRejected', city.taskBoard);
  return { hash: receipt.transactionHash, receipt };
}
