import { getBlock } from 'viem/actions';

import type { CityReadClient } from '../types/client.js';
import type { WaitForDelay } from './committeeDecision.js';

/**
 * A {@link WaitForDelay} for a live chain: polls the latest block until its timestamp reaches the delay's end
 * (a committee's execution is judged by the block's time, not the local clock).
 */
export function waitForChainTime(client: CityReadClient, pollMs = 5_000): WaitForDelay {
  return async (readyAt) => {
    for (;;) {
      const { timestamp } = await getBlock(client, { blockTag: 'latest' });
      if (timestamp >= BigInt(readyAt)) return;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  };
}
