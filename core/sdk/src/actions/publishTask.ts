import { type Address, type Hash, type Hex, type TransactionReceipt, encodeFunctionData, zeroAddress } from 'viem';
import { getBlock } from 'viem/actions';

import type { CityWriteErrorType } from '../errors/contract.js';
import { TaskBoardAbi } from '@citysync/contracts';
import { firstEventOf, sendCall } from '../internal/send.js';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';
import { toId } from '../utils/toId.js';

export type PublishTaskParameters = {
  city: Pick<CityContracts, 'taskBoard'>;
  /** The dPAN whose budget pays the task: its package name (hashed) or bytes32 module id. */
  module: string;
  /** Task type from the module's catalog: name (hashed) or bytes32 id. */
  taskType: string;
  /** Credits per verified completion; inside the rates committee's bounds. */
  rate: bigint;
  /** How many participants may claim it. */
  slots: number;
  /** First second claims and completions are accepted. Default: the latest block's timestamp. */
  start?: bigint | undefined;
  /** First second after the window. */
  end: bigint;
  /** Where the work happens: name (hashed) or bytes32 id. */
  zone: string;
  /** Content hash of the JSON Schema the evidence document must satisfy. */
  evidenceSchemaHash: Hex;
  /** 0 (default): the issuer verifies alone; k: k accredited verifiers must approve. */
  verifiersRequired?: number | undefined;
  /** Optional IClaimGate contract deciding who may claim. */
  gate?: Address | undefined;
};

export type PublishTaskReturnType = { taskId: bigint; hash: Hash; receipt: TransactionReceipt };

/** `TaskBoardNotIssuer`, `TaskBoardUnknownModule`, `IssuanceControllerRateOutOfBounds`, `TaskBoardInvalidWindow`, ... */
export type PublishTaskErrorType = CityWriteErrorType;

/** Publishes a task as the client's account, which must be an accredited issuer. */
export async function publishTask(
  client: CityWalletClient,
  parameters: PublishTaskParameters,
): Promise<PublishTaskReturnType> {
  const { city } = parameters;
  const start = parameters.start ?? (await getBlock(client, { blockTag: 'latest' })).timestamp;
  const data = encodeFunctionData({
    abi: TaskBoardAbi,
    functionName: 'publishTask',
    args: [
      {
        moduleId: toId(parameters.module),
        taskType: toId(parameters.taskType),
        rate: parameters.rate,
        slots: parameters.slots,
        start,
        end: parameters.end,
        zoneId: toId(parameters.zone),
        evidenceSchemaHash: parameters.evidenceSchemaHash,
        verifiersRequired: parameters.verifiersRequired ?? 0,
        gate: parameters.gate ?? zeroAddress,
      },
    ],
  });
  const receipt = await sendCall(client, { to: city.taskBoard, data, functionName: 'publishTask' });
  const { taskId } = firstEventOf(receipt, TaskBoardAbi, 'TaskPublished', city.taskBoard).args;
  return { taskId, hash: receipt.transactionHash, receipt };
}
