import Database from 'better-sqlite3';

import type { CityContracts } from '@citysync/sdk';
import { IndexerDatabaseMismatchError } from './errors.js';
import { SCHEMA_VERSION, schemaSql } from './schema.js';

export type IndexCursor = { blockNumber: bigint; blockHash: string; blockTimestamp: number };

/**
 * Opens (creating if needed) an index database in WAL mode: readers (`dpan health`) never block the writer, and a
 * committed transaction survives the process being killed. `synchronous = NORMAL` is safe in WAL mode against
 * process crashes (a power loss may only lose the last transactions, never corrupt the file).
 */
export function openIndexDatabase(dbPath: string): Database.Database {
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  db.exec(schemaSql);
  return db;
}

/**
 * Records which chain and city the database indexes, or checks that it is the same one: an index must never mix
 * two cities' rows.
 */
export function bindIndexDatabase(
  db: Database.Database,
  dbPath: string,
  identity: { chainId: number; contracts: CityContracts },
): void {
  const read = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
  const write = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  const expected: Record<string, string> = {
    schemaVersion: String(SCHEMA_VERSION),
    chainId: String(identity.chainId),
    contracts: JSON.stringify(canonicalContracts(identity.contracts)),
  };
  db.transaction(() => {
    for (const [key, value] of Object.entries(expected)) {
      const stored = read.get(key) as string | undefined;
      if (stored === undefined) write.run(key, value);
      else if (stored !== value) {
        const what = key === 'contracts' ? 'the city with contracts' : key === 'chainId' ? 'chain' : 'schema version';
        throw new IndexerDatabaseMismatchError(dbPath, what, stored, value);
      }
    }
  })();
}

function canonicalContracts(c: CityContracts): Record<string, unknown> {
  const lower = (a: string) => a.toLowerCase();
  return {
    accreditation: lower(c.accreditation),
    committees: Object.fromEntries(Object.entries(c.committees).map(([k, v]) => [k, lower(v)]).sort()),
    credit: lower(c.credit),
    forwarder: lower(c.forwarder),
    governor: lower(c.governor),
    issuance: lower(c.issuance),
    kernel: lower(c.kernel),
    manager: lower(c.manager),
    taskBoard: lower(c.taskBoard),
    votes: lower(c.votes),
  };
}

/** The last fully indexed block, or undefined for an empty index. */
export function readCursor(db: Database.Database): IndexCursor | undefined {
  const row = db.prepare('SELECT block_number, block_hash, block_timestamp FROM cursor WHERE id = 0').get() as
    | { block_number: number; block_hash: string; block_timestamp: number }
    | undefined;
  return row === undefined
    ? undefined
    : { blockNumber: BigInt(row.block_number), blockHash: row.block_hash, blockTimestamp: row.block_timestamp };
}
