import {
  AccessManagerAbi,
  AccessManagerBytecode,
  ERC1967ProxyAbi,
  ERC1967ProxyBytecode,
  ModuleRegistryAbi,
  ModuleRegistryBytecode,
} from '@citysync/contracts';
import { type CityWalletClient, type CityWriteErrorType, type DeployContractErrorType, deployContract, sendCall } from '@citysync/sdk';
import { type Address, encodeFunctionData, toFunctionSelector } from 'viem';

/** The AccessManager role of the registry council (accredits auditors, force-yanks, upgrades). */
export const REGISTRY_COUNCIL_ROLE = 1n;

export type DeployModuleRegistryParameters = {
  /** Accounts holding the council role. Default: the deployer alone (a dev network). */
  council?: readonly Address[] | undefined;
};

export type DeployModuleRegistryReturnType = {
  moduleRegistry: Address;
  accessManager: Address;
  implementation: Address;
};

/** A deployment failing ({@link DeployContractErrorType}, naming the contract) or a role call reverting. */
export type DeployModuleRegistryErrorType = DeployContractErrorType | CityWriteErrorType;

/** The restricted functions the council may call, by signature (the rest of ModuleRegistry is open or maintainer-gated). */
const COUNCIL_FUNCTIONS = [
  'accreditAuditor(address,bytes32)',
  'revokeAuditor(address)',
  'councilYank(string,string,string)',
  'councilRemoveMaintainer(string,address)',
  'upgradeToAndCall(address,bytes)',
] as const;

/**
 * Deploys a registry network's trust contracts: an AccessManager administered by the deployer, the ModuleRegistry
 * behind a UUPS proxy under it, and the council role on its restricted functions, granted to `council`.
 *
 * @example
 * const { moduleRegistry } = await deployModuleRegistry(wallet, { council: [councilAddress] });
 */
export async function deployModuleRegistry(
  wallet: CityWalletClient,
  parameters: DeployModuleRegistryParameters = {},
): Promise<DeployModuleRegistryReturnType> {
  const { address: accessManager } = await deployContract(wallet, {
    contractName: 'AccessManager',
    abi: AccessManagerAbi,
    bytecode: AccessManagerBytecode,
    args: [wallet.account.address],
  });
  const { address: implementation } = await deployContract(wallet, {
    contractName: 'ModuleRegistry',
    abi: ModuleRegistryAbi,
    bytecode: ModuleRegistryBytecode,
  });
  const init = encodeFunctionData({ abi: ModuleRegistryAbi, functionName: 'initialize', args: [accessManager] });
  const { address: moduleRegistry } = await deployContract(wallet, {
    contractName: 'ERC1967Proxy',
    abi: ERC1967ProxyAbi,
    bytecode: ERC1967ProxyBytecode,
    args: [implementation, init],
  });
  await sendCall(wallet, {
    to: accessManager,
    data: encodeFunctionData({
      abi: AccessManagerAbi,
      functionName: 'setTargetFunctionRole',
      args: [moduleRegistry, COUNCIL_FUNCTIONS.map((f) => toFunctionSelector(`function ${f}`)), REGISTRY_COUNCIL_ROLE],
    }),
    functionName: 'setTargetFunctionRole',
  });
  for (const member of parameters.council ?? [wallet.account.address]) {
    await sendCall(wallet, {
      to: accessManager,
      data: encodeFunctionData({ abi: AccessManagerAbi, functionName: 'grantRole', args: [REGISTRY_COUNCIL_ROLE, member, 0] }),
      functionName: 'grantRole',
    });
  }
  return { moduleRegistry, accessManager, implementation };
}
