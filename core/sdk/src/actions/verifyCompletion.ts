import { type Address, type Hash, type TransactionReceipt, encodeFunctionData } from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { TaskBoardAbi } from '@citysync/contracts';
import { firstEventOf, sendCall } from '../internal/send.js';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';

export type VerifyCompletionParameters = { city: Pick<CityContracts, 'taskBoard'>; completionId: bigint };

export type VerifyCompletionReturnType = {
  taskId: bigint;
  participant: Address;
  /** Credits minted to the participant (and as many $VOTE). */
  credits: bigint;
  hash: Hash;
  receipt: TransactionReceipt;
};

/**
 * `TaskBoardAlreadyVerified` (a completion mints once), `TaskBoardNotTaskIssuer`, `IssuanceControllerCapExceeded`,
 * `IssuanceControllerBudgetExceeded`, ...
 */
export type VerifyCompletionErrorType = CityWriteErrorType;

/** Verifies a completion as the task's issuer: the task's rate is minted to the participant. */
export async function verifyCompletion(
  client: CityWalletClient,
  parameters: VerifyCompletionParameters,
): Promise<VerifyCompletionReturnType> {
  const { city, completionId } = parameters;
  const receipt = await sendCall(client, {
    to: city.taskBoard,
    data: encodeFunctionData({ abi: TaskBoardAbi, functionName: 'verify', args: [completionId] }),
    functionName: 'verify',
  });
  const { taskId, participant, credits } = firstEventOf(receipt, TaskBoardAbi, 'CompletionVerified', city.taskBoard).args;
  return { taskId, participant, credits, hash: receipt.transactionHash, receipt };
}
