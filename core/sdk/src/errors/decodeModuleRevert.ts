import { type Abi, type DecodeErrorResultReturnType, decodeErrorResult } from 'viem';

import { findRevertData } from './decodeContractRevert.js';

/**
 * Decodes a revert raised by a module's contract with the module's ABI. The SDK's {@link ContractRevertError}
 * names only the core's errors ({@link cityErrorAbi}): modules are packages a city installs later, so a module's
 * own error (a task policy refusing a task at publish, inside the task board's call) reaches it as
 * `errorName: undefined` with the raw `data`. Pass that error (or any error viem threw) with the ABI of the
 * module's artifact to name it.
 *
 * Returns `undefined` when the error carries no revert data or the ABI has no error with that selector.
 *
 * @example
 * const { abi } = readArtifact('modules/general-economy', 'artifacts/GeneralEconomy.json', 'artifacts/GeneralEconomy.json');
 * try { await publishTask(issuer, params) } catch (error) {
 *   const refusal = decodeModuleRevert(error, abi);
 *   if (refusal?.errorName === 'GeneralEconomyRateOutOfBounds') console.log(refusal.args); // [type, rate, min, max]
 * }
 */
export function decodeModuleRevert<const abi extends Abi>(
  error: unknown,
  abi: abi,
): DecodeErrorResultReturnType<abi> | undefined {
  const data = findRevertData(error);
  if (data === undefined) return undefined;
  try {
    return decodeErrorResult({ abi, data });
  } catch {
    return undefined;
  }
}
