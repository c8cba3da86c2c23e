import { type Address, type Hash, type TransactionReceipt, encodeFunctionData } from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { TaskBoardAbi } from '@citysync/contracts';
import { eventsOf, firstEventOf, sendCall } from '../internal/send.js';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';

export type ApproveCompletionParameters = { city: Pick<CityContracts, 'taskBoard'>; completionId: bigint };

export type ApproveCompletionReturnType = {
  /** Distinct verifier approvals so far, this one included. */
  approvals: number;
  /** Set when this was the k-th approval: the completion is verified and the task's rate minted. */
  verified: { taskId: bigint; participant: Address; credits: bigint } | undefined;
  hash: Hash;
  receipt: TransactionReceipt;
};

/**
 * `TaskBoardNotVerifier`, `TaskBoardIssuerVerifiesAlone` (the task has no verifier rule: its issuer verifies),
 * `TaskBoardConflictOfInterest` (the task's issuer or the participant), `TaskBoardAlreadyVoted` (it approved or rejected already),
 * `TaskBoardAlreadyVerified`, and on the k-th approval the issuance errors (`IssuanceControllerCapExceeded`, ...).
 */
export type ApproveCompletionErrorType = CityWriteErrorType;

/**
 * Approves a completion of a verifier-checked task as an accredited verifier. The k-th distinct approval
 * (k = the task's `verifiersRequired`) verifies it and mints the task's rate to the participant.
 */
export async function approveCompletion(
  client: CityWalletClient,
  parameters: ApproveCompletionParameters,
): Promise<ApproveCompletionReturnType> {
  const { city, completionId } = parameters;
  const receipt = await sendCall(client, {
    to: city.taskBoard,
    data: encodeFunctionData({ abi: TaskBoardAbi, functionName: 'approveCompletion', args: [completionId] }),
    functionName: 'approveCompletion',
  });
  const { approvals } = firstEventOf(receipt, TaskBoardAbi, 'CompletionApproved', city.taskBoard).args;
  const [event] = eventsOf(receipt, TaskBoardAbi, 'CompletionVerified', city.taskBoard);
  const verified =
    event === undefined
      ? undefined
      : { taskId: event.args.taskId, participant: event.args.participant, credits: event.args.credits };
  return { approvals: Number(approvals), verified, hash: receipt.transactionHash, receipt };
}
