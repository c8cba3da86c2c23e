import { type Address, type Hash, type Hex, type TransactionReceipt, concat, parseEventLogs } from 'viem';
import { call, getBlock } from 'viem/actions';

import { CityForwarderAbi } from '@citysync/contracts';
import { decodeContractRevert, decodeRevertData } from '@citysync/sdk';

import type { RequestOutcome, StoredRequest } from '../queue/requestStore.js';
import type { ChainView } from './chainView.js';
import { describeRevert } from './describeRevert.js';

type TracedCall = { from?: string; to?: string; input?: string; output?: string; error?: string; calls?: TracedCall[] };

/**
 * Each request's outcome in a mined `executeBatch`: the forwarder's `ExecutedForwardRequest(signer, nonce, success)`
 * says whether it ran and whether its call succeeded. The forwarder does not keep a failed call's revert data, so
 * it is read from the transaction's call trace (`debug_traceTransaction` with the call tracer: the call from the
 * forwarder to the target with the request's calldata), or, on a node without the debug API, by replaying the call
 * on the state before the batch. A request that did not run was skipped by the forwarder: expired, or its nonce
 * was used by another transaction (then it is confirmed, executed elsewhere), or it waited on a nonce that never
 * came (requeued while it has attempts left).
 */
export async function batchOutcomes(
  view: ChainView,
  receipt: TransactionReceipt,
  requests: readonly StoredRequest[],
  maxAttempts: number,
): Promise<RequestOutcome[]> {
  const blockNumber = Number(receipt.blockNumber);
  const txHash = receipt.transactionHash;
  const executed = new Map<string, boolean>();
  const logs = parseEventLogs({ abi: CityForwarderAbi, eventName: 'ExecutedForwardRequest', logs: receipt.logs });
  for (const log of logs) {
    if (log.address.toLowerCase() !== view.forwarder.toLowerCase()) continue;
    executed.set(`${log.args.signer.toLowerCase()}:${log.args.nonce}`, log.args.success);
  }
  let traced: Map<string, Hex> | undefined;
  let block: { timestamp: bigint } | undefined;
  const outcomes: RequestOutcome[] = [];
  for (const r of requests) {
    const { request } = r;
    const success = executed.get(`${request.from.toLowerCase()}:${request.nonce}`);
    if (success === true) {
      outcomes.push({ kind: 'confirmed', seq: r.seq, outcome: 'executed', blockNumber, txHash });
    } else if (success === false) {
      traced ??= await failedCallsOf(view, txHash);
      const failure = await failureOf(view, r, traced, receipt.blockNumber);
      outcomes.push({ kind: 'failed', seq: r.seq, outcome: 'reverted', failure, blockNumber });
    } else {
      block ??= await getBlock(view.client, { blockNumber: receipt.blockNumber });
      outcomes.push(await skippedOutcome(view, r, block.timestamp, receipt.blockNumber, maxAttempts));
    }
  }
  return outcomes;
}

/** A request the forwarder did not run (or a batch that never mined): settled by its deadline and its nonce. */
export async function skippedOutcome(
  view: ChainView,
  r: StoredRequest,
  chainTime: bigint,
  atBlock: bigint | undefined,
  maxAttempts: number,
): Promise<RequestOutcome> {
  const { request } = r;
  const nonce = await view.client.readContract({
    address: view.forwarder,
    abi: CityForwarderAbi,
    functionName: 'nonces',
    args: [request.from],
    ...(atBlock !== undefined ? { blockNumber: atBlock } : {}),
  });
  if (nonce > request.nonce) {
    return { kind: 'confirmed', seq: r.seq, outcome: 'executed-elsewhere', blockNumber: atBlock === undefined ? undefined : Number(atBlock) };
  }
  if (BigInt(request.deadline) < chainTime) {
    return {
      kind: 'failed',
      seq: r.seq,
      outcome: 'expired',
      failure: {
        errorName: 'ERC2771ForwarderExpiredRequest',
        message: `ERC2771ForwarderExpiredRequest(${request.deadline}): the deadline passed before the request could be sent; sign it again.`,
      },
    };
  }
  if (r.attempts >= maxAttempts) {
    return {
      kind: 'failed',
      seq: r.seq,
      outcome: 'not-executed',
      failure: {
        errorName: undefined,
        message: `not executed after ${r.attempts} batches: the signer's nonce is ${nonce}, this request's ${request.nonce} (an earlier request of the signer never executed); sign it again with nonce ${nonce}.`,
      },
    };
  }
  return { kind: 'requeued', seq: r.seq };
}

async function failureOf(
  view: ChainView,
  r: StoredRequest,
  traced: Map<string, Hex> | undefined,
  blockNumber: bigint,
): Promise<{ errorName: string | undefined; message: string; revertData?: Hex | undefined }> {
  const { request } = r;
  const input = concat([request.data, request.from]).toLowerCase();
  const context = { address: request.to, sender: request.from as Address };
  const data = traced?.get(input);
  if (data !== undefined && data.length >= 10) {
    const revert = describeRevert(decodeRevertData(data, context));
    return { errorName: revert.errorName, message: revert.text, revertData: data };
  }
  if (traced !== undefined) {
    return { errorName: undefined, message: 'reverted without a reason, or ran out of the gas it was signed with' };
  }
  // No debug API: replay on the state before the batch (earlier requests of the same batch are not applied).
  try {
    await call(view.client, {
      account: view.forwarder,
      to: request.to,
      data: concat([request.data, request.from]),
      value: request.value,
      gas: request.gas,
      blockNumber: blockNumber - 1n,
    });
    return { errorName: undefined, message: 'reverted in the batch (the replay on the previous block succeeds: it depended on an earlier request of the batch)' };
  } catch (error) {
    const decoded = decodeContractRevert(error, context);
    if (decoded === undefined) return { errorName: undefined, message: 'reverted without a reason' };
    const revert = describeRevert(decoded);
    return { errorName: revert.errorName, message: `${revert.text} (replayed on the block before the batch)`, revertData: decoded.data };
  }
}

/** Reverted calls made by the forwarder in a transaction, by calldata; undefined when the node has no debug API. */
async function failedCallsOf(view: ChainView, txHash: Hash): Promise<Map<string, Hex> | undefined> {
  let root: TracedCall;
  try {
    root = (await view.client.request({
      method: 'debug_traceTransaction' as never,
      params: [txHash, { tracer: 'callTracer' }] as never,
    })) as TracedCall;
  } catch {
    return undefined;
  }
  const forwarder = view.forwarder.toLowerCase();
  const failed = new Map<string, Hex>();
  const stack: TracedCall[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.error !== undefined && node.from?.toLowerCase() === forwarder && node.input !== undefined) {
      failed.set(node.input.toLowerCase(), (node.output ?? '0x') as Hex);
    }
    if (node.calls) stack.push(...node.calls);
  }
  return failed;
}
