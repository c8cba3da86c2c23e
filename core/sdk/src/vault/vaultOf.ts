import { type Address, erc20Abi } from 'viem';
import { readContract } from 'viem/actions';

import type { CityContracts, CityVaultContracts } from '../types/city.js';
import type { CityReadClient } from '../types/client.js';
import { VaultNotDeployedError } from './errors.js';

/** What every vault function needs of the city: its deployment's `contracts.vault`. */
export type VaultCity = Pick<CityContracts, 'vault'>;

/** The city's vault contracts; {@link VaultNotDeployedError} when it was deployed without one. */
export function vaultOf(city: VaultCity): CityVaultContracts {
  if (city.vault === undefined) throw new VaultNotDeployedError();
  return city.vault;
}

/** The vault asset's identity: amounts are shown in its units. */
export type VaultAsset = { address: Address; symbol: string; decimals: number };

export async function readVaultAsset(client: CityReadClient, asset: Address): Promise<VaultAsset> {
  const [symbol, decimals] = await Promise.all([
    readContract(client, { address: asset, abi: erc20Abi, functionName: 'symbol' }),
    readContract(client, { address: asset, abi: erc20Abi, functionName: 'decimals' }),
  ]);
  return { address: asset, symbol, decimals };
}
