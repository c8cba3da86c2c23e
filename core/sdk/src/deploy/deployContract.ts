import {
  type Abi,
  type Address,
  type BaseErrorType,
  type EncodeDeployDataParameters,
  type TransactionReceipt,
  encodeDeployData,
  getAddress,
} from 'viem';
import { getCode } from 'viem/actions';

import type { ContractRevertError, TransactionRevertedError } from '../errors/contract.js';
import { ContractNotDeployedError } from '../errors/deploy.js';
import { sendCall } from '../internal/send.js';
import type { CityWalletClient } from '../types/client.js';

export type DeployContractParameters<abi extends Abi | readonly unknown[] = Abi> = EncodeDeployDataParameters<abi> & {
  /** Names the contract in errors, e.g. `AccessManager`. */
  contractName: string;
};

export type DeployContractReturnType = {
  /** Where the contract lives, checksummed; it has code. */
  address: Address;
  receipt: TransactionReceipt;
};

/**
 * {@link ContractRevertError} (the constructor reverted at estimation, decoded, as `new <contractName>()`),
 * {@link TransactionRevertedError} (mined but reverted), {@link ContractNotDeployedError} (mined, but no contract
 * address or no code at it), or viem's own errors (transport, RPC, signing).
 */
export type DeployContractErrorType =
  | ContractRevertError
  | TransactionRevertedError
  | ContractNotDeployedError
  | BaseErrorType;

/**
 * Deploys a contract with the client's account: sends the creation code (with the constructor's `args` encoded),
 * waits for the receipt, and checks that the transaction succeeded and that runtime code exists at the new address,
 * so the caller never holds an address where nothing lives. Every error names `contractName`.
 *
 * @example
 * const { address } = await deployContract(walletClient, {
 *   contractName: 'AccessManager',
 *   abi: AccessManagerAbi,
 *   bytecode: AccessManagerBytecode,
 *   args: [walletClient.account.address],
 * })
 */
export async function deployContract<const abi extends Abi | readonly unknown[]>(
  client: CityWalletClient,
  parameters: DeployContractParameters<abi>,
): Promise<DeployContractReturnType> {
  // The generic parameters were checked at the call site; encodeDeployData needs them widened (as viem's own
  // deployContract does).
  const { contractName, abi, bytecode, args } = parameters as DeployContractParameters;
  const data = encodeDeployData({ abi, bytecode, args } as EncodeDeployDataParameters);
  const receipt = await sendCall(client, { data, functionName: `new ${contractName}` });
  const { transactionHash: hash } = receipt;
  if (receipt.contractAddress === null || receipt.contractAddress === undefined) {
    throw new ContractNotDeployedError(contractName, { hash });
  }
  const address = getAddress(receipt.contractAddress);
  const code = await getCode(client, { address });
  if (code === undefined || code === '0x') throw new ContractNotDeployedError(contractName, { hash, address });
  return { address, receipt };
}
