import { type Address, type Hash, type TransactionReceipt, concat, encodeFunctionData } from 'viem';
import { call } from 'viem/actions';

import { type CityWriteErrorType, ContractRevertError } from '../errors/contract.js';
import { decodeContractRevert } from '../errors/decodeContractRevert.js';
import { CityForwarderAbi } from '@citysync/contracts';
import { functionNameOf } from '../internal/functionName.js';
import { firstEventOf, sendCall } from '../internal/send.js';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';
import type { SignedForwardRequest } from './types.js';

export type RelayForwardRequestParameters = {
  city: Pick<CityContracts, 'forwarder'>;
  request: SignedForwardRequest;
};

export type RelayForwardRequestReturnType = {
  /** The signer, as recovered by the forwarder. */
  signer: Address;
  /** The nonce the request consumed. */
  nonce: bigint;
  hash: Hash;
  /** Includes the events of the forwarded call. */
  receipt: TransactionReceipt;
};

/**
 * `CityForwarderUnauthorizedRelayer` (the relayer is not an accredited issuer, redeemer or relayer),
 * `ERC2771ForwarderExpiredRequest`, `ERC2771ForwarderInvalidSigner` (a bad signature, or a replay: the nonce has
 * moved on), or the forwarded call's own error (e.g. `TaskBoardAlreadyClaimed`) with the forwarder's `FailedCall`
 * as `cause`.
 */
export type RelayForwardRequestErrorType = CityWriteErrorType;

/**
 * Submits a participant's signed request through the city's forwarder, paying the gas from the client's account
 * (an accredited issuer, redeemer or relayer).
 *
 * The forwarder replaces a failing call's revert data with `FailedCall()`; this action then replays the call as
 * the forwarder would (an `eth_call` from the forwarder) and throws the call's own decoded error instead.
 */
export async function relayForwardRequest(
  client: CityWalletClient,
  parameters: RelayForwardRequestParameters,
): Promise<RelayForwardRequestReturnType> {
  const { city, request } = parameters;
  const { from, to, value, gas, deadline, data, signature } = request;
  let receipt: TransactionReceipt;
  try {
    receipt = await sendCall(client, {
      to: city.forwarder,
      data: encodeFunctionData({
        abi: CityForwarderAbi,
        functionName: 'execute',
        args: [{ from, to, value, gas, deadline, data, signature }],
      }),
      value,
      functionName: 'execute',
    });
  } catch (error) {
    if (error instanceof ContractRevertError && error.errorName === 'FailedCall') {
      throw (await forwardedCallError(client, city.forwarder, request, error)) ?? error;
    }
    throw error;
  }
  const { signer, nonce } = firstEventOf(receipt, CityForwarderAbi, 'ExecutedForwardRequest', city.forwarder).args;
  return { signer, nonce, hash: receipt.transactionHash, receipt };
}

/** The forwarded call's own revert, found by replaying it from the forwarder's address. */
async function forwardedCallError(
  client: CityWalletClient,
  forwarder: Address,
  request: SignedForwardRequest,
  failedCall: ContractRevertError,
): Promise<ContractRevertError | undefined> {
  try {
    await call(client, {
      account: forwarder,
      to: request.to,
      data: concat([request.data, request.from]),
      value: request.value,
      gas: request.gas,
    });
    return undefined;
  } catch (error) {
    const inner = decodeContractRevert(error, {
      address: request.to,
      functionName: functionNameOf(request.data),
      sender: request.from,
    });
    if (inner === undefined) return undefined;
    return new ContractRevertError({
      data: inner.data,
      errorName: inner.errorName,
      args: inner.args,
      address: inner.address,
      functionName: inner.functionName,
      sender: inner.sender,
      cause: failedCall,
    });
  }
}
