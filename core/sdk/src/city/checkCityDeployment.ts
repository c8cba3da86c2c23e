import type { Address } from 'viem';
import { getCode } from 'viem/actions';

import type { CityContracts } from '../types/city.js';
import type { CityReadClient } from '../types/client.js';
import { CityContractsMissingError } from './errors.js';

/**
 * Checks that every contract of a deployed city has code on the client's chain; throws
 * {@link CityContractsMissingError} naming the ones that do not (a wrong --rpc, or a chain reset since).
 */
export async function checkCityDeployment(
  client: CityReadClient,
  parameters: { contracts: CityContracts; rpcUrl: string },
): Promise<void> {
  const { contracts, rpcUrl } = parameters;
  const { committees, vault, ...singles } = contracts;
  const entries: [string, Address][] = [
    ...Object.entries(singles),
    ...Object.entries(committees).map(([name, address]): [string, Address] => [`committees.${name}`, address]),
    ...Object.entries(vault ?? {}).map(([name, address]): [string, Address] => [`vault.${name}`, address]),
  ];
  const codes = await Promise.all(entries.map(([, address]) => getCode(client, { address })));
  const missing = entries.filter((_, i) => codes[i] === undefined || codes[i] === '0x').map(([name]) => name);
  if (missing.length > 0) throw new CityContractsMissingError(rpcUrl, missing);
}
