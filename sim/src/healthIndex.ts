import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { pad, numberToHex } from 'viem';

import {
  type HealthGovernance,
  type HealthRow,
  type IndexerRpcLog,
  type PeriodClock,
  LogIngester,
  computeHealth,
  openIndexDatabase,
} from '@citysync/indexer';
import { simContracts } from './logs.js';

/**
 * A simulated city's index: the model's logs go through the indexer's own ingest (decode, typed rows, cursor) into
 * a SQLite file, and the health rows come from the indexer's computeHealth, exactly as `dpan health` gets them.
 */
export class HealthIndex {
  readonly dbPath: string;
  private readonly dir: string;
  private readonly db: ReturnType<typeof openIndexDatabase>;
  private readonly ingester: LogIngester;

  constructor(
    private readonly governance: HealthGovernance,
    private readonly clock: PeriodClock,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), 'citysync-sim-'));
    this.dbPath = join(this.dir, 'index.sqlite');
    this.db = openIndexDatabase(this.dbPath);
    this.ingester = new LogIngester(this.db, simContracts);
  }

  /** Ingests logs and moves the cursor to `block` at `timestamp` (a period's end makes that period complete). */
  ingest(logs: readonly IndexerRpcLog[], block: number, timestamp: number): void {
    const number = numberToHex(block);
    this.ingester.ingest(logs, { number: BigInt(block), hash: pad(number, { size: 32 }), timestamp });
  }

  /** computeHealth over everything ingested so far. */
  rows(): HealthRow[] {
    return computeHealth({ dbPath: this.dbPath, governance: this.governance, periodClock: this.clock });
  }

  /** One query on the index (the figures beside the indicators that a city can also read from its index). */
  query<T>(sql: string, ...params: unknown[]): T[] {
    return this.db.prepare(sql).all(...params) as T[];
  }

  close(): void {
    this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
