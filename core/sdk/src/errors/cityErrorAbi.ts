import { formatAbiItem } from 'viem/utils';

import { ModuleRegistryAbi } from '@citysync/contracts';

import * as core from '@citysync/contracts';

// The registry network's ModuleRegistry too: publish, audit and install calls revert with its errors.
const generated = { ...core, ModuleRegistryAbi };

type Generated = typeof generated;
type AbiExportName = Extract<keyof Generated, `${string}Abi`>;

/** The `error` items of every generated ABI. */
export type CityErrorAbiItem = Extract<Generated[AbiExportName][number], { type: 'error' }>;

/** The name of any custom error a City/Sync contract (or the city's AccessManager) can raise. */
export type CityErrorName = CityErrorAbiItem['name'];

function collectErrors(): readonly CityErrorAbiItem[] {
  const bySignature = new Map<string, CityErrorAbiItem>();
  for (const [exportName, value] of Object.entries(generated)) {
    if (!exportName.endsWith('Abi')) continue;
    for (const item of value as readonly { type: string }[]) {
      if (item.type !== 'error') continue;
      const error = item as CityErrorAbiItem;
      const signature = formatAbiItem(error as Parameters<typeof formatAbiItem>[0]);
      if (!bySignature.has(signature)) bySignature.set(signature, error);
    }
  }
  return [...bySignature.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Every custom error of every City/Sync contract, deduplicated: decode any revert with it, whichever contract in
 * the call chain raised it (viem alone decodes with the ABI of the contract called, and misses nested errors).
 */
export const cityErrorAbi: readonly CityErrorAbiItem[] = collectErrors();
