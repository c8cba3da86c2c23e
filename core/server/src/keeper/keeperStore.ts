import Database from 'better-sqlite3';

export type KeeperRecord = {
  period: number;
  band: string;
  /** `none`: nothing to propose; `proposing`: about to propose (or proposed, not yet recorded); `proposed`. */
  state: 'none' | 'proposing' | 'proposed';
  descriptionHash: string | null;
  proposalId: string | null;
  alert: 'none' | 'pending' | 'sent' | 'failed';
};

/**
 * The keeper's memory, in its own SQLite file: one row per period it has handled, so a period is proposed for at
 * most once, also across restarts. A row is written as `proposing` before the proposal is sent; a restart that finds
 * one looks for the proposal on chain (by its description hash, in the index) before proposing again.
 */
export class KeeperStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS periods (
      period INTEGER PRIMARY KEY, band TEXT NOT NULL, state TEXT NOT NULL, description_hash TEXT,
      proposal_id TEXT, alert TEXT NOT NULL DEFAULT 'none', markdown TEXT, updated_at INTEGER NOT NULL)`);
  }

  get(period: number): KeeperRecord | undefined {
    const row = this.db
      .prepare('SELECT period, band, state, description_hash, proposal_id, alert FROM periods WHERE period = ?')
      .get(period) as
      | { period: number; band: string; state: KeeperRecord['state']; description_hash: string | null; proposal_id: string | null; alert: KeeperRecord['alert'] }
      | undefined;
    return row && { period: row.period, band: row.band, state: row.state, descriptionHash: row.description_hash, proposalId: row.proposal_id, alert: row.alert };
  }

  write(record: KeeperRecord & { markdown?: string | undefined }): void {
    this.db
      .prepare(
        `INSERT INTO periods (period, band, state, description_hash, proposal_id, alert, markdown, updated_at)
         VALUES (@period, @band, @state, @descriptionHash, @proposalId, @alert, @markdown, @now)
         ON CONFLICT (period) DO UPDATE SET band = excluded.band, state = excluded.state,
           description_hash = excluded.description_hash, proposal_id = excluded.proposal_id, alert = excluded.alert,
           markdown = COALESCE(excluded.markdown, markdown), updated_at = excluded.updated_at`,
      )
      .run({ ...record, markdown: record.markdown ?? null, now: Date.now() });
  }

  /** Red periods whose alert is on record, newest first (for /healthz and /v1/alerts). */
  alerts(): { period: number; proposalId: string | null; alert: string; markdown: string | null }[] {
    return this.db
      .prepare(`SELECT period, proposal_id AS proposalId, alert, markdown FROM periods WHERE alert != 'none' ORDER BY period DESC`)
      .all() as { period: number; proposalId: string | null; alert: string; markdown: string | null }[];
  }

  close(): void {
    this.db.close();
  }
}
