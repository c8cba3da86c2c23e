import type { CityConfig } from '@citysync/schemas';
import { type Address, encodeDeployData, erc20Abi, getAddress, parseUnits } from 'viem';
import { readContract } from 'viem/actions';

import type { VaultParameters } from '../deploy/deployCity.js';
import { CitySyncError } from '../errors/base.js';
import { TestDollarAbi, TestDollarBytecode, TestYieldVaultAbi, TestYieldVaultBytecode } from '@citysync/contracts';
import { sendCall } from '../internal/send.js';
import type { CityWalletClient } from '../types/client.js';

export type VaultConfig = NonNullable<CityConfig['vault']>;

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
  const deploy = async (data: `0x${string}`, name: string): Promise<Address> => {
    const receipt = await sendCall(client, { data, functionName: 'constructor' });
    if (!receipt.contractAddress) throw new CitySyncError(`No contract address in the receipt deploying ${name}.`);
    return getAddress(receipt.contractAddress);
  };
  const asset = await deploy(encodeDeployData({ abi: TestDollarAbi, bytecode: TestDollarBytecode }), 'TestDollar');
  const yieldSource = await deploy(
    encodeDeployData({ abi: TestYieldVaultAbi, bytecode: TestYieldVaultBytecode, args: [asset] }),
    'TestYieldVault',
  );
  return { asset, yieldSource };
}
