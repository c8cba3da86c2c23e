import { type CityContracts, type CityWalletClient, type PublishTaskReturnType, publishTask } from '@citysync/sdk';
import type { Address } from 'viem';

import { readEvent } from './readEvent.js';
import { BlightEventStateError } from './errors.js';
import { zoneIdOf } from './zones.js';

/** The module's package name: its budget line and module id. */
export const BLIGHT_MCE = '@citysync/dpan-blight-mce';

export type PublishEventTaskParameters = {
  city: Pick<CityContracts, 'taskBoard'>;
  module: Address;
  /** A task type of the module's catalog, e.g. intersection-audit. */
  taskType: string;
  rate: bigint;
  slots: number;
  /** The zone: its H3 cell index. It must be registered and assigned to the issuer. */
  cell: string;
  /** Default: the event's whole window. */
  start?: bigint | undefined;
  end?: bigint | undefined;
};

/**
 * Publishes an event task as the client's account (an issuer assigned to the zone): the module's budget line,
 * its claim gate, its evidence schema hash, the zone's id, inside the event's window. The module's task policy
 * refuses anything else (`BlightMceZoneNotAssigned`, `BlightMceOutsideEvent`, ...).
 */
export async function publishEventTask(client: CityWalletClient, parameters: PublishEventTaskParameters): Promise<PublishTaskReturnType> {
  const event = await readEvent(client, { module: parameters.module });
  if (event.start === 0n) throw new BlightEventStateError('The blight & safety MCE is not scheduled yet.', { details: 'A committee schedules it first (scheduleEventCall).' });
  return await publishTask(client, {
    city: parameters.city,
    module: BLIGHT_MCE,
    taskType: parameters.taskType,
    rate: parameters.rate,
    slots: parameters.slots,
    start: parameters.start ?? event.start,
    end: parameters.end ?? event.end,
    zone: zoneIdOf(parameters.cell),
    evidenceSchemaHash: event.evidenceSchemaHash,
    gate: parameters.module,
  });
}
