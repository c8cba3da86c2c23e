import { type Hash, type TransactionReceipt, encodeFunctionData } from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { TaskBoardAbi } from '@citysync/contracts';
import { eventsOf, sendCall } from '../internal/send.js';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';

export type RejectCompletionParameters = {
  city: Pick<CityContracts, 'taskBoard'>;
  completionId: bigint;
  /** Why, as a code from the city's data standard (0..65535): the chain records the code, not free text. */
  reasonCode: number;
};

export type RejectCompletionReturnType = {
  hash: Hash;
  receipt: TransactionReceipt;
  /** Whether the completion is now rejected: always for its issuer; for a verifier, when its vote was the k-th. */
  rejected: boolean;
  /** A verifier's rejections of the task's k counted so far (undefined when the issuer rejected). */
  rejections: bigint | undefined;
};

/**
 * `TaskBoardNotTaskIssuer` (neither the task's issuer nor, for a verifier-checked task, an accredited verifier),
 * `TaskBoardAlreadyVoted` (the verifier approved or rejected already), `TaskBoardConflictOfInterest`,
 * `TaskBoardAlreadyVerified`, `TaskBoardAlreadyRejected`, `TaskBoardUnknownCompletion`.
 */
export type RejectCompletionErrorType = CityWriteErrorType;

/**
 * Rejects a pending completion with a reason code as the task's issuer, or, for a verifier-checked task, casts an
 * accredited verifier's rejection: the k-th rejection (of verifiers still accredited) rejects. Final once rejected:
 * nothing is minted and the participant's slot stays used.
 *
 * @example
 * const { rejected, rejections } = await rejectCompletion(verifier, { city, completionId: 7n, reasonCode: 3 })
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
  const rejected = eventsOf(receipt, TaskBoardAbi, 'CompletionRejected', city.taskBoard).length > 0;
  const [vote] = eventsOf(receipt, TaskBoardAbi, 'CompletionRejectionVoted', city.taskBoard);
  return { hash: receipt.transactionHash, receipt, rejected, rejections: vote?.args.rejections };
}
