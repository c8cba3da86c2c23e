import { type Address, type Hash, type Hex, type TransactionReceipt, encodeFunctionData } from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { ModuleKernelAbi } from '@citysync/contracts';
import { firstEventOf, sendCall } from '../internal/send.js';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';

export type ApplyModulePreparationParameters = {
  city: Pick<CityContracts, 'kernel'>;
  preparationId: bigint;
  /** Must equal the content hash prepared: what is applied is what the committee reviewed. */
  contentHash: Hex;
};

export type ApplyModulePreparationReturnType = {
  moduleId: Hex;
  module: Address;
  hash: Hash;
  receipt: TransactionReceipt;
};

/**
 * `ModuleKernelWrongState` (not approved yet, or revoked), `ModuleKernelContentHashMismatch`,
 * `ModuleKernelStalePreparation` (another preparation of the module was applied since), `ModuleKernelPreparationExpired`, ...
 */
export type ApplyModulePreparationErrorType = CityWriteErrorType;

/**
 * Step 3 of 3: applies a preparation the modules committee approved. The kernel grants exactly the requested roles
 * and records name, version and content hash, or reverts whole, leaving no installation and no role behind.
 */
export async function applyModulePreparation(
  client: CityWalletClient,
  parameters: ApplyModulePreparationParameters,
): Promise<ApplyModulePreparationReturnType> {
  const { city, preparationId, contentHash } = parameters;
  const receipt = await sendCall(client, {
    to: city.kernel,
    data: encodeFunctionData({ abi: ModuleKernelAbi, functionName: 'applyPreparation', args: [preparationId, contentHash] }),
    functionName: 'applyPreparation',
  });
  const { moduleId, module } = firstEventOf(receipt, ModuleKernelAbi, 'ModuleInstalled', city.kernel).args;
  return { moduleId, module, hash: receipt.transactionHash, receipt };
}
