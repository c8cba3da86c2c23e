import type Database from 'better-sqlite3';
import type { Abi, Hex } from 'viem';

import {
  AccreditationAbi,
  CityGovernorAbi,
  CivicCreditAbi,
  CommitteeAbi,
  IssuanceControllerAbi,
  ModuleKernelAbi,
  TaskBoardAbi,
} from '../generated/abis.js';
import type { CityContracts } from '../types/city.js';
import {
  type DecodedArgs,
  type DecodedValue,
  type EventDecoder,
  type IndexerRpcLog,
  createEventDecoder,
} from './decodeLog.js';
import { IndexerInputError } from './errors.js';
import { type TableName, tables } from './schema.js';

/** The last block of a range and what the cursor records about it. */
export type IndexedBlock = { number: bigint; hash: Hex; timestamp: number };

type Cell = string | number | bigint | null;
type Row = readonly Cell[];

type WriteContext = {
  /** Address id in `addresses`, inserting the address the first time it is seen. */
  addr(address: DecodedValue | undefined): number;
  /** The emitting contract's address id. */
  contract: number;
};

type Writer = { table: TableName; row(args: DecodedArgs, ctx: WriteContext): Row };

type Source = { abi: Abi; writers: Record<string, Writer> };

const n = (v: DecodedValue | undefined): number | bigint => v as number | bigint;
const s = (v: DecodedValue | undefined): string => v as string;
const json = (v: unknown): string =>
  JSON.stringify(v, (_k, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
const id = (v: DecodedValue | undefined): string => String(v);

const nulls = (count: number): null[] => new Array<null>(count).fill(null);

/** The standard events of each kind of city contract and the typed row each one becomes. */
const sources = {
  taskBoard: {
    abi: TaskBoardAbi,
    writers: {
      TaskPublished: {
        table: 'tasks',
        row: (a, c) => {
          const p = a.params as DecodedArgs;
          return [
            'published',
            n(a.taskId),
            c.addr(a.issuer),
            s(a.moduleId),
            s(p.taskType),
            n(p.rate),
            n(p.slots),
            n(p.start),
            n(p.end),
            s(p.zoneId),
            s(p.evidenceSchemaHash),
            n(p.verifiersRequired),
            c.addr(p.gate),
          ];
        },
      },
      TaskClosed: {
        table: 'tasks',
        row: (a) => ['closed', n(a.taskId), null, null, null, null, null, null, n(a.end), null, null, null, null],
      },
      TaskClaimed: { table: 'claims', row: (a, c) => [n(a.taskId), c.addr(a.participant)] },
      CompletionSubmitted: {
        table: 'completions',
        row: (a, c) => [n(a.completionId), n(a.taskId), c.addr(a.participant), s(a.evidenceHash)],
      },
      CompletionApproved: {
        table: 'verifications',
        row: (a, c) => ['approved', n(a.completionId), c.addr(a.verifier), null, null, null, n(a.approvals), null],
      },
      CompletionVerified: {
        table: 'verifications',
        row: (a, c) => ['verified', n(a.completionId), null, n(a.taskId), c.addr(a.participant), n(a.credits), null, null],
      },
      CompletionRejected: {
        table: 'verifications',
        row: (a, c) => ['rejected', n(a.completionId), c.addr(a.by), null, null, null, null, n(a.reasonCode)],
      },
    },
  },
  credit: {
    abi: CivicCreditAbi,
    writers: {
      OfferCreated: {
        table: 'offers',
        row: (a, c) => [
          'created',
          n(a.offerId),
          c.addr(a.redeemer),
          n(a.price),
          n(a.capacity),
          n(a.start),
          n(a.end),
          s(a.metadataHash),
        ],
      },
      OfferUpdated: {
        table: 'offers',
        row: (a) => ['updated', n(a.offerId), null, n(a.price), n(a.capacity), null, null, null],
      },
      OfferClosed: { table: 'offers', row: (a) => ['closed', n(a.offerId), ...nulls(6)] },
      Redeemed: {
        table: 'redemptions',
        row: (a, c) => [n(a.offerId), c.addr(a.participant), n(a.period), n(a.units), n(a.credits)],
      },
      PeriodClockSet: {
        table: 'periods',
        row: (a) => ['clock_set', n(a.offset), null, null, null, n(a.origin), n(a.length)],
      },
    },
  },
  issuance: {
    abi: IssuanceControllerAbi,
    writers: {
      Issued: { table: 'issuance', row: (a) => ['issued', s(a.moduleId), n(a.period), n(a.amount), null] },
      CoverageRatioSet: { table: 'issuance', row: (a) => ['coverage_ratio_set', null, null, null, n(a.ratioBps)] },
      PeriodCapFixed: {
        table: 'periods',
        row: (a) => ['cap_fixed', n(a.period), n(a.cap), n(a.capacityValue), n(a.ratioBps), null, null],
      },
    },
  },
  accreditation: {
    abi: AccreditationAbi,
    writers: {
      OrganizationAccredited: {
        table: 'organizations',
        row: (a, c) => ['accredited', c.addr(a.org), n(a.roles), s(a.metadataHash)],
      },
      OrganizationRevoked: { table: 'organizations', row: (a, c) => ['revoked', c.addr(a.org), null, null] },
    },
  },
  committee: {
    abi: CommitteeAbi,
    writers: {
      ProposalCreated: {
        table: 'proposals',
        row: (a, c) => [
          c.contract,
          'created',
          id(a.proposalId),
          c.addr(a.proposer),
          c.addr(a.target),
          s(a.data),
          s(a.descriptionHash),
          ...nulls(7),
        ],
      },
      ProposalApproved: {
        table: 'proposals',
        row: (a, c) => [c.contract, 'approved', id(a.proposalId), c.addr(a.member), ...nulls(7), n(a.approvals), null, null],
      },
      ProposalScheduled: {
        table: 'proposals',
        row: (a, c) => [c.contract, 'scheduled', id(a.proposalId), ...nulls(9), s(a.operationId), n(a.readyAt)],
      },
      ProposalExecuted: {
        table: 'proposals',
        row: (a, c) => [c.contract, 'executed', id(a.proposalId), ...nulls(11)],
      },
      ProposalCancelled: {
        table: 'proposals',
        row: (a, c) => [c.contract, 'cancelled', id(a.proposalId), c.addr(a.by), ...nulls(10)],
      },
    },
  },
  governor: {
    abi: CityGovernorAbi,
    writers: {
      ProposalCreated: {
        table: 'proposals',
        row: (a, c) => {
          const targets = a.targets as readonly string[];
          const values = a.values as readonly DecodedValue[];
          const signatures = a.signatures as readonly string[];
          const calldatas = a.calldatas as readonly string[];
          const calls = targets.map((target, i) => ({
            target,
            value: values[i],
            signature: signatures[i],
            calldata: calldatas[i],
          }));
          return [
            c.contract,
            'created',
            id(a.proposalId),
            c.addr(a.proposer),
            null,
            null,
            null,
            s(a.description),
            json(calls),
            n(a.voteStart),
            n(a.voteEnd),
            null,
            null,
            null,
          ];
        },
      },
      ProposalQueued: {
        table: 'proposals',
        row: (a, c) => [c.contract, 'queued', id(a.proposalId), ...nulls(10), n(a.etaSeconds)],
      },
      ProposalExecuted: {
        table: 'proposals',
        row: (a, c) => [c.contract, 'executed', id(a.proposalId), ...nulls(11)],
      },
      ProposalCanceled: {
        table: 'proposals',
        row: (a, c) => [c.contract, 'cancelled', id(a.proposalId), ...nulls(11)],
      },
      VoteCast: {
        table: 'votes',
        row: (a, c) => [id(a.proposalId), c.addr(a.voter), n(a.support), n(a.weight), s(a.reason), null],
      },
      VoteCastWithParams: {
        table: 'votes',
        row: (a, c) => [id(a.proposalId), c.addr(a.voter), n(a.support), n(a.weight), s(a.reason), s(a.params)],
      },
    },
  },
  kernel: {
    abi: ModuleKernelAbi,
    writers: {
      ModulePrepared: {
        table: 'modules',
        row: (a, c) => [
          'prepared',
          n(a.preparationId),
          s(a.moduleId),
          n(a.operation),
          s(a.name),
          s(a.version),
          s(a.contentHash),
          c.addr(a.module),
          json(a.permissions),
        ],
      },
      PreparationApproved: {
        table: 'modules',
        row: (a) => ['preparation_approved', n(a.preparationId), ...nulls(7)],
      },
      ModuleInstalled: {
        table: 'modules',
        row: (a, c) => [
          'installed',
          null,
          s(a.moduleId),
          null,
          s(a.name),
          s(a.version),
          s(a.contentHash),
          c.addr(a.module),
          null,
        ],
      },
      ModuleUninstalled: {
        table: 'modules',
        row: (a) => ['uninstalled', null, s(a.moduleId), null, s(a.name), s(a.version), null, null, null],
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

/** Rows per multi-row INSERT: binding 64 rows per statement call cuts the per-call overhead of better-sqlite3. */
const ROWS_PER_STATEMENT = 64;

/** Buffers rows of one table and writes them with multi-row INSERT statements. */
class TableWriter {
  private readonly many: Database.Statement;
  private readonly one: Database.Statement;
  private readonly buffer: Cell[] = [];
  private readonly width: number;

  constructor(db: Database.Database, table: string, columns: readonly string[]) {
    this.width = columns.length;
    const tuple = `(${columns.map(() => '?').join(',')})`;
    const head = `INSERT INTO ${table} (${columns.join(',')}) VALUES `;
    this.many = db.prepare(head + new Array(ROWS_PER_STATEMENT).fill(tuple).join(','));
    this.one = db.prepare(head + tuple);
  }

  /** Appends one row: the event key (block number, log index, timestamp) then `row`. */
  push(blockNumber: number, logIndex: number, third: Cell, row: readonly Cell[]): void {
    const buffer = this.buffer;
    buffer.push(blockNumber, logIndex, third);
    for (let i = 0; i < row.length; i++) buffer.push(row[i] as Cell);
    if (buffer.length === this.width * ROWS_PER_STATEMENT) {
      this.many.run(buffer);
      buffer.length = 0;
    }
  }

  flush(): void {
    const { buffer, width } = this;
    for (let i = 0; i < buffer.length; i += width) this.one.run(buffer.slice(i, i + width));
    buffer.length = 0;
  }

  /** Drops what a failed transaction left unwritten. */
  clear(): void {
    this.buffer.length = 0;
  }
}

const eventKey = ['block_number', 'log_index', 'timestamp'] as const;

/**
 * Decodes and writes the standard events of one city. {@link LogIngester.ingest} writes a block range's rows and
 * the cursor in one transaction: a process killed at any instant leaves either the whole range or none of it.
 */
export class LogIngester {
  /** Every contract address of the city, for the `eth_getLogs` address filter. */
  readonly addresses: readonly Hex[];
  /** topic0 of every standard event, for the `eth_getLogs` topic filter. */
  readonly selectors: readonly Hex[];

  private readonly db: Database.Database;
  private readonly kindOf = new Map<string, { kind: SourceKind; decoder: EventDecoder }>();
  private readonly writers = new Map<string, TableWriter>();
  private readonly eventsWriter: TableWriter;
  private readonly insertAddress: Database.Statement;
  private readonly writeCursor: Database.Statement;
  private addressIds = new Map<string, number>();
  private nextAddressId = 1;
  private readonly transaction: (logs: readonly IndexerRpcLog[], block: IndexedBlock, timestamps: ReadonlyMap<string, number>) => number;

  constructor(db: Database.Database, contracts: CityContracts) {
    this.db = db;
    const decoders = Object.fromEntries(
      Object.entries(sources).map(([kind, source]) => [kind, createEventDecoder(source.abi, Object.keys(source.writers))]),
    ) as Record<SourceKind, EventDecoder>;
    const bind = (address: string, kind: SourceKind) =>
      this.kindOf.set(address.toLowerCase(), { kind, decoder: decoders[kind] });
    bind(contracts.taskBoard, 'taskBoard');
    bind(contracts.credit, 'credit');
    bind(contracts.issuance, 'issuance');
    bind(contracts.accreditation, 'accreditation');
    bind(contracts.governor, 'governor');
    bind(contracts.kernel, 'kernel');
    for (const committee of Object.values(contracts.committees)) bind(committee, 'committee');
    this.addresses = [...this.kindOf.keys()] as Hex[];
    this.selectors = [...new Set(Object.values(decoders).flatMap((d) => d.selectors))];

    for (const [table, columns] of Object.entries(tables)) {
      this.writers.set(table, new TableWriter(db, table, [...eventKey, ...columns]));
    }
    this.eventsWriter = new TableWriter(db, 'events', ['block_number', 'log_index', 'transaction_hash', 'contract', 'event']);
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
      for (const writer of this.writers.values()) writer.clear();
      this.eventsWriter.clear();
      this.loadAddresses();
      throw error;
    }
  }

  private loadAddresses(): void {
    const rows = this.db.prepare('SELECT id, address FROM addresses').raw().all() as [number, string][];
    this.addressIds = new Map(rows.map(([i, a]) => [a, i]));
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

  private write(logs: readonly IndexerRpcLog[], block: IndexedBlock, timestamps: ReadonlyMap<string, number>): number {
    let written = 0;
    const context: WriteContext = { addr: (a) => this.addressId(a as string), contract: 0 };
    for (const log of logs) {
      const source = this.kindOf.get(log.address) ?? this.kindOf.get(log.address.toLowerCase());
      if (source === undefined) continue;
      const decoded = source.decoder.decode(log);
      if (decoded === undefined) continue;
      const writer = (sources[source.kind].writers as Record<string, Writer>)[decoded.eventName] as Writer;
      const blockNumber = Number.parseInt(log.blockNumber as string, 16);
      const logIndex = Number.parseInt(log.logIndex as string, 16);
      const timestamp =
        log.blockTimestamp != null ? Number.parseInt(log.blockTimestamp, 16) : timestamps.get(String(blockNumber));
      if (timestamp === undefined) {
        throw new IndexerInputError(`No timestamp for block ${blockNumber}: the log has no blockTimestamp and none was fetched.`);
      }
      context.contract = this.addressId(log.address);
      (this.writers.get(writer.table) as TableWriter).push(blockNumber, logIndex, timestamp, writer.row(decoded.args, context));
      this.eventsWriter.push(blockNumber, logIndex, log.transactionHash as string, [context.contract, decoded.eventName]);
      written++;
    }
    for (const writer of this.writers.values()) writer.flush();
    this.eventsWriter.flush();
    this.writeCursor.run(block.number, block.hash, block.timestamp);
    return written;
  }
}
