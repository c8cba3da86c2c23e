import { BlockNotFoundError, type Hex, toHex } from 'viem';
import { getBlock, getBlockNumber, getChainId } from 'viem/actions';

import type { CityContracts } from '@citysync/sdk';
import type { CityReadClient } from '@citysync/sdk';
import { bindIndexDatabase, openIndexDatabase, readCursor } from './database.js';
import type { IndexerRpcLog } from './decodeLog.js';
import { type IndexerError, IndexerReorgError, IndexerRpcError } from './errors.js';
import { type IndexedBlock, LogIngester } from './ingest.js';

export type IndexCityParameters = {
  /** Any client that can read the chain (`eth_getLogs`, `eth_getBlockByNumber`). */
  publicClient: CityReadClient;
  contracts: CityContracts;
  /** First block to index when the database is empty (the city's deployment block). Ignored when resuming. */
  fromBlock: bigint;
  /** SQLite file; created if missing. */
  dbPath: string;
  /** Last block to index. Default: the chain's latest block when the run starts. */
  toBlock?: bigint | undefined;
  /** Blocks per `eth_getLogs` call (halved automatically when the endpoint refuses a range). Default 2000. */
  batchBlocks?: number | undefined;
  /** Pause after each committed range, in milliseconds (lets a test kill the process mid-run). Default 0. */
  rangeDelayMs?: number | undefined;
  /** Called after each committed range. */
  onProgress?: ((progress: IndexProgress) => void) | undefined;
};

export type IndexProgress = {
  /** The range just committed. */
  fromBlock: bigint;
  toBlock: bigint;
  /** The block this run indexes up to. */
  targetBlock: bigint;
  /** Events written in this range, and in this run so far. */
  events: number;
  totalEvents: number;
};

export type IndexCityReturnType = {
  /** First block indexed by this run (after the cursor when resuming). */
  fromBlock: bigint;
  /** Last block indexed: the cursor now. */
  toBlock: bigint;
  /** Events written by this run. */
  events: number;
  /** Block ranges committed by this run. */
  ranges: number;
  /** Whether the run continued an existing index. */
  resumed: boolean;
};

/** {@link IndexerReorgError}, {@link IndexerRpcError}, or a mismatch between the database and the city. */
export type IndexCityErrorType = IndexerError;

const DEFAULT_BATCH_BLOCKS = 2000;

/**
 * Indexes the standard events of a city into SQLite, resumable from its last block: each block range's rows and
 * the cursor (block number and hash) are committed in one transaction, so a run killed at any instant and
 * restarted ends with exactly the rows of an uninterrupted run. On resume, the cursor's block hash is checked
 * against the chain; a mismatch (a reorganisation, or a reset dev chain) throws {@link IndexerReorgError}.
 *
 * @example
 * await indexCity({ publicClient, contracts: city, fromBlock: city.blockNumber, dbPath: '.citysync/index.sqlite' })
 */
export async function indexCity(parameters: IndexCityParameters): Promise<IndexCityReturnType> {
  const { publicClient: client, contracts, dbPath, onProgress } = parameters;
  const db = openIndexDatabase(dbPath);
  try {
    bindIndexDatabase(db, dbPath, { chainId: await getChainId(client), contracts });
    const ingester = new LogIngester(db, contracts);
    const cursor = readCursor(db);
    if (cursor !== undefined) {
      const chainHash = await blockHashAt(client, cursor.blockNumber);
      if (chainHash !== cursor.blockHash) throw new IndexerReorgError(cursor.blockNumber, cursor.blockHash, chainHash);
    }
    const start = cursor === undefined ? parameters.fromBlock : cursor.blockNumber + 1n;
    const target = parameters.toBlock ?? (await getBlockNumber(client, { cacheTime: 0 }));
    let batch = BigInt(Math.max(1, parameters.batchBlocks ?? DEFAULT_BATCH_BLOCKS));
    let events = 0;
    let ranges = 0;
    let from = start;
    while (from <= target) {
      const to = from + batch - 1n < target ? from + batch - 1n : target;
      let fetched: { logs: IndexerRpcLog[]; block: IndexedBlock; timestamps: Map<string, number> };
      try {
        fetched = await fetchRange(client, ingester, from, to);
      } catch (error) {
        if (to === from) throw new IndexerRpcError('eth_getLogs', `${from}..${to}`, error);
        // Providers cap the blocks or logs per call: retry the same start with half the range.
        batch = (to - from + 1n) / 2n;
        continue;
      }
      const written = ingester.ingest(fetched.logs, fetched.block, fetched.timestamps);
      events += written;
      ranges++;
      onProgress?.({ fromBlock: from, toBlock: to, targetBlock: target, events: written, totalEvents: events });
      from = to + 1n;
      if (parameters.rangeDelayMs && from <= target) await sleep(parameters.rangeDelayMs);
    }
    return { fromBlock: start, toBlock: target < start ? start - 1n : target, events, ranges, resumed: cursor !== undefined };
  } finally {
    db.close();
  }
}

/** The standard logs of a block range and the header of its last block (for the cursor). */
export async function fetchRange(
  client: CityReadClient,
  ingester: LogIngester,
  from: bigint,
  to: bigint,
): Promise<{ logs: IndexerRpcLog[]; block: IndexedBlock; timestamps: Map<string, number> }> {
  const [logs, last] = await Promise.all([
    client.request({
      method: 'eth_getLogs',
      params: [
        {
          address: ingester.addresses as Hex[],
          topics: [ingester.selectors as Hex[]],
          fromBlock: toHex(from),
          toBlock: toHex(to),
        },
      ],
    }) as Promise<IndexerRpcLog[]>,
    getBlock(client, { blockNumber: to }),
  ]);
  // Nodes that predate `blockTimestamp` in logs: read the headers of the blocks that have logs.
  const timestamps = new Map<string, number>([[String(to), Number(last.timestamp)]]);
  const missing = [...new Set(logs.filter((l) => l.blockTimestamp == null).map((l) => BigInt(l.blockNumber as Hex)))];
  const headers = await Promise.all(missing.map((blockNumber) => getBlock(client, { blockNumber })));
  for (const header of headers) timestamps.set(String(header.number), Number(header.timestamp));
  return { logs, block: { number: to, hash: last.hash, timestamp: Number(last.timestamp) }, timestamps };
}

/** The hash of a block on the chain now, or undefined when the chain has no such block (it is shorter). */
export async function blockHashAt(client: CityReadClient, blockNumber: bigint): Promise<string | undefined> {
  try {
    return (await getBlock(client, { blockNumber })).hash;
  } catch (error) {
    if (error instanceof BlockNotFoundError) return undefined;
    throw error;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
