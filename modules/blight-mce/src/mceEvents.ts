import { type CityContracts, type CityReadClient, toId } from '@citysync/sdk';
import { CivicCreditAbi, ModuleKernelAbi } from '@citysync/contracts';
import { type Address, type Hex, isAddress, isAddressEqual } from 'viem';
import { getContractEvents, readContract } from 'viem/actions';

import { MceEventNotFoundError } from './exportErrors.js';
import { BLIGHT_MCE } from './publishEventTask.js';
import { readEvent } from './readEvent.js';

/** One blight & safety MCE a city scheduled: one per installed module contract (the window cannot move once started). */
export type MceEvent = {
  /** `<ticker>-<module>-<start date>`, e.g. `brky-blight-mce-2026-01-12` (`-2`, `-3`... if a date repeats). */
  id: string;
  /** The module contract that held the event. */
  module: Address;
  /** The version the kernel installed with that contract. */
  name: string;
  version: string;
  contentHash: Hex;
  /** Block of the install: nothing of this event happened before it. */
  installedBlock: bigint;
  /** Unix seconds; 0n (and id `<ticker>-<module>-unscheduled`) when no window is set yet. */
  start: bigint;
  end: bigint;
  coordinator: Address;
};

export type ListMceEventsParameters = {
  city: Pick<CityContracts, 'kernel' | 'credit'>;
  /** The module's package name, under which the kernel installed it (a fork's own name). Default: BLIGHT_MCE. */
  moduleName?: string | undefined;
  /** First block to read (the city's deployment block). Default 0. */
  fromBlock?: bigint | undefined;
};

/** `@citysync/dpan-blight-mce` -> `blight-mce`: the package name without scope and `dpan-` prefix. */
function slugOf(name: string): string {
  return (name.split('/').pop() ?? name).replace(/^dpan-/, '');
}

/**
 * Every installation of the blight & safety MCE in the city, oldest first, from the kernel's `ModuleInstalled`
 * events (an update installs a new contract, so a new event), each with its window as the contract holds it.
 * Ids are derived, not stored: the chain gives events no name, and ticker + module + start date is what a city
 * team would call it.
 */
export async function listMceEvents(client: CityReadClient, parameters: ListMceEventsParameters): Promise<MceEvent[]> {
  const { city } = parameters;
  const installs = await getContractEvents(client, {
    address: city.kernel,
    abi: ModuleKernelAbi,
    eventName: 'ModuleInstalled',
    args: { moduleId: toId(parameters.moduleName ?? BLIGHT_MCE) },
    fromBlock: parameters.fromBlock ?? 0n,
    toBlock: 'latest',
    strict: true,
  });
  const ticker = (await readContract(client, { address: city.credit, abi: CivicCreditAbi, functionName: 'symbol' })).toLowerCase();
  const events: MceEvent[] = [];
  const seen = new Map<string, number>();
  for (const log of installs) {
    const { name, version, contentHash, module } = log.args;
    const window = await readEvent(client, { module });
    const day = window.start === 0n ? 'unscheduled' : new Date(Number(window.start) * 1000).toISOString().slice(0, 10);
    const base = `${ticker}-${slugOf(name)}-${day}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    events.push({
      id: n === 1 ? base : `${base}-${n}`,
      module,
      name,
      version,
      contentHash,
      installedBlock: log.blockNumber,
      start: window.start,
      end: window.end,
      coordinator: window.coordinator,
    });
  }
  return events;
}

/** The event named by its id or its module address; {@link MceEventNotFoundError} listing the city's events otherwise. */
export async function findMceEvent(client: CityReadClient, parameters: ListMceEventsParameters & { event: string }): Promise<MceEvent> {
  const events = await listMceEvents(client, parameters);
  const { event } = parameters;
  const found = events.find((e) => e.id === event || (isAddress(event) && isAddressEqual(e.module, event)));
  if (found === undefined) throw new MceEventNotFoundError(event, events.map((e) => `${e.id} (${e.module})`));
  return found;
}
