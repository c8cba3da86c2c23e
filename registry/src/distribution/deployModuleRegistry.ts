import { ERC1967ProxyAbi, ERC1967ProxyBytecode, ModuleRegistryAbi, ModuleRegistryBytecode } from '@citysync/contracts';
import { type Abi, type Address, type Hex, encodeDeployData, encodeFunctionData, getAddress, toFunctionSelector } from 'viem';

import { AccessManagerAbi, AccessManagerBytecode } from '@citysync/contracts';
import { sendCall } from '@citysync/sdk';
import type { CityWalletClient } from '@citysync/sdk';

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

/** The restricted functions the council may call, by signature (the rest of ModuleRegistry is open or maintainer-gated). */
const COUNCIL_FUNCTIONS = [
  'accreditAuditor(address,bytes32)',
  'revokeAuditor(address)',
  'councilYank(string,string,string)',
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
  const deploy = async (abi: Abi, bytecode: Hex, args: readonly unknown[], what: string): Promise<Address> => {
    const receipt = await sendCall(wallet, { data: encodeDeployData({ abi, bytecode, args }), functionName: `${what} constructor` });
    if (receipt.contractAddress == null) throw new Error(`deploying ${what} returned no contract address (tx ${receipt.transactionHash})`);
    return getAddress(receipt.contractAddress);
  };
  const accessManager = await deploy(AccessManagerAbi, AccessManagerBytecode, [wallet.account.address], 'AccessManager');
  const implementation = await deploy(ModuleRegistryAbi, ModuleRegistryBytecode, [], 'ModuleRegistry');
  const init = encodeFunctionData({ abi: ModuleRegistryAbi, functionName: 'initialize', args: [accessManager] });
  const moduleRegistry = await deploy(ERC1967ProxyAbi, ERC1967ProxyBytecode, [implementation, init], 'ERC1967Proxy');
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
