import { decodeContractRevert, decodeModuleRevert } from '@citysync/sdk';
import type { CityWalletClient } from '@citysync/sdk';
import type { Address, Hex, TransactionReceipt } from 'viem';
import { sendTransaction, waitForTransactionReceipt } from 'viem/actions';

import { blightMceAbi } from '../abi.js';
import { BlightMceRevertError } from '../errors.js';

/**
 * Sends one call to the module and waits for it. A revert is decoded against the module's errors first (a
 * BlightMceRevertError), then the city's (core's ContractRevertError).
 */
export async function writeModule(client: CityWalletClient, to: Address, data: Hex, functionName: string): Promise<TransactionReceipt> {
  try {
    const hash = await sendTransaction(client, { account: client.account, chain: client.chain ?? null, to, data });
    const receipt = await waitForTransactionReceipt(client, { hash });
    if (receipt.status !== 'success') throw new BlightMceRevertError(functionName, undefined, [], { details: `transaction ${hash} reverted` });
    return receipt;
  } catch (error) {
    throw decodeBlightMceRevert(error, functionName) ?? decodeContractRevert(error, { address: to, functionName, sender: client.account.address }) ?? error;
  }
}

/** The module's custom error carried by `error` (e.g. a task policy refusal raised inside publishTask), if any. */
export function decodeBlightMceRevert(error: unknown, functionName = 'a call'): BlightMceRevertError | undefined {
  if (error instanceof BlightMceRevertError) return error;
  const decoded = decodeModuleRevert(error, blightMceAbi);
  if (decoded === undefined) return undefined;
  return new BlightMceRevertError(functionName, decoded.errorName, (decoded.args ?? []) as readonly unknown[], { cause: error });
}
