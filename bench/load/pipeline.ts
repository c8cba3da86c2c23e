// The bulk sender of the load benchmark, used identically by the city scenario and the raw ERC20 mints so that
// their ratio compares contract work, not client code. Each transaction is an `eth_sendTransaction` from an
// address anvil impersonates (participants sign on their own devices: the benchmark does not spend the city
// server's CPU on their keys), with nonce, gas and a zero gas price given, so anvil neither estimates nor looks a
// nonce up. Transactions go out in JSON-RPC batches, a chunk at a time, and with automine off each chunk is mined
// as one block (`evm_mine`) while the next chunk is already being sent. Success is then checked from the logs:
// every transaction must have emitted its phase's event the expected number of times (a reverted transaction
// emits none), and the blocks of the phase must hold exactly the transactions sent.
import { readFileSync } from 'node:fs';

import {
  type Address,
  type Hash,
  type Hex,
  type PublicClient,
  type TestClient,
  type WalletClient,
  hexToBigInt,
  numberToHex,
} from 'viem';

export type BulkTx = { from: Address; to: Address; data: Hex; gas: bigint; nonce: number };

/** What each successful transaction of the phase emits: `count` logs from `address` whose topic0 is in `topics`. */
export type ExpectedEvent = { address: Address; topics: readonly Hex[]; count: number };

export type Mining = 'manual' | 'auto';

export type BulkClients = {
  /** Batched transport: the chunk's sends leave in one HTTP request. */
  wallet: WalletClient;
  /** Unbatched transport: mining, blocks, logs (a batch of log responses could pass viem's 10 MB body limit). */
  publicClient: PublicClient;
  testClient: TestClient;
};

export type BulkLog = { transactionHash: Hash; topics: Hex[]; data: Hex; blockNumber: bigint };

export type PhaseReport = {
  name: string;
  transactions: number;
  blocks: number;
  firstBlock: number;
  lastBlock: number;
  gasUsed: string;
  seconds: number;
  /** Wall time spent waiting on `eth_sendTransaction` batches (anvil's pool insertion plus JSON-RPC). */
  sendSeconds: number;
  /** Wall time spent waiting on `evm_mine` beyond what overlapped with sending (block execution). */
  mineSeconds: number;
  /** Logs fetched and matched, block headers read. */
  checkSeconds: number;
  /** CPU time of this Node process (building, encoding, JSON-RPC client) and of anvil during the phase. */
  nodeCpuSeconds: number;
  anvilCpuSeconds: number | null;
};

export type RunPhaseParameters = {
  name: string;
  /**
   * The phase's transactions, a chunk at a time (one JSON-RPC batch). A chunk is built while anvil works on the
   * previous one, so building (encoding) overlaps the chain.
   */
  chunks: Iterable<BulkTx[]>;
  mining: Mining;
  /** With manual mining: a block is mined once this many transactions were sent since the last one. */
  blockTxs: number;
  expect: ExpectedEvent;
  /** anvil's process id, to report its CPU time (Linux /proc); none: not reported. */
  anvilPid?: number | undefined;
};

const seconds = (ms: number) => Math.round(ms) / 1000;

/** `txs` in chunks of `size`. */
export function* chunked<T>(txs: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < txs.length; i += size) yield txs.slice(i, i + size);
}

/** User + system CPU seconds of a process so far, from /proc (clock ticks of 1/100 s); null where unreadable. */
function processCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

const nodeCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** Lets the event loop run, so a batch just handed to the transport leaves before the next chunk is built. */
const yieldToIo = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Sends the phase, mines it, checks every transaction succeeded; returns the report and the phase's logs. */
export async function runPhase(
  clients: BulkClients,
  { name, chunks, mining, blockTxs, expect, anvilPid }: RunPhaseParameters,
): Promise<{ report: PhaseReport; logs: BulkLog[] }> {
  const { wallet, publicClient, testClient } = clients;
  const started = performance.now();
  const nodeCpu0 = nodeCpuSeconds();
  const anvilCpu0 = processCpuSeconds(anvilPid);
  const firstBlock = Number(await publicClient.getBlockNumber()) + 1;
  const hashes: Hash[] = [];
  let transactions = 0;
  let unmined = 0;
  let sendMs = 0;
  let mineMs = 0;
  let mining$: Promise<void> = Promise.resolve();

  const send = (part: BulkTx[]) =>
    Promise.all(
      part.map((tx) =>
        wallet.request({
          method: 'eth_sendTransaction',
          params: [
            {
              from: tx.from,
              to: tx.to,
              data: tx.data,
              gas: numberToHex(tx.gas),
              gasPrice: '0x0',
              nonce: numberToHex(tx.nonce),
            },
          ],
        }),
      ),
    );
  const iterator = chunks[Symbol.iterator]();
  let next = iterator.next();
  while (next.done !== true) {
    const part = next.value;
    transactions += part.length;
    const t0 = performance.now();
    const sending = send(part);
    await yieldToIo();
    next = iterator.next();
    hashes.push(...(await sending));
    const t1 = performance.now();
    sendMs += t1 - t0;
    unmined += part.length;
    if (mining === 'manual' && (unmined >= blockTxs || next.done === true)) {
      unmined = 0;
      // The previous block must be sealed before the next mine; what was just sent waits in the pool meanwhile.
      await mining$;
      mineMs += performance.now() - t1;
      mining$ = testClient.mine({ blocks: 1 });
    }
  }
  const t2 = performance.now();
  await mining$;
  await drainPool(clients, mining);
  mineMs += performance.now() - t2;

  const t3 = performance.now();
  const lastBlock = Number(await publicClient.getBlockNumber());
  const { logs, gasUsed, minedTxs } = await collect(publicClient, firstBlock, lastBlock, expect);
  checkPhase(name, hashes, minedTxs, logs, expect);
  const report: PhaseReport = {
    name,
    transactions,
    blocks: lastBlock - firstBlock + 1,
    firstBlock,
    lastBlock,
    gasUsed: gasUsed.toString(),
    seconds: seconds(performance.now() - started),
    sendSeconds: seconds(sendMs),
    mineSeconds: seconds(mineMs),
    checkSeconds: seconds(performance.now() - t3),
    nodeCpuSeconds: Math.round((nodeCpuSeconds() - nodeCpu0) * 100) / 100,
    anvilCpuSeconds: anvilCpu0 === null ? null : Math.round(((processCpuSeconds(anvilPid) ?? anvilCpu0) - anvilCpu0) * 100) / 100,
  };
  return { report, logs };
}

/** Mines (manual) or waits (automine) until anvil's pool is empty. */
async function drainPool({ publicClient, testClient }: BulkClients, mining: Mining): Promise<void> {
  for (let round = 0; ; round++) {
    const status = await publicClient.request({ method: 'txpool_status' } as never) as { pending: Hex; queued: Hex };
    const waiting = hexToBigInt(status.pending) + hexToBigInt(status.queued);
    if (waiting === 0n) return;
    if (round > 10_000) throw new Error(`anvil's pool still holds ${waiting} transactions`);
    if (mining === 'manual') await testClient.mine({ blocks: 1 });
    else await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

type RpcLog = { transactionHash: Hash; topics: Hex[]; data: Hex; blockNumber: Hex };
type RpcBlock = { gasUsed: Hex; transactions: Hash[] };

async function collect(
  publicClient: PublicClient,
  firstBlock: number,
  lastBlock: number,
  expect: ExpectedEvent,
): Promise<{ logs: BulkLog[]; gasUsed: bigint; minedTxs: Hash[] }> {
  const numbers = Array.from({ length: lastBlock - firstBlock + 1 }, (_, i) => firstBlock + i);
  const logs: BulkLog[] = [];
  const minedTxs: Hash[] = [];
  let gasUsed = 0n;
  // A few blocks at a time: anvil answers concurrent reads on its other threads.
  const WIDTH = 4;
  for (let i = 0; i < numbers.length; i += WIDTH) {
    const group = numbers.slice(i, i + WIDTH);
    const results = await Promise.all(
      group.map(async (n) => {
        const block = numberToHex(n);
        const [header, found] = await Promise.all([
          publicClient.request({ method: 'eth_getBlockByNumber', params: [block, false] }) as Promise<RpcBlock>,
          publicClient.request({
            method: 'eth_getLogs',
            params: [{ fromBlock: block, toBlock: block, address: expect.address, topics: [[...expect.topics]] }],
          }) as Promise<RpcLog[]>,
        ]);
        return { header, found };
      }),
    );
    for (const { header, found } of results) {
      gasUsed += hexToBigInt(header.gasUsed);
      minedTxs.push(...header.transactions);
      for (const log of found) {
        logs.push({ transactionHash: log.transactionHash, topics: log.topics, data: log.data, blockNumber: BigInt(log.blockNumber) });
      }
    }
  }
  return { logs, gasUsed, minedTxs };
}

/** Fails the benchmark unless every transaction sent was mined in the phase's blocks and emitted its events. */
function checkPhase(name: string, hashes: Hash[], minedTxs: Hash[], logs: BulkLog[], expect: ExpectedEvent): void {
  const sent = new Set(hashes);
  if (sent.size !== hashes.length) throw new Error(`${name}: ${hashes.length - sent.size} duplicate transaction hashes`);
  const mined = new Set(minedTxs);
  const strangers = minedTxs.filter((hash) => !sent.has(hash));
  const missing = hashes.filter((hash) => !mined.has(hash));
  if (strangers.length > 0 || missing.length > 0) {
    throw new Error(`${name}: ${missing.length} sent transactions not mined, ${strangers.length} unexpected ones mined`);
  }
  const counts = new Map<Hash, number>();
  for (const log of logs) counts.set(log.transactionHash, (counts.get(log.transactionHash) ?? 0) + 1);
  const failed = hashes.filter((hash) => counts.get(hash) !== expect.count);
  if (failed.length > 0) {
    throw new Error(
      `${name}: ${failed.length} of ${hashes.length} transactions did not emit ${expect.count} expected event(s) ` +
        `(reverted), e.g. ${failed[0]}; inspect it with cast receipt/run against the benchmark's anvil`,
    );
  }
}
