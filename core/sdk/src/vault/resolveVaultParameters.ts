import type { CityConfig } from '@citysync/schemas';
import { type Address, type BaseErrorType, erc20Abi, getAddress, parseUnits } from 'viem';
import { readContract } from 'viem/actions';

import { TestDollarAbi, TestDollarBytecode, TestYieldVaultAbi, TestYieldVaultBytecode } from '@citysync/contracts';

import type { VaultParameters } from '../deploy/deployCity.js';
import { type DeployContractErrorType, deployContract } from '../deploy/deployContract.js';
import { CitySyncError } from '../errors/base.js';
import type { CityWalletClient } from '../types/client.js';

export type VaultConfig = NonNullable<CityConfig['vault']>;

/** `CitySyncError` naming city.json's missing `vault.yieldSource`, a test asset's deployment failing, or viem's. */
export type ResolveVaultParametersErrorType = CitySyncError | DeployContractErrorType | BaseErrorType;

/**
 * Turns city.json's `vault` into {@link deployCity}'s vault parameters: caps from the asset's units to its
 * smallest unit (its `decimals()`), and, for `"asset": "test"`, a fresh Test Dollar and its controllable yield
 * source deployed with the client's account (demo and embedded chains).
 */
export async function resolveVaultParameters(client: CityWalletClient, vault: VaultConfig): Promise<VaultParameters> {
  const { asset, yieldSource } =
    vault.asset === 'test' ? await deployTestAsset(client) : { asset: getAddress(vault.asset), yieldSource: vault.yieldSource };
  if (yieldSource === undefined) {
    throw new CitySyncError('city.json#/vault/yieldSource: missing; name the ERC-4626 vault the principal is invested in.');
  }
  const decimals = await readContract(client, { address: asset, abi: erc20Abi, functionName: 'decimals' });
  return {
    asset,
    yieldSource: getAddress(yieldSource),
    payoutPeriodSeconds: vault.payoutPeriodSeconds,
    lineBounds: { minBps: vault.lineBounds.minBps, maxBps: vault.lineBounds.maxBps },
    budgetLines: vault.budgetLines.map((line) => ({
      recipient: getAddress(line.recipient),
      purpose: line.purpose,
      bps: line.bps,
      capPerPeriod: parseUnits(line.capPerPeriod, decimals),
    })),
  };
}

async function deployTestAsset(client: CityWalletClient): Promise<{ asset: Address; yieldSource: Address }> {
  const { address: asset } = await deployContract(client, {
    contractName: 'TestDollar',
    abi: TestDollarAbi,
    bytecode: TestDollarBytecode,
  });
  const { address: yieldSource } = await deployContract(client, {
    contractName: 'TestYieldVault',
    abi: TestYieldVaultAbi,
    bytecode: TestYieldVaultBytecode,
    args: [asset],
  });
  return { asset, yieldSource };
}
