// `tsx bench/health/health-1m.ts [events]`: the indexer and `dpan health` over 1,000,000 events.
//
// Synthesises a city's logs in the exact `eth_getLogs` JSON-RPC shape (hex quantities, topics encoded with viem's
// encodeEventTopics, data with encodeAbiParameters), then times what the indexer does after the RPC returns:
// decode every log and insert it (one typed row per event, one `transactions` row per transaction, ranges of
// 2000 blocks each committed with its cursor, WAL), and computeHealth over the resulting database. Prints and
// writes bench/results/health.json: `{ healthSecondsPer1M, ingestSeconds, healthSeconds, events, ... }` with the
// process CPU seconds of each phase beside the wall-clock ones (on a shared machine, wall time = CPU time + time
// spent waiting for a core). Synthesis is not timed, and a full GC settles its garbage before the clock starts.
//
// The mix, per completed task: a claim, a submission and a verification (TaskBoard), one Issued per batch of 100
// verifications (IssuanceController), and about 0.9 redemptions (CivicCredit); plus task publications, offers
// (some updated, some closed) and one cap per period. 15,000 participants over 12 weekly periods. Logs share a
// transaction as the SDK sends them: a claim and its submission (claimAndSubmit), a verified batch and its Issued
// (verifyBatch); each redemption, publication and offer is its own transaction.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import {
  type AbiEvent,
  type Address,
  type Hex,
  encodeAbiParameters,
  encodeEventTopics,
  keccak256,
  numberToHex,
  pad,
  toHex,
} from 'viem';

import { CivicCreditAbi, IssuanceControllerAbi, TaskBoardAbi } from '@citysync/contracts';
import {
  type HealthGovernance,
  type IndexerRpcLog,
  LogIngester,
  computeHealth,
  openIndexDatabase,
  standardEvents,
} from '@citysync/indexer';
import { committeeNames, type CityContracts } from '@citysync/sdk';

const EVENTS = Number(process.argv[2] ?? 1_000_000);
const PARTICIPANTS = 15_000;
const PERIODS = 12;
const PERIOD_LENGTH = 604_800;
const ORIGIN = 1_767_225_600; // 2026-01-01T00:00:00Z
const LOGS_PER_BLOCK = 20;
const BATCH_BLOCKS = 2_000;
const VERIFY_BATCH = 100;
const OFFERS = 200;
const TASKS = 500;

const address = (i: number): Address => pad(toHex(i + 0x1000), { size: 20 });
const contracts: CityContracts = {
  manager: address(1),
  forwarder: address(2),
  accreditation: address(3),
  credit: address(4),
  votes: address(5),
  issuance: address(6),
  taskBoard: address(7),
  governor: address(8),
  kernel: address(9),
  committees: Object.fromEntries(committeeNames.map((name, i) => [name, address(10 + i)])) as CityContracts['committees'],
};

const governance: HealthGovernance = {
  parameters: Object.fromEntries(
    Object.entries({
      'health.creditUseEfficiency.green': 0.6,
      'health.creditUseEfficiency.amber': 0.3,
      'health.spareCapacity.green': 0.15,
      'health.spareCapacity.amber': 0.05,
      'health.balanceAccumulation.green': 1.5,
      'health.balanceAccumulation.amber': 3,
      'health.topDecileShare.green': 0.5,
      'health.topDecileShare.amber': 0.7,
      'health.retention.green': 0.4,
      'health.retention.amber': 0.2,
      'health.trailingPeriods': 4,
      'issuance.coverageRatioBps': 8000,
      'issuance.coverageStepBps': 500,
    }).map(([key, value]) => [key, { default: value, min: key.endsWith('Bps') ? 0 : 0, max: key.endsWith('Bps') ? 10_000 : 100 }]),
  ),
};

function eventOf(abi: readonly unknown[], name: string): AbiEvent {
  return (abi as AbiEvent[]).find((e) => e.type === 'event' && e.name === name) as AbiEvent;
}

/** A static parameter's 32-byte word, encoded by viem's encodeAbiParameters (memoised: most values repeat). */
const words = new Map<string, Hex>();
function word(type: string, value: unknown): string {
  const key = `${type}:${String(value)}`;
  let encoded = words.get(key);
  if (encoded === undefined) {
    encoded = encodeAbiParameters([{ type }], [value]);
    if (words.size < 200_000) words.set(key, encoded);
  }
  return encoded.slice(2);
}

/**
 * Encodes one event: topics and data exactly as encodeEventTopics / encodeAbiParameters would (for the all-static
 * events synthesised in volume, each word is encoded by viem and memoised; the first call of each event type is
 * checked against viem's whole-event encoding). Events with a tuple go through viem entirely.
 */
function encoder(abi: readonly unknown[], name: string) {
  const event = eventOf(abi, name);
  const indexed = event.inputs.filter((i) => i.indexed);
  const others = event.inputs.filter((i) => !i.indexed);
  const viem = (args: Record<string, unknown>): { topics: Hex[]; data: Hex } => ({
    topics: encodeEventTopics({
      abi: [event],
      eventName: name,
      args: Object.fromEntries(indexed.map((i) => [i.name, args[i.name as string]])),
    } as Parameters<typeof encodeEventTopics>[0]) as Hex[],
    data: encodeAbiParameters(others, others.map((i) => args[i.name as string])),
  });
  if (event.inputs.some((i) => i.type === 'tuple')) return viem;
  const selector = encodeEventTopics({ abi: [event], eventName: name } as Parameters<typeof encodeEventTopics>[0])[0] as Hex;
  let checked = false;
  return (args: Record<string, unknown>): { topics: Hex[]; data: Hex } => {
    const fast = {
      topics: [selector, ...indexed.map((i) => `0x${word(i.type, args[i.name as string])}` as Hex)],
      data: `0x${others.map((i) => word(i.type, args[i.name as string])).join('')}` as Hex,
    };
    if (!checked) {
      const reference = viem(args);
      if (JSON.stringify(reference) !== JSON.stringify(fast)) throw new Error(`${name}: word encoding differs from viem`);
      checked = true;
    }
    return fast;
  };
}

const enc = {
  TaskPublished: encoder(TaskBoardAbi, 'TaskPublished'),
  TaskClaimed: encoder(TaskBoardAbi, 'TaskClaimed'),
  CompletionSubmitted: encoder(TaskBoardAbi, 'CompletionSubmitted'),
  CompletionVerified: encoder(TaskBoardAbi, 'CompletionVerified'),
  Issued: encoder(IssuanceControllerAbi, 'Issued'),
  PeriodCapFixed: encoder(IssuanceControllerAbi, 'PeriodCapFixed'),
  OfferCreated: encoder(CivicCreditAbi, 'OfferCreated'),
  OfferUpdated: encoder(CivicCreditAbi, 'OfferUpdated'),
  OfferClosed: encoder(CivicCreditAbi, 'OfferClosed'),
  Redeemed: encoder(CivicCreditAbi, 'Redeemed'),
};

/** `tx`: the transaction that emits the log (a claim and its submission share one, as do a verified batch and its Issued). */
type Pending = { contract: Address; encoded: { topics: Hex[]; data: Hex }; tx: number };

/** Synthesises the logs, in chain order, with block numbers, log indexes and timestamps laid out evenly. */
export { contracts };

export function synthesise(total: number): IndexerRpcLog[] {
  let seed = 42;
  const rand = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };
  const participants = Array.from({ length: PARTICIPANTS }, (_, i) => address(100_000 + i));
  const MODULE = keccak256(toHex('@citysync/dpan-general-economy'));
  const stream: Pending[] = [];
  let tx = 0;
  const emit = (contract: Address, encoded: Pending['encoded'], sameTransaction = false) =>
    stream.push({ contract, encoded, tx: sameTransaction ? tx : ++tx });

  for (let t = 1; t <= TASKS; t++) {
    emit(
      contracts.taskBoard,
      enc.TaskPublished({
        taskId: BigInt(t),
        issuer: address(50 + (t % 5)),
        moduleId: MODULE,
        params: {
          moduleId: MODULE,
          taskType: keccak256(toHex(`type-${t % 7}`)),
          rate: 20n,
          slots: 1_000,
          start: BigInt(ORIGIN),
          end: BigInt(ORIGIN + PERIODS * PERIOD_LENGTH),
          zoneId: keccak256(toHex(`zone-${t % 11}`)),
          evidenceSchemaHash: keccak256('0x01'),
          verifiersRequired: 0,
          gate: '0x0000000000000000000000000000000000000000',
        },
      }),
    );
  }
  for (let o = 1; o <= OFFERS; o++) {
    emit(
      contracts.credit,
      enc.OfferCreated({
        offerId: BigInt(o),
        redeemer: address(60 + (o % 20)),
        price: BigInt(5 + (o % 10)),
        capacity: 1_000n,
        start: 0n,
        end: 0n,
        metadataHash: keccak256(toHex(o)),
      }),
    );
  }
  // What remains is the economy's steady flow, spread over the periods (period p's events in p's blocks).
  const fixed = stream.length + PERIODS + 30; // publications, offers, caps, offer updates and closes
  const perCompletion = 3 + 1 / VERIFY_BATCH + 0.9;
  const completions = Math.floor((total - fixed) / perCompletion);
  let completionId = 0;
  let pendingVerified: number[] = [];
  const credits = new Float64Array(PARTICIPANTS);
  const placed: (Pending & { timestamp: number })[] = [];
  for (let p = 0; p < PERIODS; p++) {
    emit(contracts.issuance, enc.PeriodCapFixed({ period: p, cap: 10_000_000n, capacityValue: 12_500_000n, ratioBps: 8000n }));
    const inPeriod = Math.floor(completions / PERIODS);
    for (let k = 0; k < inPeriod; k++) {
      // Participants drift: each period draws from a window of the population, so some leave and some arrive.
      const who = (rand(10_000) + p * 500) % PARTICIPANTS;
      const participant = participants[who] as Address;
      const taskId = BigInt(1 + rand(TASKS));
      completionId++;
      emit(contracts.taskBoard, enc.TaskClaimed({ taskId, participant }));
      emit(
        contracts.taskBoard,
        enc.CompletionSubmitted({ completionId: BigInt(completionId), taskId, participant, evidenceHash: pad(toHex(completionId)) }),
        true, // claimAndSubmit
      );
      pendingVerified.push(completionId, who, Number(taskId));
      if (pendingVerified.length === VERIFY_BATCH * 3) {
        for (let v = 0; v < pendingVerified.length; v += 3) {
          const holder = pendingVerified[v + 1] as number;
          emit(
            contracts.taskBoard,
            enc.CompletionVerified({
              completionId: BigInt(pendingVerified[v] as number),
              taskId: BigInt(pendingVerified[v + 2] as number),
              participant: participants[holder],
              credits: 20n,
            }),
            v > 0, // one verifyBatch
          );
          credits[holder] = (credits[holder] as number) + 20;
        }
        emit(contracts.issuance, enc.Issued({ moduleId: MODULE, period: p, amount: BigInt(20 * VERIFY_BATCH) }), true);
        pendingVerified = [];
      }
      if (rand(10) < 9) {
        const redeemer = (rand(10_000) + p * 500) % PARTICIPANTS;
        const price = 5 + (rand(OFFERS) % 10);
        if ((credits[redeemer] as number) >= price) {
          credits[redeemer] = (credits[redeemer] as number) - price;
          emit(
            contracts.credit,
            enc.Redeemed({ offerId: BigInt(1 + rand(OFFERS)), participant: participants[redeemer], period: p, units: 1n, credits: BigInt(price) }),
          );
        }
      }
    }
    if (p % 4 === 3) {
      for (let o = 1; o <= 5; o++) emit(contracts.credit, enc.OfferUpdated({ offerId: BigInt(o + p), price: 10n, capacity: 1_500n }));
      emit(contracts.credit, enc.OfferClosed({ offerId: BigInt(100 + p) }));
    }
    // Lay this period's events out over the period's blocks.
    const periodEvents = stream.splice(0);
    const blocks = Math.ceil(periodEvents.length / LOGS_PER_BLOCK);
    const spacing = Math.floor(PERIOD_LENGTH / (blocks + 1));
    for (let i = 0; i < periodEvents.length; i++) {
      const block = Math.floor(i / LOGS_PER_BLOCK);
      placed.push({ ...(periodEvents[i] as Pending), timestamp: ORIGIN + p * PERIOD_LENGTH + (block + 1) * spacing });
    }
  }
  // Top up to exactly `total` with redemptions in the last period.
  while (placed.length < total) {
    const last = placed[placed.length - 1] as (typeof placed)[number];
    placed.push({
      contract: contracts.credit,
      encoded: enc.Redeemed({ offerId: 1n, participant: participants[placed.length % PARTICIPANTS], period: PERIODS - 1, units: 1n, credits: 1n }),
      tx: ++tx,
      timestamp: last.timestamp,
    });
  }
  placed.length = total;
  // Block numbers follow timestamps; a block holds up to LOGS_PER_BLOCK logs. A transaction cut by a block
  // boundary continues as another transaction (a hash belongs to one block).
  const logs: IndexerRpcLog[] = [];
  let blockNumber = 1_000;
  let logIndex = 0;
  let previous = -1;
  let previousTx = -1;
  let txHash = 0;
  for (let i = 0; i < placed.length; i++) {
    const e = placed[i] as (typeof placed)[number];
    if (e.timestamp !== previous || logIndex === LOGS_PER_BLOCK) {
      blockNumber++;
      logIndex = 0;
      previous = e.timestamp;
      previousTx = -1;
    }
    if (e.tx !== previousTx) txHash++;
    previousTx = e.tx;
    logs.push({
      address: e.contract,
      topics: e.encoded.topics as [Hex, ...Hex[]],
      data: e.encoded.data,
      blockNumber: numberToHex(blockNumber),
      blockHash: pad(numberToHex(blockNumber), { size: 32 }),
      blockTimestamp: numberToHex(e.timestamp),
      transactionHash: pad(numberToHex(txHash), { size: 32 }),
      logIndex: numberToHex(logIndex++),
    });
  }
  return logs;
}

function main(): void {
  const synthStart = performance.now();
  // Through JSON, as the logs arrive from eth_getLogs: flat strings, where the synthesis built concatenations and
  // slices that the indexer would otherwise flatten (allocating) on first read.
  const synthesised = synthesise(EVENTS);
  const logs: IndexerRpcLog[] = [];
  for (let i = 0; i < synthesised.length; i += 50_000) {
    logs.push(...(JSON.parse(JSON.stringify(synthesised.slice(i, i + 50_000))) as IndexerRpcLog[]));
  }
  synthesised.length = 0;
  const synthSeconds = (performance.now() - synthStart) / 1000;
  const mix = new Map<string, number>();
  const names = new Map<string, string>();
  for (const { abi, events } of Object.values(standardEvents)) {
    for (const name of events) {
      const event = eventOf(abi, name);
      const topics = encodeEventTopics({ abi: [event], eventName: name } as Parameters<typeof encodeEventTopics>[0]);
      names.set(topics[0] as string, name);
    }
  }
  for (const log of logs) {
    const name = names.get(log.topics[0] as string) ?? '?';
    mix.set(name, (mix.get(name) ?? 0) + 1);
  }

  const dir = mkdtempSync(join(tmpdir(), 'citysync-health-bench-'));
  const dbPath = join(dir, 'index.sqlite');
  // The synthesis leaves hundreds of MB of garbage: collect it now rather than inside the timed phases.
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  const cpuSeconds = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1e6;
  };
  try {
    const loadBefore = loadavg()[0] ?? 0;
    const ingestCpu = process.cpuUsage();
    const ingestStart = performance.now();
    const db = openIndexDatabase(dbPath);
    const ingester = new LogIngester(db, contracts);
    let from = 0;
    let written = 0;
    while (from < logs.length) {
      const firstBlock = Number.parseInt(logs[from]?.blockNumber as string, 16);
      let to = from;
      while (to < logs.length && Number.parseInt(logs[to]?.blockNumber as string, 16) < firstBlock + BATCH_BLOCKS) to++;
      const last = logs[to - 1] as IndexerRpcLog;
      written += ingester.ingest(logs.slice(from, to), {
        number: BigInt(firstBlock + BATCH_BLOCKS - 1),
        hash: last.blockHash as Hex,
        timestamp: Number.parseInt(last.blockTimestamp as string, 16),
      });
      from = to;
    }
    db.close();
    const ingestSeconds = (performance.now() - ingestStart) / 1000;
    const ingestCpuSeconds = cpuSeconds(ingestCpu);

    const healthCpu = process.cpuUsage();
    const healthStart = performance.now();
    const rows = computeHealth({ dbPath, governance, periodClock: { offset: 0, origin: ORIGIN, length: PERIOD_LENGTH } });
    const healthSeconds = (performance.now() - healthStart) / 1000;
    const healthCpuSeconds = cpuSeconds(healthCpu);

    const round = (x: number) => Math.round(x * 1000) / 1000;
    const result = {
      healthSecondsPer1M: round(((ingestSeconds + healthSeconds) * 1_000_000) / written),
      ingestSeconds: round(ingestSeconds),
      healthSeconds: round(healthSeconds),
      cpuSeconds: { ingest: round(ingestCpuSeconds), health: round(healthCpuSeconds) },
      events: written,
      transactions: new Set(logs.map((l) => l.transactionHash)).size,
      periods: rows.length,
      participants: PARTICIPANTS,
      mix: Object.fromEntries([...mix.entries()].sort((a, b) => b[1] - a[1])),
      synthesiseSeconds: round(synthSeconds),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version },
      // Other processes compete for the cores: a load average above the core count inflates every figure.
      loadAverage1m: { before: round(loadBefore), after: round(loadavg()[0] ?? 0) },
      measuredAt: new Date().toISOString(),
    };
    const out = resolve(dirname(fileURLToPath(import.meta.url)), '../results/health.json');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
