import { type Hex, toFunctionSelector } from 'viem';
import { formatAbiItem } from 'viem/utils';

import * as generated from '@citysync/contracts';

let bySelector: Map<string, string> | undefined;

/** Name of the City/Sync function whose selector starts `data`, if any (for error messages). */
export function functionNameOf(data: Hex): string | undefined {
  if (bySelector === undefined) {
    bySelector = new Map();
    for (const [exportName, abi] of Object.entries(generated)) {
      if (!exportName.endsWith('Abi')) continue;
      for (const item of abi as readonly { type: string; name?: string }[]) {
        if (item.type !== 'function' || item.name === undefined) continue;
        const selector = toFunctionSelector(formatAbiItem(item as Parameters<typeof formatAbiItem>[0]));
        if (!bySelector.has(selector)) bySelector.set(selector, item.name);
      }
    }
  }
  return bySelector.get(data.slice(0, 10).toLowerCase());
}
