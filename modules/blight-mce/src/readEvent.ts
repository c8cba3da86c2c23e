import type { CityReadClient } from '@citysync/sdk';
import type { Address, Hex } from 'viem';
import { readContract } from 'viem/actions';

import { blightMceAbi } from './abi.js';
import { cellOf } from './zones.js';

export type BlightEvent = {
  module: Address;
  /** 0n before the event is scheduled. */
  start: bigint;
  end: bigint;
  coordinator: Address;
  duration: bigint;
  evidenceSchemaHash: Hex;
  zones: { zoneId: Hex; cell: string | undefined; rank: number; requests: number }[];
};

/** The event as the module holds it: window, coordinator, evidence schema hash, registered zones. */
export async function readEvent(client: CityReadClient, parameters: { module: Address }): Promise<BlightEvent> {
  const { module } = parameters;
  const [start, end, coordinator, duration] = await readContract(client, { address: module, abi: blightMceAbi, functionName: 'eventWindow' });
  const evidenceSchemaHash = await readContract(client, { address: module, abi: blightMceAbi, functionName: 'evidenceSchemaHash' });
  const ids = await readContract(client, { address: module, abi: blightMceAbi, functionName: 'zoneIds' });
  const zones = [];
  for (const zoneId of ids) {
    const z = await readContract(client, { address: module, abi: blightMceAbi, functionName: 'zone', args: [zoneId] });
    zones.push({ zoneId, cell: cellOf(zoneId), rank: z.rank, requests: z.requests });
  }
  return { module, start: BigInt(start), end: BigInt(end), coordinator, duration: BigInt(duration), evidenceSchemaHash, zones };
}
