import { type Address, type Hash, type Hex, type TransactionReceipt, decodeErrorResult, encodeFunctionData } from 'viem';

import { ModuleKernelAbi } from '@citysync/contracts';
import type { ReadModuleDirectoryReturnType } from '@citysync/module-kit';

import { ContractRevertError, type CityWriteErrorType } from '../errors/contract.js';
import { firstEventOf, sendCall } from '../internal/send.js';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';
import { encodeModuleInit } from './encodeModuleInit.js';
import { ModulePackageError, ModuleSetupRevertError } from './errors.js';

export type PrepareModuleInstallParameters = {
  city: CityContracts;
  /** The package, from readModuleDirectory. */
  module: ReadModuleDirectoryReturnType;
  /** Resolved parameter values (resolveModuleParameters). */
  parameters: Readonly<Record<string, number>>;
  /** `update` replaces the installed version (the kernel's prepareUpdate). Default: `install`. */
  operation?: 'install' | 'update' | undefined;
};

export type PrepareModuleInstallReturnType = {
  preparationId: bigint;
  /** The setup contract the kernel deployed from the package's artifact. */
  setup: Address;
  /** keccak256 of the setup's creation code, as the kernel recorded it in the preparation. */
  setupCodeHash: Hex;
  /** The module's main contract the setup deployed. */
  module: Address;
  /** The roles it requests: granted on apply, exactly these. */
  permissions: readonly { role: bigint; grantee: Address }[];
  initData: Hex;
  hash: Hash;
  receipt: TransactionReceipt;
};

/**
 * {@link ModulePackageError} (no setup contract, or its artifact deploys no code: `ModuleKernelSetupDeploymentFailed`),
 * {@link ModuleSetupRevertError} (the kernel's prepare reverted in the module's code), or a write's errors.
 */
export type PrepareModuleInstallErrorType = CityWriteErrorType | ModulePackageError | ModuleSetupRevertError;

/**
 * Step 1 of 3: asks the kernel to deploy the package's setup contract (the manifest's first contract) from its
 * artifact's creation code and to prepare the install (or the update of the installed version) with the package's
 * content hash. The kernel records the creation code's hash, which the committee checks against the registry's
 * before approving. Anyone may prepare: nothing is granted until the modules committee approves the preparation
 * and it is applied.
 */
export async function prepareModuleInstall(
  client: CityWalletClient,
  parameters: PrepareModuleInstallParameters,
): Promise<PrepareModuleInstallReturnType> {
  const { city, module } = parameters;
  const setupContract = module.manifest.contracts[0];
  const artifact = setupContract === undefined ? undefined : module.artifacts[setupContract.name];
  if (setupContract === undefined || artifact === undefined) {
    throw new ModulePackageError('dpan.json#/contracts', 'lists no setup contract', {
      details: "The first contract of a module's manifest is its setup (an IModuleSetup); see modules/README.md.",
    });
  }
  const initData = encodeModuleInit({ module, artifact, parameters: parameters.parameters, city });
  const { name, version } = module.manifest;
  const functionName = parameters.operation === 'update' ? 'prepareUpdateFromCode' : 'prepareInstallFromCode';
  let receipt: TransactionReceipt;
  try {
    receipt = await sendCall(client, {
      to: city.kernel,
      data: encodeFunctionData({ abi: ModuleKernelAbi, functionName, args: [artifact.bytecode, name, version, module.contentHash, initData] }),
      functionName,
    });
  } catch (error) {
    if (error instanceof ContractRevertError && error.errorName === 'ModuleKernelSetupDeploymentFailed') {
      // The package's artifact is at fault, not the chain: point at it.
      throw new ModulePackageError('dpan.json#/contracts/0/artifact', `${artifact.contractName}'s creation code deploys no contract`, { cause: error });
    }
    throw moduleRevert(error, module) ?? error;
  }
  const { setup, initCodeHash } = firstEventOf(receipt, ModuleKernelAbi, 'ModuleSetupDeployed', city.kernel).args;
  const { preparationId, module: moduleAddress, permissions } = firstEventOf(receipt, ModuleKernelAbi, 'ModulePrepared', city.kernel).args;
  return {
    preparationId,
    setup,
    setupCodeHash: initCodeHash,
    module: moduleAddress,
    permissions: permissions.map((p) => ({ role: BigInt(p.role), grantee: p.grantee })),
    initData,
    hash: receipt.transactionHash,
    receipt,
  };
}

/** A revert the city's ABIs do not know, decoded with the package's own contracts' errors. */
function moduleRevert(error: unknown, module: ReadModuleDirectoryReturnType): ModuleSetupRevertError | undefined {
  if (!(error instanceof ContractRevertError) || error.errorName !== undefined) return undefined;
  for (const artifact of Object.values(module.artifacts)) {
    try {
      const decoded = decodeErrorResult({ abi: artifact.abi, data: error.data });
      return new ModuleSetupRevertError(decoded.errorName, (decoded.args ?? []) as readonly unknown[], error.data, error);
    } catch {
      // not this contract's error
    }
  }
  return new ModuleSetupRevertError(undefined, [], error.data, error);
}
