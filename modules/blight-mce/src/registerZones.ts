import type { CityWalletClient } from '@citysync/sdk';
import { type Address, type Hash, encodeFunctionData } from 'viem';

import { blightMceAbi } from './abi.js';
import { writeModule } from './internal/write.js';
import type { Zone } from './zones.js';

/** Zones per transaction: keeps each well under the block gas limit. */
const CHUNK = 100;

export type RegisterZonesParameters = { module: Address; zones: readonly Pick<Zone, 'zoneId' | 'rank' | 'requests'>[] };
export type RegisterZonesReturnType = { registered: number; hashes: Hash[] };

/**
 * Registers ranked zones on chain as the event's coordinator (ids: H3 indexes as bytes32, with rank and request
 * count). `BlightMceNotCoordinator`, `BlightMceEventOver`, `BlightMceNoEvent`, `BlightMceTooManyZones`.
 */
export async function registerZones(client: CityWalletClient, parameters: RegisterZonesParameters): Promise<RegisterZonesReturnType> {
  const hashes: Hash[] = [];
  for (let i = 0; i < parameters.zones.length; i += CHUNK) {
    const chunk = parameters.zones.slice(i, i + CHUNK);
    const data = encodeFunctionData({
      abi: blightMceAbi,
      functionName: 'registerZones',
      args: [chunk.map((z) => z.zoneId), chunk.map((z) => z.rank), chunk.map((z) => z.requests)],
    });
    const receipt = await writeModule(client, parameters.module, data, 'registerZones');
    hashes.push(receipt.transactionHash);
  }
  return { registered: parameters.zones.length, hashes };
}
