import { decodeContractRevert } from '@citysync/core';
import type { CityWalletClient } from '@citysync/core';
import { type Abi, type Address, type Hex, type TransactionReceipt, decodeErrorResult } from 'viem';
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
    if (receipt.status !== 'success') throw new BlightMceRevertError(functionName, undefined, [], '0x', { details: `transaction ${hash} reverted` });
    return receipt;
  } catch (error) {
    throw decodeBlightMceRevert(error, functionName) ?? decodeContractRevert(error, { address: to, functionName, sender: client.account.address }) ?? error;
  }
}

/** The module's custom error carried by `error` (e.g. a task policy refusal raised inside publishTask), if any. */
export function decodeBlightMceRevert(error: unknown, functionName = 'a call'): BlightMceRevertError | undefined {
  if (error instanceof BlightMceRevertError) return error;
  const data = revertData(error);
  if (data === undefined) return undefined;
  try {
    const decoded = decodeErrorResult({ abi: blightMceAbi as Abi, data });
    return new BlightMceRevertError(functionName, decoded.errorName, (decoded.args ?? []) as readonly unknown[], data, { cause: error });
  } catch {
    return undefined;
  }
}

function revertData(error: unknown): Hex | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current !== null && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const record = current as Record<string, unknown>;
    const nested = (record['data'] as Record<string, unknown> | undefined)?.['data'];
    for (const candidate of [record['raw'], record['data'], nested]) {
      if (typeof candidate === 'string' && /^0x[0-9a-fA-F]{8,}$/.test(candidate)) return candidate as Hex;
    }
    current = record['cause'];
  }
  return undefined;
}
