import type { CityWalletClient } from '@citysync/sdk';
import { type Address, type Hash, type Hex, encodeFunctionData } from 'viem';

import { blightMceAbi } from './abi.js';
import { writeModule } from './internal/write.js';

export type AssignZonesParameters = {
  module: Address;
  /** An accredited issuer (public works, transportation, parks, a library, ...). */
  issuer: Address;
  zoneIds: readonly Hex[];
  /** false withdraws the zones. Default true. */
  assigned?: boolean | undefined;
};

/**
 * As the coordinator, lets `issuer` publish and verify the event's tasks in `zoneIds` (registered zones).
 * `BlightMceNotCoordinator`, `BlightMceUnknownZone`, `BlightMceNotIssuer`, `BlightMceEventOver`.
 */
export async function assignZones(client: CityWalletClient, parameters: AssignZonesParameters): Promise<{ hash: Hash }> {
  const data = encodeFunctionData({
    abi: blightMceAbi,
    functionName: 'assignZones',
    args: [parameters.issuer, [...parameters.zoneIds], parameters.assigned ?? true],
  });
  const receipt = await writeModule(client, parameters.module, data, 'assignZones');
  return { hash: receipt.transactionHash };
}
