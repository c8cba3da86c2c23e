import type Database from 'better-sqlite3';
import { getBlockNumber, getChainId } from 'viem/actions';

import type { CityContracts, CityReadClient } from '@citysync/sdk';
import { bindIndexDatabase, openIndexDatabase, readCursor } from './database.js';
import { IndexerRpcError } from './errors.js';
import { blockHashAt, fetchRange } from './indexCity.js';
import { LogIngester } from './ingest.js';
import { tables } from './schema.js';

export type FollowCityParameters = {
  publicClient: CityReadClient;
  contracts: CityContracts;
  /** First block to index when the database is empty (the city's deployment block). */
  fromBlock: bigint;
  dbPath: string;
  /** How often to look for new blocks, in milliseconds. Default 1000. */
  pollIntervalMs?: number | undefined;
  /** Blocks per `eth_getLogs` call. Default 2000. */
  batchBlocks?: number | undefined;
  /** Checkpoints kept for finding a fork point. Default 256 (a reorganisation deeper than that re-reads everything). */
  keepCheckpoints?: number | undefined;
  /** Called after each poll that moved the index, and after each rollback. */
  onStep?: ((step: FollowStep) => void) | undefined;
  /** Called when a poll fails (the follower keeps polling). */
  onError?: ((error: unknown) => void) | undefined;
};

export type FollowStep =
  | { kind: 'indexed'; fromBlock: bigint; toBlock: bigint; events: number }
  | { kind: 'rolled-back'; fromBlock: bigint; toBlock: bigint | undefined; reason: string };

export type FollowerStatus = {
  state: 'starting' | 'following' | 'error' | 'stopped';
  /** The last indexed block. */
  cursor: bigint | undefined;
  /** The chain's head at the last poll. */
  head: bigint | undefined;
  lastError: string | undefined;
  rollbacks: number;
};

export type CityFollower = {
  status(): FollowerStatus;
  /** Resolves after one more poll (for tests and for a caller that needs the index current). */
  poll(): Promise<void>;
  /** Stops polling and closes the database. */
  stop(): Promise<void>;
  /** The open index database (read-only use: the follower is its only writer). */
  readonly db: Database.Database;
};

/**
 * Follows the chain into the index: every `pollIntervalMs`, the new blocks' standard events, committed with the
 * cursor range by range (as {@link indexCity}). Reorganisations are handled: when the block at the cursor has
 * another hash on the chain, the index is rolled back to the newest checkpoint (a cursor it passed) still on the
 * chain, or to empty when none is, and the blocks after it are read again.
 *
 * @example
 * const follower = followCity({ publicClient, contracts: city, fromBlock: city.blockNumber, dbPath })
 * await follower.stop()
 */
export function followCity(parameters: FollowCityParameters): CityFollower {
  const { publicClient: client, contracts, dbPath, onStep, onError } = parameters;
  const pollIntervalMs = parameters.pollIntervalMs ?? 1_000;
  const keep = parameters.keepCheckpoints ?? 256;
  const batch = BigInt(Math.max(1, parameters.batchBlocks ?? 2_000));
  const db = openIndexDatabase(dbPath);
  const ingester = new LogIngester(db, contracts);
  const writeCheckpoint = db.prepare(
    'INSERT OR REPLACE INTO checkpoints (block_number, block_hash, block_timestamp) VALUES (?, ?, ?)',
  );
  const pruneCheckpoints = db.prepare(
    'DELETE FROM checkpoints WHERE block_number NOT IN (SELECT block_number FROM checkpoints ORDER BY block_number DESC LIMIT ?)',
  );
  const status: FollowerStatus = { state: 'starting', cursor: readCursor(db)?.blockNumber, head: undefined, lastError: undefined, rollbacks: 0 };
  let bound = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const pollOnce = async () => {
    if (!bound) {
      bindIndexDatabase(db, dbPath, { chainId: await getChainId(client), contracts });
      bound = true;
    }
    await rollBackIfForked();
    const head = await getBlockNumber(client, { cacheTime: 0 });
    status.head = head;
    const cursor = readCursor(db);
    let from = cursor === undefined ? parameters.fromBlock : cursor.blockNumber + 1n;
    const start = from;
    let events = 0;
    while (from <= head && !stopped) {
      const to = from + batch - 1n < head ? from + batch - 1n : head;
      let fetched;
      try {
        fetched = await fetchRange(client, ingester, from, to);
      } catch (error) {
        throw new IndexerRpcError('eth_getLogs', `${from}..${to}`, error);
      }
      db.transaction(() => {
        events += ingester.ingest(fetched.logs, fetched.block, fetched.timestamps);
        writeCheckpoint.run(Number(fetched.block.number), fetched.block.hash, fetched.block.timestamp);
        pruneCheckpoints.run(keep);
      })();
      status.cursor = to;
      from = to + 1n;
    }
    if (from > start) onStep?.({ kind: 'indexed', fromBlock: start, toBlock: from - 1n, events });
  };

  /** Rolls back to the newest checkpoint still on the chain if the block at the cursor was replaced. */
  const rollBackIfForked = async () => {
    const cursor = readCursor(db);
    if (cursor === undefined) return;
    const chainHash = await blockHashAt(client, cursor.blockNumber);
    if (chainHash === cursor.blockHash) return;
    const checkpoints = db
      .prepare('SELECT block_number, block_hash, block_timestamp FROM checkpoints WHERE block_number < ? ORDER BY block_number DESC')
      .all(Number(cursor.blockNumber)) as { block_number: number; block_hash: string; block_timestamp: number }[];
    let forkPoint: (typeof checkpoints)[number] | undefined;
    for (const checkpoint of checkpoints) {
      if ((await blockHashAt(client, BigInt(checkpoint.block_number))) === checkpoint.block_hash) {
        forkPoint = checkpoint;
        break;
      }
    }
    rollbackIndex(db, forkPoint === undefined ? undefined : { blockNumber: forkPoint.block_number, blockHash: forkPoint.block_hash, blockTimestamp: forkPoint.block_timestamp });
    status.rollbacks++;
    status.cursor = forkPoint === undefined ? undefined : BigInt(forkPoint.block_number);
    onStep?.({
      kind: 'rolled-back',
      fromBlock: cursor.blockNumber,
      toBlock: status.cursor,
      reason: `block ${cursor.blockNumber} was ${cursor.blockHash}, the chain has ${chainHash ?? 'no such block'}`,
    });
  };

  const tick = () => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        await pollOnce();
        status.state = 'following';
        status.lastError = undefined;
      } catch (error) {
        status.state = 'error';
        status.lastError = error instanceof Error ? error.message.split('\n')[0] : String(error);
        onError?.(error);
      }
    });
    return running;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void tick().then(schedule), pollIntervalMs);
  };
  void tick().then(schedule);

  return {
    db,
    status: () => ({ ...status }),
    poll: () => tick(),
    stop: async () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await running;
      status.state = 'stopped';
      db.close();
    },
  };
}

/**
 * Deletes every indexed row after `to` (every row when `to` is undefined) and moves the cursor there, in one
 * transaction. Address ids are kept: an id without rows is harmless, and the rows read again reuse it.
 */
export function rollbackIndex(
  db: Database.Database,
  to: { blockNumber: number; blockHash: string; blockTimestamp: number } | undefined,
): void {
  const after = to?.blockNumber ?? -1;
  db.transaction(() => {
    for (const table of [...Object.keys(tables), 'transactions', 'checkpoints']) {
      db.prepare(`DELETE FROM ${table} WHERE block_number > ?`).run(after);
    }
    if (to === undefined) db.prepare('DELETE FROM cursor').run();
    else {
      db.prepare('UPDATE cursor SET block_number = ?, block_hash = ?, block_timestamp = ? WHERE id = 0').run(
        to.blockNumber,
        to.blockHash,
        to.blockTimestamp,
      );
    }
  })();
}
