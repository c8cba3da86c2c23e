import type { Address, BaseErrorType, Hex } from 'viem';
import { readContract } from 'viem/actions';

import type { ContractRevertError } from '../errors/contract.js';
import { decodeContractRevert } from '../errors/decodeContractRevert.js';
import { TaskBoardAbi } from '@citysync/contracts';
import type { CityContracts } from '../types/city.js';
import type { CityReadClient } from '../types/client.js';

export type GetTaskParameters = { city: Pick<CityContracts, 'taskBoard'>; taskId: bigint };

export type GetTaskReturnType = {
  taskId: bigint;
  issuer: Address;
  moduleId: Hex;
  taskType: Hex;
  zoneId: Hex;
  /** Credits per verified completion. */
  rate: bigint;
  slots: number;
  claimed: number;
  /** Window [start, end) in Unix seconds (a closed task's end is the second it was closed). */
  start: bigint;
  end: bigint;
  evidenceSchemaHash: Hex;
  /** 0: the issuer verifies alone; k: k accredited verifiers must approve. */
  verifiersRequired: number;
  /** The IClaimGate contract, or the zero address. */
  gate: Address;
};

/** `TaskBoardUnknownTask` (as a ContractRevertError), or viem's transport errors. */
export type GetTaskErrorType = ContractRevertError | BaseErrorType;

/** Reads task `taskId` from the city's TaskBoard. */
export async function getTask(client: CityReadClient, parameters: GetTaskParameters): Promise<GetTaskReturnType> {
  const { city, taskId } = parameters;
  try {
    const t = await readContract(client, {
      address: city.taskBoard,
      abi: TaskBoardAbi,
      functionName: 'task',
      args: [taskId],
    });
    return {
      taskId,
      issuer: t.issuer,
      moduleId: t.moduleId,
      taskType: t.taskType,
      zoneId: t.zoneId,
      rate: BigInt(t.rate),
      slots: t.slots,
      claimed: t.claimed,
      start: BigInt(t.start),
      end: BigInt(t.end),
      evidenceSchemaHash: t.evidenceSchemaHash,
      verifiersRequired: t.verifiersRequired,
      gate: t.gate,
    };
  } catch (error) {
    throw decodeContractRevert(error, { address: city.taskBoard, functionName: 'task' }) ?? error;
  }
}
