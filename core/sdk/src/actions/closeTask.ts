import { type Hash, type TransactionReceipt, encodeFunctionData } from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { TaskBoardAbi } from '@citysync/contracts';
import { firstEventOf, sendCall } from '../internal/send.js';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';

export type CloseTaskParameters = { city: Pick<CityContracts, 'taskBoard'>; taskId: bigint };

export type CloseTaskReturnType = {
  /** The task's window now ends here (the block's timestamp, or the original end if it had already passed). */
  end: bigint;
  hash: Hash;
  receipt: TransactionReceipt;
};

/** `TaskBoardNotTaskIssuer` (only the task's issuer closes it), `TaskBoardUnknownTask`. */
export type CloseTaskErrorType = CityWriteErrorType;

/**
 * Closes a task before its window ends, as its issuer: no more claims or completions. Completions already
 * submitted can still be verified or rejected.
 */
export async function closeTask(
  client: CityWalletClient,
  parameters: CloseTaskParameters,
): Promise<CloseTaskReturnType> {
  const { city, taskId } = parameters;
  const receipt = await sendCall(client, {
    to: city.taskBoard,
    data: encodeFunctionData({ abi: TaskBoardAbi, functionName: 'closeTask', args: [taskId] }),
    functionName: 'closeTask',
  });
  const { end } = firstEventOf(receipt, TaskBoardAbi, 'TaskClosed', city.taskBoard).args;
  return { end, hash: receipt.transactionHash, receipt };
}
