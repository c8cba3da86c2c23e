import { type Address, type Hex, concat } from 'viem';
import { estimateGas, getBlock, readContract, signTypedData } from 'viem/actions';

import type { CityWriteErrorType } from '../errors/contract.js';
import { decodeContractRevert } from '../errors/decodeContractRevert.js';
import { CityForwarderAbi } from '@citysync/contracts';
import { functionNameOf } from '../internal/functionName.js';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';
import type { SignedForwardRequest } from './types.js';

/** The EIP-712 type OpenZeppelin's ERC2771Forwarder verifies (the on-chain struct carries the signature, not the nonce). */
export const forwardRequestTypes = {
  ForwardRequest: [
    { name: 'from', type: 'address' },
    { name: 'to', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'gas', type: 'uint256' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint48' },
    { name: 'data', type: 'bytes' },
  ],
} as const;

export type SignForwardRequestParameters = {
  city: Pick<CityContracts, 'forwarder'>;
  /** The contract to call: the city's TaskBoard or CivicCredit (both trust the forwarder). */
  to: Address;
  /** The encoded call, e.g. `encodeFunctionData({ abi: TaskBoardAbi, functionName: 'claim', args: [taskId] })`. */
  data: Hex;
  value?: bigint | undefined;
  /**
   * Gas for the forwarded call. Default: estimated now (as the forwarder would call it) plus 25%, which fails with
   * the call's decoded error if it would revert now; pass it to sign a request meant for later.
   */
  gas?: bigint | undefined;
  /** Unix time the request is valid until (inclusive). Default: the latest block's timestamp + 1 hour. */
  deadline?: number | undefined;
  /** Default: the signer's current nonce at the forwarder. */
  nonce?: bigint | undefined;
};

export type SignForwardRequestReturnType = SignedForwardRequest;

/** A decoded revert of the call being signed, when `gas` is estimated. */
export type SignForwardRequestErrorType = CityWriteErrorType;

const DEFAULT_TTL_SECONDS = 3_600;

/**
 * Signs an ERC-2771 forward request with the client's account (which needs no ETH): the EIP-712 domain is read
 * from the forwarder's `eip712Domain()`. An accredited organization submits it with {@link relayForwardRequest}.
 */
export async function signForwardRequest(
  client: CityWalletClient,
  parameters: SignForwardRequestParameters,
): Promise<SignForwardRequestReturnType> {
  const { city, to, data, value = 0n } = parameters;
  const forwarder = city.forwarder;
  const from = client.account.address;

  const [domain, nonce, deadline, gas] = await Promise.all([
    readContract(client, { address: forwarder, abi: CityForwarderAbi, functionName: 'eip712Domain' }),
    parameters.nonce ??
      readContract(client, { address: forwarder, abi: CityForwarderAbi, functionName: 'nonces', args: [from] }),
    parameters.deadline ??
      getBlock(client, { blockTag: 'latest' }).then((block) => Number(block.timestamp) + DEFAULT_TTL_SECONDS),
    parameters.gas ?? estimateForwardedGas(client, { forwarder, from, to, data, value }),
  ]);
  const [, name, version, chainId, verifyingContract] = domain;

  const signature = await signTypedData(client, {
    account: client.account,
    domain: { name, version, chainId, verifyingContract },
    types: forwardRequestTypes,
    primaryType: 'ForwardRequest',
    message: { from, to, value, gas, nonce, deadline, data },
  });
  return { from, to, value, gas, deadline, data, signature, nonce };
}

async function estimateForwardedGas(
  client: CityWalletClient,
  call: { forwarder: Address; from: Address; to: Address; data: Hex; value: bigint },
): Promise<bigint> {
  try {
    // Exactly what the forwarder does: call `to` with the signer appended to the calldata.
    const estimate = await estimateGas(client, {
      account: call.forwarder,
      to: call.to,
      data: concat([call.data, call.from]),
      value: call.value,
    });
    return (estimate * 125n) / 100n;
  } catch (error) {
    const context = { address: call.to, functionName: functionNameOf(call.data), sender: call.from };
    throw decodeContractRevert(error, context) ?? error;
  }
}
