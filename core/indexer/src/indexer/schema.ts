/**
 * The index database. Every table that holds events is keyed by (block_number, log_index), so replaying a block
 * range can never double a row, and every typed table row is one event (insert-only: a replay writes the same
 * rows, and the health model reads the history, not just the latest state).
 *
 * Addresses are stored once in `addresses` and referenced by id (participants, issuers, redeemers, contracts):
 * the tables stay small and the health queries group integers. `timestamp` is the block's timestamp; the period
 * of a row is derived from it at query time with the ledger's period clock (see core/indexer/src/health/periodClock.ts),
 * except where the event itself carries the period (redemptions, issuance, caps).
 */
// 2: one row per event (the typed row) and one per transaction; version 1 also kept a raw row per event.
export const SCHEMA_VERSION = 2;

const key = 'block_number INTEGER NOT NULL, log_index INTEGER NOT NULL, timestamp INTEGER NOT NULL';
const pk = 'PRIMARY KEY (block_number, log_index)) WITHOUT ROWID';

/** Typed tables, in the column order the ingester binds. */
export const tables = {
  tasks: [
    'kind', // 'published' | 'closed'
    'task_id',
    'issuer',
    'module_id',
    'task_type',
    'rate',
    'slots',
    'starts_at',
    'ends_at', // closed: the new end
    'zone_id',
    'evidence_schema_hash',
    'verifiers_required',
    'gate',
  ],
  claims: ['task_id', 'participant'],
  completions: ['completion_id', 'task_id', 'participant', 'evidence_hash'],
  verifications: [
    'kind', // 'approved' | 'verified' | 'rejected'
    'completion_id',
    'actor', // approved: the verifier; rejected: who rejected
    'task_id',
    'participant',
    'credits',
    'approvals',
    'reason_code',
  ],
  offers: [
    'kind', // 'created' | 'updated' | 'closed'
    'offer_id',
    'redeemer',
    'price',
    'capacity',
    'starts_at',
    'ends_at',
    'metadata_hash',
  ],
  redemptions: ['offer_id', 'participant', 'period', 'units', 'credits'],
  issuance: [
    'kind', // 'issued' | 'coverage_ratio_set'
    'module_id',
    'period',
    'amount',
    'ratio_bps',
  ],
  periods: [
    'kind', // 'cap_fixed' | 'clock_set'
    'period', // clock_set: the offset (index of the period starting at origin)
    'cap',
    'capacity_value',
    'ratio_bps',
    'origin',
    'length',
  ],
  organizations: [
    'kind', // 'accredited' | 'revoked'
    'org',
    'roles',
    'metadata_hash',
  ],
  proposals: [
    'contract', // the committee or the governor
    'kind', // 'created' | 'approved' | 'scheduled' | 'queued' | 'executed' | 'cancelled' | 'cancel_approved'
    'proposal_id', // decimal text: governor ids are 256-bit hashes
    'actor', // proposer, approving member, or who cancelled
    'target', // committee proposals
    'data',
    'description_hash',
    'description', // governor proposals
    'calls', // governor proposals: JSON [{ target, value, signature, calldata }]
    'vote_start',
    'vote_end',
    'approvals',
    'operation_id',
    'ready_at', // scheduled: readyAt; queued: etaSeconds
  ],
  votes: ['proposal_id', 'voter', 'support', 'weight', 'reason', 'params'],
  modules: [
    'kind', // 'prepared' | 'preparation_approved' | 'installed' | 'uninstalled'
    'preparation_id',
    'module_id',
    'operation',
    'name',
    'version',
    'content_hash',
    'module',
    'permissions', // JSON [{ role, target }]
  ],
} as const satisfies Record<string, readonly string[]>;

export type TableName = keyof typeof tables;

/** Integer-typed columns; every other typed column is TEXT. */
const integerColumns = new Set([
  'task_id',
  'issuer',
  'rate',
  'slots',
  'starts_at',
  'ends_at',
  'verifiers_required',
  'gate',
  'participant',
  'completion_id',
  'actor',
  'credits',
  'approvals',
  'reason_code',
  'offer_id',
  'redeemer',
  'price',
  'capacity',
  'period',
  'units',
  'amount',
  'ratio_bps',
  'cap',
  'capacity_value',
  'origin',
  'length',
  'org',
  'roles',
  'contract',
  'target',
  'vote_start',
  'vote_end',
  'ready_at',
  'voter',
  'support',
  'weight',
  'preparation_id',
  'operation',
  'module',
]);

export const schemaSql = [
  'CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)',
  // The last fully indexed block: written in the same transaction as that block range's rows.
  `CREATE TABLE IF NOT EXISTS cursor (id INTEGER PRIMARY KEY CHECK (id = 0), block_number INTEGER NOT NULL,
     block_hash TEXT NOT NULL, block_timestamp INTEGER NOT NULL)`,
  // The cursors a follower passed (the last few hundred): after a reorganisation, the newest one still on the chain
  // is where the index is rolled back to. Added without a schema version: an index without it simply has none.
  `CREATE TABLE IF NOT EXISTS checkpoints (block_number INTEGER PRIMARY KEY, block_hash TEXT NOT NULL,
     block_timestamp INTEGER NOT NULL)`,
  'CREATE TABLE IF NOT EXISTS addresses (id INTEGER PRIMARY KEY, address TEXT NOT NULL UNIQUE)',
  // One row per transaction, at its first indexed log: an event's transaction is the row with the greatest
  // (block_number, log_index) at or before the event's. The hash is its 32 bytes.
  `CREATE TABLE IF NOT EXISTS transactions (block_number INTEGER NOT NULL, log_index INTEGER NOT NULL,
     hash BLOB NOT NULL, PRIMARY KEY (block_number, log_index)) WITHOUT ROWID`,
  ...Object.entries(tables).map(
    ([name, columns]) =>
      `CREATE TABLE IF NOT EXISTS ${name} (${key}, ${columns
        .map((c) => `${c} ${integerColumns.has(c) ? 'INTEGER' : 'TEXT'}`)
        .join(', ')}, ${pk}`,
  ),
].join(';\n');

/** Every table a complete index consists of (for comparisons and exports), in a stable order. */
export const allTables = ['meta', 'cursor', 'addresses', 'transactions', ...Object.keys(tables)] as readonly string[];
