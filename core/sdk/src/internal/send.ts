import {
  type Abi,
  type Address,
  type ContractEventName,
  type Hash,
  type Hex,
  type Log,
  type ParseEventLogsReturnType,
  type TransactionReceipt,
  isAddressEqual,
  parseEventLogs,
} from 'viem';
import { estimateGas, sendTransaction, waitForTransactionReceipt } from 'viem/actions';

import { decodeContractRevert } from '../errors/decodeContractRevert.js';
import { EventNotFoundError, TransactionRevertedError } from '../errors/contract.js';
import type { CityWalletClient } from '../types/client.js';

export type SendCallParameters = {
  /** Omit to deploy a contract (`data` is then its creation code and constructor args). */
  to?: Address | undefined;
  data: Hex;
  value?: bigint | undefined;
  /** For error messages: the function encoded in `data`. */
  functionName: string;
};

/**
 * Headroom over the estimate, in percent. An estimate is taken against the latest block, but the call runs in the
 * next one: a vote checkpoint written in a new second, a first write to a slot another transaction just emptied,
 * cost more than estimated, and the transaction would be mined only to run out of gas.
 */
const GAS_HEADROOM_PERCENT = 25n;

/**
 * Sends one call from the client's account and waits for its receipt. A revert at gas estimation becomes a
 * decoded ContractRevertError; a mined transaction that reverted (a race with another transaction, or out of
 * gas despite the headroom) a TransactionRevertedError. Sequential by design: the next call's nonce is read after this one is mined.
 */
export async function sendCall(client: CityWalletClient, parameters: SendCallParameters): Promise<TransactionReceipt> {
  const { to, data, value, functionName } = parameters;
  const context = { address: to, functionName, sender: client.account.address };
  let hash: Hash;
  try {
    const request = {
      account: client.account,
      data,
      ...(to !== undefined ? { to } : {}),
      ...(value !== undefined ? { value } : {}),
    };
    const estimate = await estimateGas(client, request);
    hash = await sendTransaction(client, {
      ...request,
      chain: client.chain ?? null,
      gas: estimate + (estimate * GAS_HEADROOM_PERCENT) / 100n,
    });
  } catch (error) {
    throw decodeContractRevert(error, context) ?? error;
  }
  return await waitForSuccess(client, hash, functionName);
}

/** Waits for `hash` and throws TransactionRevertedError unless it succeeded. */
async function waitForSuccess(
  client: CityWalletClient,
  hash: Hash,
  functionName: string,
): Promise<TransactionReceipt> {
  const receipt = await waitForTransactionReceipt(client, { hash });
  if (receipt.status !== 'success') throw new TransactionRevertedError(hash, { functionName });
  return receipt;
}

/** The decoded `eventName` logs that `address` emitted in `receipt`. */
export function eventsOf<const abi extends Abi, eventName extends ContractEventName<abi>>(
  receipt: TransactionReceipt,
  abi: abi,
  eventName: eventName,
  address: Address,
): ParseEventLogsReturnType<abi, eventName, true> {
  const logs: Log[] = receipt.logs.filter((log) => isAddressEqual(log.address, address));
  return parseEventLogs({ abi, eventName, logs }) as ParseEventLogsReturnType<abi, eventName, true>;
}

/** The first decoded `eventName` log of `address` in `receipt`; throws EventNotFoundError if there is none. */
export function firstEventOf<const abi extends Abi, eventName extends ContractEventName<abi>>(
  receipt: TransactionReceipt,
  abi: abi,
  eventName: eventName,
  address: Address,
): ParseEventLogsReturnType<abi, eventName, true>[number] {
  const [first] = eventsOf(receipt, abi, eventName, address);
  if (first === undefined) throw new EventNotFoundError(eventName, receipt.transactionHash, address);
  return first;
}
