import { type Address, type Hex, decodeErrorResult, isHex } from 'viem';

import { cityErrorAbi, type CityErrorName } from './cityErrorAbi.js';
import { type CityErrorArgs, ContractRevertError } from './contract.js';

export type DecodeContractRevertContext = {
  address?: Address | undefined;
  functionName?: string | undefined;
  sender?: Address | undefined;
};

/** The revert data carried by an error or one of its causes (viem's errors keep it as `raw` or `data`). */
export function findRevertData(error: unknown): Hex | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current !== null && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    if (current instanceof ContractRevertError) return current.data;
    const record = current as Record<string, unknown>;
    const nested = (record['data'] as Record<string, unknown> | undefined)?.['data'];
    for (const candidate of [record['raw'], record['data'], nested]) {
      if (typeof candidate === 'string' && isHex(candidate) && candidate.length >= 10) return candidate;
    }
    current = record['cause'];
  }
  return undefined;
}

/** Decodes raw revert data against {@link cityErrorAbi} (and Solidity's `Error(string)` / `Panic(uint256)`). */
export function decodeRevertData(
  data: Hex,
  context: DecodeContractRevertContext = {},
  cause?: unknown,
): ContractRevertError {
  let errorName: CityErrorName | 'Error' | 'Panic' | undefined;
  let args: readonly unknown[] = [];
  try {
    const decoded = decodeErrorResult({ abi: cityErrorAbi, data });
    errorName = decoded.errorName as CityErrorName | 'Error' | 'Panic';
    args = (decoded.args ?? []) as readonly unknown[];
  } catch {
    errorName = undefined;
  }
  return new ContractRevertError({ data, errorName, args, ...context, cause });
}

/**
 * Turns an error thrown by viem (estimateGas, call, simulate, ...) into a {@link ContractRevertError} with the
 * custom error decoded, or `undefined` when the error carries no revert data (network error, revert without data).
 * An error that already is a `ContractRevertError` is returned as is.
 */
export function decodeContractRevert(
  error: unknown,
  context: DecodeContractRevertContext = {},
): ContractRevertError | undefined {
  if (error instanceof ContractRevertError) return error;
  const data = findRevertData(error);
  return data === undefined ? undefined : decodeRevertData(data, context, error);
}

/**
 * Whether `error` is a {@link ContractRevertError} (optionally: with custom error `name`), narrowing `args` to the
 * error's decoded argument types.
 *
 * @example
 * if (isContractRevert(err, 'IssuanceControllerCapExceeded')) console.log(err.args[1]) // the cap, a bigint
 */
export function isContractRevert<name extends CityErrorName>(
  error: unknown,
  name: name,
): error is ContractRevertError & { errorName: name; args: CityErrorArgs<name> };
export function isContractRevert(error: unknown): error is ContractRevertError;
export function isContractRevert(error: unknown, name?: CityErrorName): boolean {
  return error instanceof ContractRevertError && (name === undefined || error.errorName === name);
}
