import { randomUUID } from 'node:crypto';

import Database from 'better-sqlite3';
import type { Address, Hash, Hex } from 'viem';

import type { SignedForwardRequest } from '@citysync/sdk';

/**
 * Where a request is. `sending`: part of a batch whose signed transaction (and hash) is recorded but may not have
 * reached the node; `sent`: the node accepted the transaction. Both are reported as `sent` by the API once a hash
 * exists; `sending` rows are resolved from the chain at start-up.
 */
export type RequestState = 'queued' | 'sending' | 'sent' | 'confirmed' | 'failed';

/** What the API reports. */
export type PublicRequestStatus = 'queued' | 'sent' | 'confirmed' | 'failed';

export type StoredRequest = {
  seq: number;
  id: string;
  request: SignedForwardRequest;
  client: string;
  state: RequestState;
  batchId: number | undefined;
  txHash: Hash | undefined;
  /** `executed`: by this relayer's batch; `executed-elsewhere`: its nonce was used by another transaction. */
  outcome: string | undefined;
  errorName: string | undefined;
  errorMessage: string | undefined;
  revertData: Hex | undefined;
  acceptedAt: number;
  updatedAt: number;
  blockNumber: number | undefined;
  attempts: number;
};

export type StoredBatch = {
  id: number;
  txHash: Hash;
  rawTx: Hex;
  senderNonce: number;
  state: 'sending' | 'sent' | 'mined' | 'dropped';
  size: number;
  createdAt: number;
};

export type RequestFailure = { errorName: string | undefined; message: string; revertData?: Hex | undefined };

const schema = `
CREATE TABLE IF NOT EXISTS requests (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  signer TEXT NOT NULL,
  nonce TEXT NOT NULL,
  target TEXT NOT NULL,
  value TEXT NOT NULL,
  gas TEXT NOT NULL,
  deadline INTEGER NOT NULL,
  data TEXT NOT NULL,
  signature TEXT NOT NULL,
  client TEXT NOT NULL,
  state TEXT NOT NULL,
  batch_id INTEGER,
  tx_hash TEXT,
  outcome TEXT,
  error_name TEXT,
  error_message TEXT,
  revert_data TEXT,
  accepted_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  block_number INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS requests_state ON requests (state, seq);
CREATE INDEX IF NOT EXISTS requests_batch ON requests (batch_id);
-- A signer's nonce is held by at most one request in flight; a request that failed before executing frees it.
CREATE UNIQUE INDEX IF NOT EXISTS requests_active_nonce ON requests (signer, nonce)
  WHERE state IN ('queued', 'sending', 'sent');
CREATE TABLE IF NOT EXISTS batches (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tx_hash TEXT NOT NULL,
  raw_tx TEXT NOT NULL,
  sender_nonce INTEGER NOT NULL,
  state TEXT NOT NULL,
  size INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  block_number INTEGER
);
CREATE INDEX IF NOT EXISTS batches_state ON batches (state);
`;

type RequestRow = {
  seq: number;
  id: string;
  signer: string;
  nonce: string;
  target: string;
  value: string;
  gas: string;
  deadline: number;
  data: string;
  signature: string;
  client: string;
  state: RequestState;
  batch_id: number | null;
  tx_hash: string | null;
  outcome: string | null;
  error_name: string | null;
  error_message: string | null;
  revert_data: string | null;
  accepted_at: number;
  updated_at: number;
  block_number: number | null;
  attempts: number;
};

type BatchRow = {
  id: number;
  tx_hash: string;
  raw_tx: string;
  sender_nonce: number;
  state: StoredBatch['state'];
  size: number;
  created_at: number;
};

/**
 * The relayer's durable queue: one SQLite file in WAL mode with `synchronous = FULL`, so a request is on disk
 * (the WAL fsynced) when {@link RequestStore.accept} returns and the API answers 202: a 202 is a promise to a
 * participant, and NORMAL would let a power loss take back the last commits. Every state change of a request and
 * of its batch is one transaction.
 */
export class RequestStore {
  readonly db: Database.Database;
  private readonly statements;

  constructor(readonly path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(schema);
    const db = this.db;
    this.statements = {
      insert: db.prepare(
        `INSERT INTO requests (id, signer, nonce, target, value, gas, deadline, data, signature, client, state, accepted_at, updated_at)
         VALUES (@id, @signer, @nonce, @target, @value, @gas, @deadline, @data, @signature, @client, 'queued', @now, @now)`,
      ),
      byId: db.prepare('SELECT * FROM requests WHERE id = ?'),
      activeOfSigner: db.prepare(
        `SELECT * FROM requests WHERE signer = ? AND state IN ('queued', 'sending', 'sent') ORDER BY seq`,
      ),
      queued: db.prepare(`SELECT * FROM requests WHERE state = 'queued' ORDER BY seq LIMIT ?`),
      countOfState: db.prepare('SELECT COUNT(*) FROM requests WHERE state = ?').pluck(),
      oldestQueued: db.prepare(`SELECT MIN(accepted_at) FROM requests WHERE state = 'queued'`).pluck(),
      ofBatch: db.prepare('SELECT * FROM requests WHERE batch_id = ? ORDER BY seq'),
      insertBatch: db.prepare(
        `INSERT INTO batches (tx_hash, raw_tx, sender_nonce, state, size, created_at) VALUES (?, ?, ?, 'sending', ?, ?)`,
      ),
      markSending: db.prepare(
        `UPDATE requests SET state = 'sending', batch_id = ?, tx_hash = ?, attempts = attempts + 1, updated_at = ? WHERE seq = ? AND state = 'queued'`,
      ),
      batchState: db.prepare('UPDATE batches SET state = ?, block_number = ? WHERE id = ?'),
      requestsOfBatchState: db.prepare(
        `UPDATE requests SET state = ?, updated_at = ? WHERE batch_id = ? AND state IN ('sending', 'sent')`,
      ),
      unresolvedBatches: db.prepare(`SELECT * FROM batches WHERE state IN ('sending', 'sent') ORDER BY id`),
      confirm: db.prepare(
        `UPDATE requests SET state = 'confirmed', outcome = ?, block_number = ?, tx_hash = COALESCE(?, tx_hash), updated_at = ? WHERE seq = ?`,
      ),
      fail: db.prepare(
        `UPDATE requests SET state = 'failed', outcome = ?, error_name = ?, error_message = ?, revert_data = ?, block_number = ?, updated_at = ? WHERE seq = ?`,
      ),
      requeue: db.prepare(
        `UPDATE requests SET state = 'queued', batch_id = NULL, tx_hash = NULL, updated_at = ? WHERE seq = ?`,
      ),
    };
  }

  /**
   * Stores a checked request as `queued` and returns its id, or the id of the request already in flight with the
   * same signer and nonce (`existing`), which the caller reports as a duplicate unless it is the same signature.
   */
  accept(request: SignedForwardRequest, client: string): { id: string; existing?: StoredRequest } {
    const id = randomUUID();
    try {
      this.statements.insert.run({
        id,
        signer: request.from.toLowerCase(),
        nonce: request.nonce.toString(),
        target: request.to,
        value: request.value.toString(),
        gas: request.gas.toString(),
        deadline: request.deadline,
        data: request.data,
        signature: request.signature,
        client,
        now: Date.now(),
      });
      return { id };
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
      const existing = this.activeOfSigner(request.from).find((r) => r.request.nonce === request.nonce);
      if (existing === undefined) throw error;
      return { id: existing.id, existing };
    }
  }

  /**
   * {@link accept}, committed together with the other requests accepted in the same turn of the event loop: one
   * transaction, so one fsync, for a group (a commit with `synchronous = FULL` costs milliseconds, and would
   * otherwise bound the intake to a few hundred requests a second). Resolves once the group is on disk.
   */
  acceptDurably(request: SignedForwardRequest, client: string): Promise<{ id: string; existing?: StoredRequest }> {
    return new Promise((resolve, reject) => {
      this.group.push({ request, client, resolve, reject });
      if (this.group.length === 1) setImmediate(() => this.commitGroup());
    });
  }

  private group: {
    request: SignedForwardRequest;
    client: string;
    resolve: (accepted: { id: string; existing?: StoredRequest }) => void;
    reject: (error: unknown) => void;
  }[] = [];

  private commitGroup(): void {
    const group = this.group;
    this.group = [];
    const results: ({ ok: { id: string; existing?: StoredRequest } } | { error: unknown })[] = [];
    try {
      this.db.transaction(() => {
        for (const { request, client } of group) {
          try {
            results.push({ ok: this.accept(request, client) });
          } catch (error) {
            results.push({ error });
          }
        }
      })();
    } catch (error) {
      for (const { reject } of group) reject(error);
      return;
    }
    group.forEach(({ resolve, reject }, i) => {
      const result = results[i]!;
      if ('ok' in result) resolve(result.ok);
      else reject(result.error);
    });
  }

  get(id: string): StoredRequest | undefined {
    const row = this.statements.byId.get(id) as RequestRow | undefined;
    return row && requestOf(row);
  }

  /** The signer's requests not yet confirmed or failed, in acceptance (and so nonce) order. */
  activeOfSigner(signer: Address): StoredRequest[] {
    return (this.statements.activeOfSigner.all(signer.toLowerCase()) as RequestRow[]).map(requestOf);
  }

  /** The oldest queued requests, at most `limit`. */
  nextQueued(limit: number): StoredRequest[] {
    return (this.statements.queued.all(limit) as RequestRow[]).map(requestOf);
  }

  /** Requests in one state (an index range: cheap for the states a request passes through). */
  countOf(state: RequestState): number {
    return this.statements.countOfState.get(state) as number;
  }

  /** Requests not yet settled, by state. */
  pending(): { queued: number; sending: number; sent: number } {
    return { queued: this.countOf('queued'), sending: this.countOf('sending'), sent: this.countOf('sent') };
  }

  /** Acceptance time (ms) of the oldest queued request, or undefined when none is queued. */
  oldestQueuedAt(): number | undefined {
    return (this.statements.oldestQueued.get() as number | null) ?? undefined;
  }

  requestsOfBatch(batchId: number): StoredRequest[] {
    return (this.statements.ofBatch.all(batchId) as RequestRow[]).map(requestOf);
  }

  /**
   * Records a batch's signed transaction and moves its requests to `sending`, in one transaction, before the
   * transaction is broadcast: after a crash at any later instant, the hash says where to look.
   */
  recordBatch(requests: readonly StoredRequest[], tx: { hash: Hash; raw: Hex; senderNonce: number }): StoredBatch {
    const now = Date.now();
    return this.db.transaction(() => {
      const { lastInsertRowid } = this.statements.insertBatch.run(tx.hash, tx.raw, tx.senderNonce, requests.length, now);
      const id = Number(lastInsertRowid);
      for (const r of requests) this.statements.markSending.run(id, tx.hash, now, r.seq);
      return { id, txHash: tx.hash, rawTx: tx.raw, senderNonce: tx.senderNonce, state: 'sending', size: requests.length, createdAt: now } satisfies StoredBatch;
    })();
  }

  /** The node accepted the batch's transaction. */
  markBatchSent(batchId: number): void {
    this.db.transaction(() => {
      this.statements.batchState.run('sent', null, batchId);
      this.statements.requestsOfBatchState.run('sent', Date.now(), batchId);
    })();
  }

  /** Batches recorded but not yet resolved: what a restart must settle from the chain first. */
  unresolvedBatches(): StoredBatch[] {
    return (this.statements.unresolvedBatches.all() as BatchRow[]).map((b) => ({
      id: b.id,
      txHash: b.tx_hash as Hash,
      rawTx: b.raw_tx as Hex,
      senderNonce: b.sender_nonce,
      state: b.state,
      size: b.size,
      createdAt: b.created_at,
    }));
  }

  /** Settles a batch and each of its requests in one transaction. */
  resolveBatch(
    batchId: number,
    batchState: 'mined' | 'dropped',
    blockNumber: number | undefined,
    outcomes: readonly RequestOutcome[],
  ): void {
    const now = Date.now();
    this.db.transaction(() => {
      this.statements.batchState.run(batchState, blockNumber ?? null, batchId);
      for (const o of outcomes) {
        if (o.kind === 'confirmed') this.statements.confirm.run(o.outcome, o.blockNumber ?? null, o.txHash ?? null, now, o.seq);
        else if (o.kind === 'failed')
          this.statements.fail.run(o.outcome, o.failure.errorName ?? null, o.failure.message, o.failure.revertData ?? null, o.blockNumber ?? null, now, o.seq);
        else this.statements.requeue.run(now, o.seq);
      }
    })();
  }

  /** Fails queued requests that can no longer execute (expired while waiting), without a batch. */
  failQueued(outcomes: readonly Extract<RequestOutcome, { kind: 'failed' }>[]): void {
    const now = Date.now();
    this.db.transaction(() => {
      for (const o of outcomes)
        this.statements.fail.run(o.outcome, o.failure.errorName ?? null, o.failure.message, o.failure.revertData ?? null, null, now, o.seq);
    })();
  }

  close(): void {
    this.db.close();
  }
}

/** How one request of a batch ended. */
export type RequestOutcome =
  | { kind: 'confirmed'; seq: number; outcome: 'executed' | 'executed-elsewhere'; blockNumber?: number | undefined; txHash?: Hash | undefined }
  | { kind: 'failed'; seq: number; outcome: string; failure: RequestFailure; blockNumber?: number | undefined }
  | { kind: 'requeued'; seq: number };

function requestOf(row: RequestRow): StoredRequest {
  return {
    seq: row.seq,
    id: row.id,
    request: {
      from: row.signer as Address,
      to: row.target as Address,
      value: BigInt(row.value),
      gas: BigInt(row.gas),
      deadline: row.deadline,
      data: row.data as Hex,
      signature: row.signature as Hex,
      nonce: BigInt(row.nonce),
    },
    client: row.client,
    state: row.state,
    batchId: row.batch_id ?? undefined,
    txHash: (row.tx_hash as Hash | null) ?? undefined,
    outcome: row.outcome ?? undefined,
    errorName: row.error_name ?? undefined,
    errorMessage: row.error_message ?? undefined,
    revertData: (row.revert_data as Hex | null) ?? undefined,
    acceptedAt: row.accepted_at,
    updatedAt: row.updated_at,
    blockNumber: row.block_number ?? undefined,
    attempts: row.attempts,
  };
}

/** The API's view of a state: `sending` has a hash but may not have reached the node; it is reported as `sent`. */
export function publicStatusOf(state: RequestState): PublicRequestStatus {
  return state === 'sending' ? 'sent' : state;
}
