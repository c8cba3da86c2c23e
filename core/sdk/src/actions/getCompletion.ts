import type { Address, BaseErrorType, Hex } from 'viem';
import { readContract } from 'viem/actions';

import { CitySyncError } from '../errors/base.js';
import type { ContractRevertError } from '../errors/contract.js';
import { decodeContractRevert } from '../errors/decodeContractRevert.js';
import { TaskBoardAbi } from '@citysync/contracts';
import type { CityContracts } from '../types/city.js';
import type { CityReadClient } from '../types/client.js';

/** A completion's lifecycle (`TaskBoard.Status` without `None`, which the contract reports as unknown). */
export type CompletionStatus = 'submitted' | 'verified' | 'rejected';

const statuses: Record<number, CompletionStatus> = { 1: 'submitted', 2: 'verified', 3: 'rejected' };

export type GetCompletionParameters = { city: Pick<CityContracts, 'taskBoard'>; completionId: bigint };

export type GetCompletionReturnType = {
  completionId: bigint;
  taskId: bigint;
  participant: Address;
  status: CompletionStatus;
  /** Verifier approvals so far (verifier-checked tasks). */
  approvals: number;
  /** Content hash of the evidence document: recompute it with `hashEvidence(document)`. */
  evidenceHash: Hex;
};

/** `TaskBoardUnknownCompletion` (as a ContractRevertError), or viem's transport errors. */
export type GetCompletionErrorType = ContractRevertError | BaseErrorType;

/** Reads completion `completionId` from the city's TaskBoard. */
export async function getCompletion(
  client: CityReadClient,
  parameters: GetCompletionParameters,
): Promise<GetCompletionReturnType> {
  const { city, completionId } = parameters;
  let c;
  try {
    c = await readContract(client, {
      address: city.taskBoard,
      abi: TaskBoardAbi,
      functionName: 'completion',
      args: [completionId],
    });
  } catch (error) {
    throw decodeContractRevert(error, { address: city.taskBoard, functionName: 'completion' }) ?? error;
  }
  const status = statuses[c.status];
  if (status === undefined) {
    throw new CitySyncError(`Completion ${completionId} has status ${c.status}, which this SDK does not know.`, {
      details: 'The TaskBoard at this address is newer than @citysync/core: update the SDK.',
    });
  }
  return {
    completionId,
    taskId: BigInt(c.taskId),
    participant: c.participant,
    status,
    approvals: c.approvals,
    evidenceHash: c.evidenceHash,
  };
}
