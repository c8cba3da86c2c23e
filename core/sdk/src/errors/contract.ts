import type { Address, BaseErrorType, ContractErrorArgs, Hash, Hex } from 'viem';

import { CitySyncError, type CitySyncErrorOptions } from './base.js';
import type { CityErrorAbiItem, CityErrorName } from './cityErrorAbi.js';

/** Args of City/Sync custom error `name`, as viem decodes them (`uint256` -> bigint, `address` -> checksummed hex, ...). */
export type CityErrorArgs<name extends CityErrorName> = ContractErrorArgs<readonly CityErrorAbiItem[], name>;

export type ContractRevertErrorParameters = {
  /** The raw revert data (selector and ABI-encoded args). */
  data: Hex;
  /** Name of the decoded error; `Error` for `revert("...")`, `Panic` for a panic; undefined if the selector is unknown. */
  errorName: CityErrorName | 'Error' | 'Panic' | undefined;
  args: readonly unknown[];
  /** The contract that was called (for a relayed request: the forwarder's target). */
  address?: Address | undefined;
  /** The function that was called. */
  functionName?: string | undefined;
  /** Who called it. */
  sender?: Address | undefined;
  cause?: unknown;
};

function formatArg(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map(formatArg).join(', ')}]`;
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${k}: ${formatArg(v)}`).join(', ')}}`;
  }
  return String(value);
}

/**
 * A contract call reverted with revert data, decoded against the custom errors of every City/Sync contract
 * (and OpenZeppelin's AccessManager), so an error raised by a nested call (verify -> issuance -> cap) is named
 * even though the caller only knows the outer contract's ABI.
 *
 * Assert on `errorName` and `args`, or narrow with {@link isContractRevert}.
 */
export class ContractRevertError extends CitySyncError {
  override name = 'ContractRevertError';
  readonly errorName: CityErrorName | 'Error' | 'Panic' | undefined;
  readonly args: readonly unknown[];
  /** The first 4 bytes of `data`. */
  readonly selector: Hex;
  readonly data: Hex;
  readonly address: Address | undefined;
  readonly functionName: string | undefined;
  readonly sender: Address | undefined;

  constructor(parameters: ContractRevertErrorParameters) {
    const { data, errorName, args, address, functionName, sender, cause } = parameters;
    const selector = data.slice(0, 10) as Hex;
    const call = functionName !== undefined ? `${functionName}()` : 'A contract call';
    const what =
      errorName === undefined ? `unknown error ${selector}` : `${errorName}(${args.map(formatArg).join(', ')})`;
    const details = [
      ...(address !== undefined ? [`contract: ${address}`] : []),
      ...(sender !== undefined ? [`sender: ${sender}`] : []),
      `revert data: ${data}`,
    ].join('\n');
    const options: CitySyncErrorOptions = { details, cause };
    super(`${call} reverted with ${what}.`, options);
    this.errorName = errorName;
    this.args = args;
    this.selector = selector;
    this.data = data;
    this.address = address;
    this.functionName = functionName;
    this.sender = sender;
  }
}

/**
 * A mined transaction has status `reverted` and its reason could not be recovered
 * (e.g. out of gas, or a revert without data).
 */
export class TransactionRevertedError extends CitySyncError {
  override name = 'TransactionRevertedError';
  readonly hash: Hash;

  constructor(hash: Hash, options: CitySyncErrorOptions & { functionName?: string | undefined } = {}) {
    const call = options.functionName !== undefined ? `${options.functionName}()` : 'Transaction';
    super(`${call} was mined but reverted (transaction ${hash}).`, options);
    this.hash = hash;
  }
}

/** An expected event was not in a transaction's receipt (a wrong address, or a contract that does not match its ABI). */
export class EventNotFoundError extends CitySyncError {
  override name = 'EventNotFoundError';
  readonly eventName: string;
  readonly hash: Hash;

  constructor(eventName: string, hash: Hash, address?: Address) {
    super(`No ${eventName} event${address !== undefined ? ` from ${address}` : ''} in the receipt of ${hash}.`);
    this.eventName = eventName;
    this.hash = hash;
  }
}

/**
 * What a City/Sync write action throws: the decoded revert, a mined transaction that reverted, a receipt without
 * the expected event, or viem's own errors (transport, RPC, signing).
 */
export type CityWriteErrorType = ContractRevertError | TransactionRevertedError | EventNotFoundError | BaseErrorType;
