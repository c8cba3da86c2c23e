import type Database from 'better-sqlite3';
import { type Abi, type AbiEvent, type Hex, toEventSelector } from 'viem';

import {
  AccreditationAbi,
  CityGovernorAbi,
  CivicCreditAbi,
  CommitteeAbi,
  IssuanceControllerAbi,
  ModuleKernelAbi,
  TaskBoardAbi,
} from '@citysync/contracts';
import type { CityContracts } from '@citysync/sdk';
import {
  type DecodedArgs,
  type DecodedLog,
  type DecodedValue,
  type EventDecoder,
  type FieldLocation,
  type IndexerRpcLog,
  createEventDecoder,
  staticLocations,
} from './decodeLog.js';
import { IndexerInputError } from './errors.js';
import { type TableName, tables } from './schema.js';

/** The last block of a range and what the cursor records about it. */
export type IndexedBlock = { number: bigint; hash: Hex; timestamp: number };

type Constant = string | number | bigint | null;
/** A bound value: hashes of transactions are bound as their bytes. */
type Cell = Constant | Uint8Array;

type WriteContext = {
  /** Address id in `addresses`, inserting the address the first time it is seen. */
  addr(address: string): number;
  /** The emitting contract's address id (assigned when first read, in column order, as the compiled readers do). */
  contract(): number;
};

/**
 * One column of a typed row: a constant (the row's kind, or null), a decoded parameter (`a.b` for a tuple
 * member), an address parameter as its id in `addresses`, a uint as decimal text, a value as JSON, the emitting
 * contract's id, or (events with dynamic parameters only) a function of the decoded arguments.
 */
type Column =
  | Constant
  | { readonly field: string }
  | { readonly address: string }
  | { readonly decimal: string }
  | { readonly json: string }
  | { readonly contract: true }
  | ((args: DecodedArgs, ctx: WriteContext) => Constant);

type Writer = { table: TableName; row: readonly Column[] };

type Source = { abi: Abi; writers: Record<string, Writer> };

const f = (field: string): Column => ({ field });
const addr = (address: string): Column => ({ address });
const dec = (decimal: string): Column => ({ decimal });
const asJson = (json: string): Column => ({ json });
const CONTRACT: Column = { contract: true };
const json = (v: unknown): string =>
  JSON.stringify(v, (_k, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));

const nulls = (count: number): null[] => new Array<null>(count).fill(null);

/** The standard events of each kind of city contract and the typed row each one becomes. */
const sources = {
  taskBoard: {
    abi: TaskBoardAbi,
    writers: {
      TaskPublished: {
        table: 'tasks',
        row: [
          'published',
          f('taskId'),
          addr('issuer'),
          f('moduleId'),
          f('params.taskType'),
          f('params.rate'),
          f('params.slots'),
          f('params.start'),
          f('params.end'),
          f('params.zoneId'),
          f('params.evidenceSchemaHash'),
          f('params.verifiersRequired'),
          addr('params.gate'),
        ],
      },
      TaskClosed: { table: 'tasks', row: ['closed', f('taskId'), ...nulls(6), f('end'), ...nulls(4)] },
      TaskClaimed: { table: 'claims', row: [f('taskId'), addr('participant')] },
      CompletionSubmitted: {
        table: 'completions',
        row: [f('completionId'), f('taskId'), addr('participant'), f('evidenceHash')],
      },
      CompletionApproved: {
        table: 'verifications',
        row: ['approved', f('completionId'), addr('verifier'), null, null, null, f('approvals'), null],
      },
      CompletionVerified: {
        table: 'verifications',
        row: ['verified', f('completionId'), null, f('taskId'), addr('participant'), f('credits'), null, null],
      },
      CompletionRejected: {
        table: 'verifications',
        row: ['rejected', f('completionId'), addr('by'), null, null, null, null, f('reasonCode')],
      },
    },
  },
  credit: {
    abi: CivicCreditAbi,
    writers: {
      OfferCreated: {
        table: 'offers',
        row: ['created', f('offerId'), addr('redeemer'), f('price'), f('capacity'), f('start'), f('end'), f('metadataHash')],
      },
      OfferUpdated: { table: 'offers', row: ['updated', f('offerId'), null, f('price'), f('capacity'), null, null, null] },
      OfferClosed: { table: 'offers', row: ['closed', f('offerId'), ...nulls(6)] },
      Redeemed: { table: 'redemptions', row: [f('offerId'), addr('participant'), f('period'), f('units'), f('credits')] },
      PeriodClockSet: { table: 'periods', row: ['clock_set', f('offset'), null, null, null, f('origin'), f('length')] },
    },
  },
  issuance: {
    abi: IssuanceControllerAbi,
    writers: {
      Issued: { table: 'issuance', row: ['issued', f('moduleId'), f('period'), f('amount'), null] },
      CoverageRatioSet: { table: 'issuance', row: ['coverage_ratio_set', null, null, null, f('ratioBps')] },
      PeriodCapFixed: {
        table: 'periods',
        row: ['cap_fixed', f('period'), f('cap'), f('capacityValue'), f('ratioBps'), null, null],
      },
    },
  },
  accreditation: {
    abi: AccreditationAbi,
    writers: {
      OrganizationAccredited: { table: 'organizations', row: ['accredited', addr('org'), f('roles'), f('metadataHash')] },
      OrganizationRevoked: { table: 'organizations', row: ['revoked', addr('org'), null, null] },
    },
  },
  committee: {
    abi: CommitteeAbi,
    writers: {
      ProposalCreated: {
        table: 'proposals',
        row: [
          CONTRACT,
          'created',
          dec('proposalId'),
          addr('proposer'),
          addr('target'),
          f('data'),
          f('descriptionHash'),
          ...nulls(7),
        ],
      },
      ProposalApproved: {
        table: 'proposals',
        row: [CONTRACT, 'approved', dec('proposalId'), addr('member'), ...nulls(7), f('approvals'), null, null],
      },
      ProposalScheduled: {
        table: 'proposals',
        row: [CONTRACT, 'scheduled', dec('proposalId'), ...nulls(9), f('operationId'), f('readyAt')],
      },
      ProposalExecuted: { table: 'proposals', row: [CONTRACT, 'executed', dec('proposalId'), ...nulls(11)] },
      ProposalCancelled: { table: 'proposals', row: [CONTRACT, 'cancelled', dec('proposalId'), addr('by'), ...nulls(10)] },
      CancellationApproved: {
        table: 'proposals',
        row: [CONTRACT, 'cancel_approved', dec('proposalId'), addr('member'), ...nulls(7), f('approvals'), null, null],
      },
    },
  },
  governor: {
    abi: CityGovernorAbi,
    writers: {
      ProposalCreated: {
        table: 'proposals',
        row: [
          CONTRACT,
          'created',
          dec('proposalId'),
          addr('proposer'),
          null,
          null,
          null,
          f('description'),
          (a) => {
            const values = a.values as readonly DecodedValue[];
            const signatures = a.signatures as readonly string[];
            const calldatas = a.calldatas as readonly string[];
            return json(
              (a.targets as readonly string[]).map((target, i) => ({
                target,
                value: values[i],
                signature: signatures[i],
                calldata: calldatas[i],
              })),
            );
          },
          f('voteStart'),
          f('voteEnd'),
          null,
          null,
          null,
        ],
      },
      ProposalQueued: { table: 'proposals', row: [CONTRACT, 'queued', dec('proposalId'), ...nulls(10), f('etaSeconds')] },
      ProposalExecuted: { table: 'proposals', row: [CONTRACT, 'executed', dec('proposalId'), ...nulls(11)] },
      ProposalCanceled: { table: 'proposals', row: [CONTRACT, 'cancelled', dec('proposalId'), ...nulls(11)] },
      VoteCast: {
        table: 'votes',
        row: [dec('proposalId'), addr('voter'), f('support'), f('weight'), f('reason'), null],
      },
      VoteCastWithParams: {
        table: 'votes',
        row: [dec('proposalId'), addr('voter'), f('support'), f('weight'), f('reason'), f('params')],
      },
    },
  },
  kernel: {
    abi: ModuleKernelAbi,
    writers: {
      ModulePrepared: {
        table: 'modules',
        row: [
          'prepared',
          f('preparationId'),
          f('moduleId'),
          f('operation'),
          f('name'),
          f('version'),
          f('contentHash'),
          addr('module'),
          asJson('permissions'),
        ],
      },
      PreparationApproved: { table: 'modules', row: ['preparation_approved', f('preparationId'), ...nulls(7)] },
      ModuleInstalled: {
        table: 'modules',
        row: ['installed', null, f('moduleId'), null, f('name'), f('version'), f('contentHash'), addr('module'), null],
      },
      ModuleUninstalled: {
        table: 'modules',
        row: ['uninstalled', null, f('moduleId'), null, f('name'), f('version'), null, null, null],
      },
    },
  },
} satisfies Record<string, Source>;

type SourceKind = keyof typeof sources;

/** The standard events the indexer reads, by kind of city contract (committees share one kind). */
export const standardEvents: Record<SourceKind, { abi: Abi; events: readonly string[] }> = Object.fromEntries(
  Object.entries(sources).map(([kind, source]): [string, { abi: Abi; events: readonly string[] }] => [
    kind,
    { abi: source.abi, events: Object.keys(source.writers) },
  ]),
) as Record<SourceKind, { abi: Abi; events: readonly string[] }>;

/**
 * Rows per multi-row INSERT: binding many rows per statement call cuts the per-call overhead of better-sqlite3
 * (256 rows of the widest table, 17 columns, bind 4352 parameters: under SQLite's limit of 32766).
 */
const ROWS_PER_STATEMENT = 256;

/** Buffers rows of one table and writes them with multi-row INSERT statements. */
class TableWriter {
  /**
   * Cells of the rows not yet written, row after row, in an array allocated once at full size (so it is never
   * grown or shrunk): a row is written cell by cell at {@link length}, then {@link endRow}.
   */
  readonly cells: Cell[];
  length = 0;
  private readonly many: Database.Statement;
  private readonly one: Database.Statement;
  private readonly full: number;
  private readonly width: number;

  constructor(db: Database.Database, table: string, columns: readonly string[]) {
    this.width = columns.length;
    this.full = columns.length * ROWS_PER_STATEMENT;
    this.cells = new Array<Cell>(this.full).fill(null);
    const tuple = `(${columns.map(() => '?').join(',')})`;
    const head = `INSERT INTO ${table} (${columns.join(',')}) VALUES `;
    this.many = db.prepare(head + new Array(ROWS_PER_STATEMENT).fill(tuple).join(','));
    this.one = db.prepare(head + tuple);
  }

  endRow(): void {
    if (this.length === this.full) {
      this.many.run(this.cells);
      this.length = 0;
    }
  }

  flush(): void {
    const { cells, width } = this;
    for (let i = 0; i < this.length; i += width) this.one.run(cells.slice(i, i + width));
    this.length = 0;
  }

  /** Drops what a failed transaction left unwritten. */
  clear(): void {
    this.length = 0;
  }
}

/** Reads one column of a typed row from a log. */
type Reader = (log: IndexerRpcLog) => Cell;

/** How one event of one contract becomes a typed row: column readers compiled from its static layout, or viem. */
type Route = { writer: TableWriter; readers: readonly Reader[] } | { writer: TableWriter; decode: EventDecoder; row: Writer['row'] };

// A word whose first 51 hex digits are zero holds at most 52 bits: exact as a double (as in decodeLog.ts).
const ZERO_PREFIX = '0'.repeat(51);

/** The unsigned integer in the 64 hex digits of `hex` at `at`, without slicing when it fits a double. */
function uintAt(hex: string, at: number): number | bigint {
  if (!hex.startsWith(ZERO_PREFIX, at)) {
    const value = BigInt(`0x${hex.slice(at, at + 64)}`);
    return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }
  let value = 0;
  for (let i = at + 51; i < at + 64; i++) {
    const c = hex.charCodeAt(i);
    value = value * 16 + (c <= 57 ? c - 48 : (c | 32) - 87);
  }
  return value;
}

const topicOf = (log: IndexerRpcLog, topic: number) => log.topics[topic] as string;

/**
 * Decodes and writes the standard events of one city. {@link LogIngester.ingest} writes a block range's rows and
 * the cursor in one transaction: a process killed at any instant leaves either the whole range or none of it.
 *
 * Each event is one row of its typed table, keyed by (block number, log index). The transaction hash is stored
 * once per transaction, as 32 bytes, in `transactions`, keyed by the block and log index of the transaction's
 * first indexed log (a transaction's logs are consecutive in its block, so an event's transaction is the one
 * with the greatest key at or before the event's).
 */
export class LogIngester {
  /** Every contract address of the city, for the `eth_getLogs` address filter. */
  readonly addresses: readonly Hex[];
  /** topic0 of every standard event, for the `eth_getLogs` topic filter. */
  readonly selectors: readonly Hex[];

  private readonly db: Database.Database;
  /** Lowercase contract address -> lowercase topic0 -> how that event is written. */
  private readonly routes = new Map<string, Map<string, Route>>();
  private readonly writers: TableWriter[] = [];
  private readonly transactions: TableWriter;
  private readonly insertAddress: Database.Statement;
  private readonly writeCursor: Database.Statement;
  private addressIds = new Map<string, number>();
  /** Address ids by the last 13 hex digits of the 32-byte topic that holds the address (see topicAddressId). */
  private topicAddressIds = new Map<number, { topic: string; id: number }>();
  private nextAddressId = 1;
  private readonly transaction: (logs: readonly IndexerRpcLog[], block: IndexedBlock, timestamps: ReadonlyMap<string, number>) => number;

  /** `viemOnly` decodes every event through viem (the reference the compiled readers are tested against). */
  constructor(db: Database.Database, contracts: CityContracts, options: { viemOnly?: boolean } = {}) {
    this.db = db;
    const byTable = new Map<string, TableWriter>();
    for (const [table, columns] of Object.entries(tables)) {
      const writer = new TableWriter(db, table, [...eventKey, ...columns]);
      byTable.set(table, writer);
      this.writers.push(writer);
    }
    this.transactions = new TableWriter(db, 'transactions', ['block_number', 'log_index', 'hash']);
    this.writers.push(this.transactions);

    const routesOf = new Map<SourceKind, Map<string, Route>>();
    for (const [kind, source] of Object.entries(sources) as [SourceKind, Source][]) {
      const decoder = createEventDecoder(source.abi, Object.keys(source.writers));
      const routes = new Map<string, Route>();
      for (const [name, writer] of Object.entries(source.writers)) {
        const event = source.abi.find((item): item is AbiEvent => item.type === 'event' && item.name === name) as AbiEvent;
        const table = byTable.get(writer.table) as TableWriter;
        const readers = options.viemOnly ? undefined : this.compile(writer.row, staticLocations(event));
        routes.set(toEventSelector(event), readers ? { writer: table, readers } : { writer: table, decode: decoder, row: writer.row });
      }
      routesOf.set(kind, routes);
    }
    const bind = (address: string, kind: SourceKind) => this.routes.set(address.toLowerCase(), routesOf.get(kind) as Map<string, Route>);
    bind(contracts.taskBoard, 'taskBoard');
    bind(contracts.credit, 'credit');
    bind(contracts.issuance, 'issuance');
    bind(contracts.accreditation, 'accreditation');
    bind(contracts.governor, 'governor');
    bind(contracts.kernel, 'kernel');
    for (const committee of Object.values(contracts.committees)) bind(committee, 'committee');
    this.addresses = [...this.routes.keys()] as Hex[];
    this.selectors = [...new Set([...routesOf.values()].flatMap((routes) => [...routes.keys()]))] as Hex[];

    this.insertAddress = db.prepare('INSERT INTO addresses (id, address) VALUES (?, ?)');
    this.writeCursor = db.prepare(
      `INSERT INTO cursor (id, block_number, block_hash, block_timestamp) VALUES (0, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET block_number = excluded.block_number, block_hash = excluded.block_hash,
       block_timestamp = excluded.block_timestamp`,
    );
    this.loadAddresses();
    this.transaction = db.transaction((logs, block, timestamps) => this.write(logs, block, timestamps));
  }

  /**
   * Writes the standard events among `logs` (one block range, in chain order) and moves the cursor to `block`,
   * atomically. `timestamps` supplies block timestamps (decimal block number -> seconds) for logs that do not
   * carry `blockTimestamp`. Returns the number of events written.
   */
  ingest(logs: readonly IndexerRpcLog[], block: IndexedBlock, timestamps: ReadonlyMap<string, number> = new Map()): number {
    try {
      return this.transaction(logs, block, timestamps);
    } catch (error) {
      // The rollback undid the new addresses too: forget the ids handed out in this transaction.
      for (const writer of this.writers) writer.clear();
      this.loadAddresses();
      throw error;
    }
  }

  /**
   * Column readers that take each column straight from the log's hex (no decoded arguments, no slicing for
   * integers that fit a double), or undefined when the event has dynamic parameters and goes through viem.
   * core/indexer/test/indexer.decode.test.ts checks both paths give the same rows.
   */
  private compile(row: Writer['row'], locations: ReadonlyMap<string, FieldLocation> | undefined): Reader[] | undefined {
    if (locations === undefined) return undefined;
    const readers: Reader[] = [];
    for (const column of row) {
      if (column === null || typeof column !== 'object') {
        if (typeof column === 'function') return undefined;
        readers.push(() => column);
        continue;
      }
      if ('contract' in column) {
        readers.push((log) => this.addressId(log.address));
        continue;
      }
      const name = 'field' in column ? column.field : 'address' in column ? column.address : 'decimal' in column ? column.decimal : undefined;
      const at = name === undefined ? undefined : locations.get(name);
      if (at === undefined || at.kind === 'bool') return undefined;
      const { topic, word } = at;
      // Position of the parameter's 64 hex digits in its topic, or in the data (after `0x`).
      const offset = topic !== undefined ? 2 : 2 + (word as number) * 64;
      const hexOf: (log: IndexerRpcLog) => string = topic !== undefined ? (log) => topicOf(log, topic) : (log) => log.data;
      if ('address' in column) {
        readers.push(
          topic !== undefined
            ? (log) => this.topicAddressId(topicOf(log, topic))
            : (log) => this.addressId(`0x${log.data.slice(offset + 24, offset + 64)}`),
        );
      } else if (at.kind === 'uint') {
        readers.push('decimal' in column ? (log) => String(uintAt(hexOf(log), offset)) : (log) => uintAt(hexOf(log), offset));
      } else if (at.kind === 'bytes' && !('decimal' in column)) {
        const digits = at.size * 2;
        readers.push(
          topic !== undefined && digits === 64
            ? (log) => topicOf(log, topic)
            : (log) => `0x${hexOf(log).slice(offset, offset + digits)}`,
        );
      } else if (at.kind === 'address' && 'field' in column) {
        readers.push((log) => `0x${hexOf(log).slice(offset + 24, offset + 64)}`);
      } else return undefined;
    }
    return readers;
  }

  private loadAddresses(): void {
    const rows = this.db.prepare('SELECT id, address FROM addresses').raw().all() as [number, string][];
    this.addressIds = new Map(rows.map(([i, a]) => [a, i]));
    this.topicAddressIds = new Map();
    this.nextAddressId = rows.reduce((max, [i]) => Math.max(max, i), 0) + 1;
  }

  private addressId(address: string): number {
    const known = this.addressIds.get(address);
    if (known !== undefined) return known;
    const lower = address.toLowerCase();
    let assigned = this.addressIds.get(lower);
    if (assigned === undefined) {
      assigned = this.nextAddressId++;
      this.insertAddress.run(assigned, lower);
      this.addressIds.set(lower, assigned);
    }
    this.addressIds.set(address, assigned);
    return assigned;
  }

  /**
   * The address id of a 32-byte topic holding an address. Keyed by the number in the topic's last 13 hex digits
   * and confirmed by comparing the whole topic: hashing each log's 66-character topic string for a Map cost more
   * than the rest of the column readers together.
   */
  private topicAddressId(topic: string): number {
    let key = 0;
    for (let i = 53; i < 66; i++) {
      const c = topic.charCodeAt(i);
      key = key * 16 + (c <= 57 ? c - 48 : (c | 32) - 87);
    }
    const known = this.topicAddressIds.get(key);
    if (known !== undefined && known.topic === topic) return known.id;
    const id = this.addressId(`0x${topic.slice(26)}`);
    // A second address sharing the last 13 digits is looked up by address every time.
    if (known === undefined) this.topicAddressIds.set(key, { topic, id });
    return id;
  }

  private write(logs: readonly IndexerRpcLog[], block: IndexedBlock, timestamps: ReadonlyMap<string, number>): number {
    let written = 0;
    let emitter = '';
    const context: WriteContext = { addr: (a) => this.addressId(a), contract: () => this.addressId(emitter) };
    let lastTransaction: string | null = null;
    let lastBlock = -1;
    let timestamp: number | undefined;
    for (let i = 0; i < logs.length; i++) {
      const log = logs[i] as IndexerRpcLog;
      const routes = this.routes.get(log.address) ?? this.routes.get(log.address.toLowerCase());
      const topic0 = log.topics[0];
      if (routes === undefined || topic0 === undefined) continue;
      const route = routes.get(topic0) ?? routes.get(topic0.toLowerCase());
      if (route === undefined) continue;
      const blockNumber = Number.parseInt(log.blockNumber as string, 16);
      const logIndex = Number.parseInt(log.logIndex as string, 16);
      if (blockNumber !== lastBlock) {
        timestamp = log.blockTimestamp != null ? Number.parseInt(log.blockTimestamp, 16) : timestamps.get(String(blockNumber));
        if (timestamp === undefined) {
          throw new IndexerInputError(`No timestamp for block ${blockNumber}: the log has no blockTimestamp and none was fetched.`);
        }
      }
      const { writer } = route;
      const row = writer.cells;
      let at = writer.length;
      row[at++] = blockNumber;
      row[at++] = logIndex;
      row[at++] = timestamp as number;
      if ('readers' in route) {
        const { readers } = route;
        for (let r = 0; r < readers.length; r++) row[at++] = (readers[r] as Reader)(log);
      } else {
        const decoded = route.decode.decode(log) as DecodedLog;
        emitter = log.address;
        for (const column of route.row) row[at++] = evaluate(column, decoded.args, context);
      }
      writer.length = at;
      writer.endRow();

      const hash = log.transactionHash;
      if (hash == null) throw new IndexerInputError(`The log at block ${blockNumber} index ${logIndex} has no transaction hash: index mined blocks only.`);
      if (hash !== lastTransaction || blockNumber !== lastBlock) {
        const tx = this.transactions;
        tx.cells[tx.length] = blockNumber;
        tx.cells[tx.length + 1] = logIndex;
        tx.cells[tx.length + 2] = Buffer.from(hash.slice(2), 'hex');
        tx.length += 3;
        tx.endRow();
        lastTransaction = hash;
      }
      lastBlock = blockNumber;
      written++;
    }
    for (const writer of this.writers) writer.flush();
    this.writeCursor.run(block.number, block.hash, block.timestamp);
    return written;
  }
}

const eventKey = ['block_number', 'log_index', 'timestamp'] as const;

function pathOf(args: DecodedArgs, path: string): DecodedValue | undefined {
  let value: DecodedValue | undefined = args;
  for (const part of path.split('.')) value = (value as DecodedArgs | undefined)?.[part];
  return value;
}

/** One column of a typed row from viem-decoded arguments (events with dynamic parameters). */
function evaluate(column: Column, args: DecodedArgs, context: WriteContext): Cell {
  if (column === null || typeof column !== 'object') return typeof column === 'function' ? column(args, context) : column;
  if ('contract' in column) return context.contract();
  if ('address' in column) return context.addr(pathOf(args, column.address) as string);
  if ('decimal' in column) return String(pathOf(args, column.decimal));
  if ('json' in column) return json(pathOf(args, column.json));
  return pathOf(args, column.field) as Cell;
}
