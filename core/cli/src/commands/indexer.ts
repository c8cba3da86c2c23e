import { resolve } from 'node:path';

import { type IndexCityReturnType, indexCity } from '@citysync/indexer';
import { type OutputOptions, defineCommand } from '../command.js';
import { type ChainOptions, type OpenedCity, openCityOf } from '../context.js';
import { createProgress } from '../progress.js';

export type IndexResult = IndexCityReturnType & { dbPath: string };


/** Indexes the city's events into .citysync/index.sqlite, with a progress bar over the block ranges. */
export async function indexWithProgress(connection: OpenedCity): Promise<IndexResult> {
  const { city, deployment } = connection;
  const dbPath = resolve(connection.cityDir, '.citysync', 'index.sqlite');
  const progress = createProgress('indexing blocks', 1);
  let first: bigint | undefined;
  try {
    const result = await indexCity({
      publicClient: connection.publicClient,
      contracts: city,
      fromBlock: deployment.blockNumber,
      dbPath,
      onProgress: (p) => {
        first ??= p.fromBlock;
        progress.setTotal(Number(p.targetBlock - first + 1n));
        progress.update(Number(p.toBlock - first + 1n), `${p.totalEvents} events`);
      },
    });
    return { ...result, dbPath };
  } finally {
    progress.stop();
  }
}

/** `dpan index`: reads the city's standard events into SQLite, resuming from the last indexed block. */
export const index = defineCommand(
  async (options: ChainOptions & OutputOptions): Promise<IndexResult> => await indexWithProgress(await openCityOf(options)),
  {
    render: (r) =>
      r.ranges === 0
        ? `index up to date at block ${r.toBlock} (${r.dbPath})`
        : `indexed blocks ${r.fromBlock}..${r.toBlock}: ${r.events} events${r.resumed ? ' (resumed)' : ''} into ${r.dbPath}`,
  },
);
