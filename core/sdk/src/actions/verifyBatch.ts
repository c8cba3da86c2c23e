import { type Address, type Hash, type TransactionReceipt, encodeFunctionData } from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { TaskBoardAbi } from '@citysync/contracts';
import { eventsOf, sendCall } from '../internal/send.js';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';

export type VerifyBatchParameters = { city: Pick<CityContracts, 'taskBoard'>; completionIds: readonly bigint[] };

export type VerifyBatchReturnType = {
  verified: { completionId: bigint; taskId: bigint; participant: Address; credits: bigint }[];
  hash: Hash;
  receipt: TransactionReceipt;
};

/** As {@link verifyCompletion}, for the whole batch (all or nothing), plus `TaskBoardEmptyBatch`. */
export type VerifyBatchErrorType = CityWriteErrorType;

/** Verifies many completions of the caller's tasks in one transaction; one mint per participant. */
export async function verifyBatch(
  client: CityWalletClient,
  parameters: VerifyBatchParameters,
): Promise<VerifyBatchReturnType> {
  const { city, completionIds } = parameters;
  const receipt = await sendCall(client, {
    to: city.taskBoard,
    data: encodeFunctionData({ abi: TaskBoardAbi, functionName: 'verifyBatch', args: [completionIds] }),
    functionName: 'verifyBatch',
  });
  const verified = eventsOf(receipt, TaskBoardAbi, 'CompletionVerified', city.taskBoard).map(({ args }) => ({
    completionId: args.completionId,
    taskId: args.taskId,
    participant: args.participant,
    credits: args.credits,
  }));
  return { verified, hash: receipt.transactionHash, receipt };
}
