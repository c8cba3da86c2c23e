import {
  type Chain,
  type Hash,
  type LocalAccount,
  type TransactionReceipt,
  type Transport,
  TransactionReceiptNotFoundError,
  type WalletClient,
  encodeFunctionData,
  keccak256,
} from 'viem';
import { getTransactionCount, getTransactionReceipt, prepareTransactionRequest, sendRawTransaction, waitForTransactionReceipt } from 'viem/actions';
import type { Logger } from 'pino';

import { CityForwarderAbi } from '@citysync/contracts';

import type { RelayerConfig } from '../config.js';
import type { ServerMetrics } from '../metrics.js';
import type { RequestOutcome, RequestStore, StoredBatch, StoredRequest } from '../queue/requestStore.js';
import { batchOutcomes, skippedOutcome } from './batchOutcomes.js';
import type { ChainView } from './chainView.js';

export type BatchSenderParameters = {
  store: RequestStore;
  view: ChainView;
  /** The relayer's wallet (an accredited issuer, redeemer or relayer): it signs and pays for the batches. */
  wallet: WalletClient<Transport, Chain, LocalAccount>;
  config: RelayerConfig;
  logger: Logger;
  metrics: ServerMetrics;
  /** How often to poll for a receipt. Default: 100 ms. */
  pollingIntervalMs?: number | undefined;
};

/** A node's answer to a raw transaction it has already seen, or whose sender nonce has moved on. */
const ALREADY_KNOWN = /already known|known transaction|already imported/i;
const NONCE_USED = /nonce too low|nonce.*(already|has been) used|replacement transaction underpriced/i;

const RETRY_AFTER_ERROR_MS = 2_000;
const MAX_BOUNDED_GAS = 30_000_000n;

/**
 * Sends the queue in `executeBatch` transactions, one batch at a time, each when it is full or when its oldest
 * request has waited `batchIntervalMs`. Exactly once across crashes: a batch's signed transaction and hash are
 * written (its requests `sending`) before the broadcast; the batch is settled from its receipt in one write. On
 * start, {@link BatchSender.recover} settles every batch left unresolved: from its receipt, else by broadcasting the
 * same signed bytes again (the same hash: it can only be mined once), else (its sender nonce went to another
 * transaction) each request by its forwarder nonce: used means executed elsewhere (confirmed), unused means queued
 * again. The forwarder's per-signer nonces make a second execution of a request impossible in any case.
 */
export class BatchSender {
  private stopping = false;
  private flushing = false;
  private wakeUp: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private readonly pollingIntervalMs: number;
  /** Whether the last batch attempt failed as a whole (for /healthz). */
  lastError: string | undefined;
  batchesSent = 0;

  constructor(private readonly p: BatchSenderParameters) {
    this.pollingIntervalMs = p.pollingIntervalMs ?? 100;
  }

  /** Settles the batches a previous run left unresolved. Call before {@link start}. */
  async recover(): Promise<void> {
    for (const batch of this.p.store.unresolvedBatches()) {
      this.p.logger.info({ batch: batch.id, txHash: batch.txHash, state: batch.state }, 'settling a batch left by the previous run');
      await this.settle(batch);
    }
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** A request was stored: send now if a batch is full. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Sends everything queued now, settles it, and stops. Intake must be stopped first. */
  async stop(): Promise<void> {
    this.flushing = true;
    this.stopping = true;
    this.wake();
    await this.loop;
    // Whatever is still queued after the final pass (a batch failed as a whole) stays queued for the next start.
  }

  private async run(): Promise<void> {
    for (;;) {
      await this.waitForWork();
      if (this.p.store.countOf('queued') === 0) {
        if (this.stopping) return;
        continue;
      }
      try {
        await this.sendNext();
        this.lastError = undefined;
      } catch (error) {
        this.lastError = error instanceof Error ? error.message.split('\n')[0] : String(error);
        this.p.logger.error({ err: error }, 'batch not sent; its requests stay queued');
        if (this.stopping) return;
        await this.sleep(RETRY_AFTER_ERROR_MS);
      }
    }
  }

  private async waitForWork(): Promise<void> {
    const { store, config } = this.p;
    for (;;) {
      const queued = store.countOf('queued');
      if (queued >= config.batchSize || (queued > 0 && this.flushing) || (this.stopping && queued === 0)) return;
      const oldest = store.oldestQueuedAt();
      const wait = oldest === undefined ? 1_000 : oldest + config.batchIntervalMs - Date.now();
      if (wait <= 0) return;
      await this.sleep(wait);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  private async sendNext(): Promise<void> {
    const { store, view, wallet, config, metrics } = this.p;
    const rows = store.nextQueued(config.batchSize);
    const head = await view.latestHead();
    const expired: Extract<RequestOutcome, { kind: 'failed' }>[] = [];
    const live: StoredRequest[] = [];
    for (const r of rows) {
      if (BigInt(r.request.deadline) < head.timestamp) {
        expired.push({
          kind: 'failed',
          seq: r.seq,
          outcome: 'expired',
          failure: { errorName: 'ERC2771ForwarderExpiredRequest', message: `ERC2771ForwarderExpiredRequest(${r.request.deadline}): expired while queued; sign it again.` },
        });
      } else live.push(r);
    }
    if (expired.length > 0) {
      store.failQueued(expired);
      metrics.requestsSettled.inc({ status: 'failed' }, expired.length);
    }
    if (live.length === 0) return;

    const data = encodeFunctionData({
      abi: CityForwarderAbi,
      functionName: 'executeBatch',
      args: [
        live.map(({ request: { from, to, value, gas, deadline, data, signature } }) => ({ from, to, value, gas, deadline, data, signature })),
        wallet.account.address,
      ],
    });
    const senderNonce = await getTransactionCount(wallet, { address: wallet.account.address, blockTag: 'pending' });
    const prepared = await prepareTransactionRequest(wallet, {
      account: wallet.account,
      chain: wallet.chain,
      to: view.forwarder,
      data,
      value: live.reduce((sum, r) => sum + r.request.value, 0n),
      nonce: senderNonce,
      // Past a common block gas limit, the node's estimate instead (requests signed with unusually large gas).
      gas: batchGasLimit(live) <= MAX_BOUNDED_GAS ? batchGasLimit(live) : undefined,
    });
    const raw = await wallet.account.signTransaction(prepared as Parameters<LocalAccount['signTransaction']>[0]);
    const hash = keccak256(raw);
    const batch = store.recordBatch(live, { hash, raw, senderNonce });
    metrics.batchSize.observe(live.length);
    this.p.logger.info({ batch: batch.id, txHash: hash, size: live.length }, 'batch recorded, broadcasting');
    await this.settle(batch);
    this.batchesSent++;
  }

  /** Broadcasts a recorded batch (again, if need be) and settles it from its receipt, or by nonce if it was dropped. */
  private async settle(batch: StoredBatch): Promise<void> {
    const { store, view, wallet, config, logger } = this.p;
    let receipt = await receiptOf(view, batch.txHash);
    if (receipt === undefined) {
      try {
        await sendRawTransaction(wallet, { serializedTransaction: batch.rawTx });
      } catch (error) {
        const message = String((error as Error).message);
        if (!ALREADY_KNOWN.test(message)) {
          receipt = await receiptOf(view, batch.txHash);
          if (receipt === undefined) {
            if (!NONCE_USED.test(message)) throw error;
            // The sender nonce went to another transaction: this batch can never be mined.
            await this.settleDropped(batch);
            return;
          }
        }
      }
      if (batch.state === 'sending' && receipt === undefined) store.markBatchSent(batch.id);
      receipt ??= await waitForTransactionReceipt(view.client, { hash: batch.txHash, pollingInterval: this.pollingIntervalMs, timeout: 120_000 });
    }
    const requests = store.requestsOfBatch(batch.id).filter((r) => r.state === 'sending' || r.state === 'sent');
    let outcomes: RequestOutcome[];
    if (receipt.status === 'reverted') {
      // The whole batch reverted (the relayer lost its accreditation, or ran out of gas): nothing executed.
      logger.error({ batch: batch.id, txHash: batch.txHash }, 'batch transaction reverted as a whole');
      outcomes = requests.map((r) =>
        r.attempts >= config.maxAttempts
          ? { kind: 'failed', seq: r.seq, outcome: 'batch-reverted', failure: { errorName: undefined, message: `the batch ${batch.txHash} reverted ${r.attempts} times (is the relayer still accredited?)` } }
          : { kind: 'requeued', seq: r.seq },
      );
    } else {
      outcomes = await batchOutcomes(view, receipt, requests, config.maxAttempts);
    }
    store.resolveBatch(batch.id, 'mined', Number(receipt.blockNumber), outcomes);
    this.observe(requests, outcomes);
    logger.info(
      { batch: batch.id, txHash: batch.txHash, block: Number(receipt.blockNumber), ...tally(outcomes) },
      'batch settled',
    );
  }

  private async settleDropped(batch: StoredBatch): Promise<void> {
    const { store, view, config, logger } = this.p;
    const head = await view.latestHead();
    const requests = store.requestsOfBatch(batch.id).filter((r) => r.state === 'sending' || r.state === 'sent');
    const outcomes: RequestOutcome[] = [];
    for (const r of requests) outcomes.push(await skippedOutcome(view, r, head.timestamp, undefined, config.maxAttempts));
    store.resolveBatch(batch.id, 'dropped', undefined, outcomes);
    this.observe(requests, outcomes);
    logger.warn({ batch: batch.id, txHash: batch.txHash, ...tally(outcomes) }, 'batch dropped (its sender nonce was used by another transaction); requests settled by their nonces');
  }

  private observe(requests: readonly StoredRequest[], outcomes: readonly RequestOutcome[]): void {
    const { metrics } = this.p;
    const acceptedAt = new Map(requests.map((r) => [r.seq, r.acceptedAt]));
    const now = Date.now();
    for (const o of outcomes) {
      if (o.kind === 'requeued') continue;
      metrics.requestsSettled.inc({ status: o.kind });
      const at = acceptedAt.get(o.seq);
      if (at !== undefined) metrics.confirmationSeconds.observe((now - at) / 1_000);
    }
  }
}

/**
 * The batch's gas limit, bounded without estimating (an estimate runs the whole batch once more on the node): each
 * request's own gas, what the forwarder spends around it (signature recovery, the nonce, the event; 60,000 is
 * about twice that), and the transaction's base. Only the gas used is paid.
 */
export function batchGasLimit(requests: readonly StoredRequest[]): bigint {
  const calls = requests.reduce((sum, r) => sum + r.request.gas, 0n);
  return calls + (calls / 63n) + 60_000n * BigInt(requests.length) + 100_000n;
}

async function receiptOf(view: ChainView, hash: Hash): Promise<TransactionReceipt | undefined> {
  try {
    return await getTransactionReceipt(view.client, { hash });
  } catch (error) {
    if (error instanceof TransactionReceiptNotFoundError) return undefined;
    throw error;
  }
}

function tally(outcomes: readonly RequestOutcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
  return counts;
}
