import type { EvidenceDocument, SchemaValidationError } from '@citysync/schemas';
import { type Hash, type Hex, type TransactionReceipt, encodeFunctionData, isAddressEqual } from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { EvidenceMismatchError } from '../evidence/errors.js';
import { hashEvidence } from '../evidence/hashEvidence.js';
import { TaskBoardAbi } from '@citysync/contracts';
import { firstEventOf, sendCall } from '../internal/send.js';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';

export type CompleteTaskParameters = {
  city: Pick<CityContracts, 'taskBoard'>;
  /** The evidence document (validated against the evidence schema before its hash is taken). */
  evidence: EvidenceDocument;
  /** The task completed. Default: the document's `taskId`; when given, it must match. */
  taskId?: bigint | undefined;
  /**
   * Claim the task in the same transaction (`claimAndSubmit`: a check-in for work done on the spot). Default:
   * false, the account has already claimed it.
   */
  claim?: boolean | undefined;
  /** Name of the document's file in error messages. Default: `evidence.json`. */
  file?: string | undefined;
};

export type CompleteTaskReturnType = {
  completionId: bigint;
  taskId: bigint;
  /** The document's content hash, as recorded on chain. */
  evidenceHash: Hex;
  hash: Hash;
  receipt: TransactionReceipt;
};

/**
 * `SchemaValidationError` (an invalid document: nothing is sent), {@link EvidenceMismatchError} (the document
 * names another task or participant), `TaskBoardNotClaimed` (claim first, or pass `claim: true`),
 * `TaskBoardAlreadyClaimed`, `TaskBoardOutsideWindow`, `TaskBoardNoSlotsLeft`, ...
 */
export type CompleteTaskErrorType = SchemaValidationError | EvidenceMismatchError | CityWriteErrorType;

/**
 * Completes a task with an evidence document as the client's account: validates the document, checks it names
 * this task and this participant, and submits its canonical content hash (claiming in the same transaction when
 * `claim` is set). Publish the document itself off chain: anyone holding it recomputes the hash with
 * `hashEvidence` and compares it with the completion's.
 */
export async function completeTask(
  client: CityWalletClient,
  parameters: CompleteTaskParameters,
): Promise<CompleteTaskReturnType> {
  const { city, evidence, claim = false } = parameters;
  const file = parameters.file ?? 'evidence.json';
  const evidenceHash = hashEvidence(evidence, { file });
  const documentTaskId = BigInt(evidence.taskId);
  const taskId = parameters.taskId ?? documentTaskId;
  if (taskId !== documentTaskId) {
    throw new EvidenceMismatchError(
      file,
      '/taskId',
      `"${evidence.taskId}" is not task ${taskId}; submit it for task ${evidence.taskId} or fix the document.`,
    );
  }
  const account = client.account.address;
  if (!isAddressEqual(evidence.participant as Hex, account)) {
    throw new EvidenceMismatchError(
      file,
      '/participant',
      `${evidence.participant} is not the submitting account ${account}; each participant submits their own evidence.`,
    );
  }
  const functionName = claim ? 'claimAndSubmit' : 'submitCompletion';
  const receipt = await sendCall(client, {
    to: city.taskBoard,
    data: encodeFunctionData({ abi: TaskBoardAbi, functionName, args: [taskId, evidenceHash] }),
    functionName,
  });
  const { completionId } = firstEventOf(receipt, TaskBoardAbi, 'CompletionSubmitted', city.taskBoard).args;
  return { completionId, taskId, evidenceHash, hash: receipt.transactionHash, receipt };
}
