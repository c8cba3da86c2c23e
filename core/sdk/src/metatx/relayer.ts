import {
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  ContractFunctionZeroDataError,
  type Hash,
  type TransactionReceipt,
  encodeFunctionData,
  isAddressEqual,
  parseAbi,
  recoverTypedDataAddress,
} from 'viem';
import { getBlock, readContract } from 'viem/actions';

import { CitySyncError } from '../errors/base.js';
import type { CityWriteErrorType } from '../errors/contract.js';
import { CityForwarderAbi } from '@citysync/contracts';
import { eventsOf, sendCall } from '../internal/send.js';
import type { CityWalletClient } from '../types/client.js';
import { forwardRequestTypes } from './signForwardRequest.js';
import type { SignedForwardRequest } from './types.js';

/** Why {@link Relayer.submit} refused a request. */
export type RelayerRejectionReason =
  /** The deadline has passed. */
  | 'expired'
  /** The signature does not recover to `from` for this request, forwarder and nonce. */
  | 'invalid-signature'
  /** `nonce` is not the signer's next one (a replay, or a gap the forwarder would never fill). */
  | 'wrong-nonce'
  /** The target contract does not trust this forwarder. */
  | 'untrusted-target';

/** A signed request was refused at submission: it would never execute, so it was not queued. */
export class RelayerRequestRejectedError extends CitySyncError {
  override name = 'RelayerRequestRejectedError';
  readonly reason: RelayerRejectionReason;
  readonly request: SignedForwardRequest;

  constructor(reason: RelayerRejectionReason, request: SignedForwardRequest, explanation: string) {
    super(`Relayer refused the request from ${request.from} (nonce ${request.nonce}): ${explanation}`, {
      details: `to: ${request.to}\ndeadline: ${request.deadline}\nnonce: ${request.nonce}`,
    });
    this.reason = reason;
    this.request = request;
  }
}

export type CreateRelayerParameters = {
  /** The relaying organization's client: an accredited issuer, redeemer or relayer. It pays the gas. */
  wallet: CityWalletClient;
  /** The city's forwarder (`city.forwarder`). */
  forwarder: Address;
  /** Most requests per `executeBatch` transaction; {@link Relayer.flush} sends as many as it needs. Default: 50. */
  maxBatch?: number | undefined;
};

/** What happened to one request of a flushed batch. */
export type RelayedRequestResult = {
  request: SignedForwardRequest;
  /**
   * `succeeded`: executed, and the call succeeded. `failed`: executed (the nonce is used) but the call reverted.
   * `skipped`: the forwarder did not execute it (it expired, or its nonce was used elsewhere since submission).
   */
  status: 'succeeded' | 'failed' | 'skipped';
  /** The batch transaction it was part of. */
  hash: Hash;
};

export type RelayerFlushReturnType = {
  /** One result per request, in submission order. */
  results: RelayedRequestResult[];
  /** The `executeBatch` transactions sent, in order. */
  batches: { hash: Hash; receipt: TransactionReceipt; size: number }[];
};

export type RelayerSubmitReturnType = {
  /** Requests waiting for the next {@link Relayer.flush}, this one included. */
  pending: number;
};

/**
 * {@link RelayerRequestRejectedError} from `submit`; from `flush`, the batch's decoded revert
 * (`CityForwarderUnauthorizedRelayer` when the wallet is not accredited, ...): the requests stay queued.
 */
export type RelayerErrorType = RelayerRequestRejectedError | CityWriteErrorType;

export type Relayer = {
  /**
   * Checks a signed request against the forwarder (signature for the signer's next nonce, deadline, trusted
   * target) and queues it. A signer may queue several requests with consecutive nonces; they run in order.
   */
  submit(request: SignedForwardRequest): Promise<RelayerSubmitReturnType>;
  /** Sends the queue with `executeBatch` (at most `maxBatch` per transaction) and reports each request. */
  flush(): Promise<RelayerFlushReturnType>;
  /** Requests queued and not yet flushed. */
  readonly pending: number;
};

const DEFAULT_MAX_BATCH = 50;

const erc2771ContextAbi = parseAbi(['function isTrustedForwarder(address forwarder) view returns (bool)']);

/**
 * A relayer for participants' signed requests: `submit` rejects what could never execute, `flush` submits the
 * queue through the forwarder's `executeBatch` with the relayer as refund receiver, so one request whose call
 * reverts (or that became invalid meanwhile) does not revert the others; each request's outcome is read from the
 * forwarder's `ExecutedForwardRequest` events.
 *
 * @example
 * const relayer = createRelayer({ wallet: relayerWallet, forwarder: city.forwarder })
 * await relayer.submit(await signForwardRequest(participant, { city, to: city.taskBoard, data }))
 * const { results } = await relayer.flush()
 */
export function createRelayer(parameters: CreateRelayerParameters): Relayer {
  const { wallet, forwarder } = parameters;
  const maxBatch = parameters.maxBatch ?? DEFAULT_MAX_BATCH;
  if (!Number.isInteger(maxBatch) || maxBatch < 1) {
    throw new CitySyncError(`maxBatch must be a positive integer, got ${maxBatch}.`);
  }
  let queue: SignedForwardRequest[] = [];
  // submit and flush run one at a time: a signer's expected nonce depends on what is queued.
  let lock: Promise<unknown> = Promise.resolve();
  const serialize = <T>(run: () => Promise<T>): Promise<T> => {
    const next = lock.then(run, run);
    lock = next.catch(() => undefined);
    return next;
  };

  const submit = (request: SignedForwardRequest) =>
    serialize(async (): Promise<RelayerSubmitReturnType> => {
      await check(wallet, forwarder, request, queue.filter((r) => isAddressEqual(r.from, request.from)).length);
      queue.push(request);
      return { pending: queue.length };
    });

  const flush = () =>
    serialize(async (): Promise<RelayerFlushReturnType> => {
      const results: RelayedRequestResult[] = [];
      const batches: RelayerFlushReturnType['batches'] = [];
      while (queue.length > 0) {
        const batch = queue.slice(0, maxBatch);
        const receipt = await sendCall(wallet, {
          to: forwarder,
          data: encodeFunctionData({
            abi: CityForwarderAbi,
            functionName: 'executeBatch',
            args: [
              batch.map(({ from, to, value, gas, deadline, data, signature }) => ({
                from,
                to,
                value,
                gas,
                deadline,
                data,
                signature,
              })),
              wallet.account.address,
            ],
          }),
          value: batch.reduce((sum, r) => sum + r.value, 0n),
          functionName: 'executeBatch',
        });
        queue = queue.slice(batch.length);
        const executed = new Map<string, boolean>();
        for (const { args } of eventsOf(receipt, CityForwarderAbi, 'ExecutedForwardRequest', forwarder)) {
          executed.set(`${args.signer.toLowerCase()}:${args.nonce}`, args.success);
        }
        const hash = receipt.transactionHash;
        for (const request of batch) {
          const success = executed.get(`${request.from.toLowerCase()}:${request.nonce}`);
          const status = success === undefined ? 'skipped' : success ? 'succeeded' : 'failed';
          results.push({ request, status, hash });
        }
        batches.push({ hash, receipt, size: batch.length });
      }
      return { results, batches };
    });

  return {
    submit,
    flush,
    get pending() {
      return queue.length;
    },
  };
}

/**
 * Rejects a request that could never execute. The signer's first queued request is checked by the forwarder's own
 * `verify`; a later one (nonce + k) cannot be, as `verify` recovers against the current nonce, so it is checked
 * the same way here, against the EIP-712 domain the forwarder reports.
 */
async function check(
  client: CityWalletClient,
  forwarder: Address,
  request: SignedForwardRequest,
  queuedFromSigner: number,
): Promise<void> {
  const [block, currentNonce, domain, trusted] = await Promise.all([
    getBlock(client, { blockTag: 'latest' }),
    readContract(client, { address: forwarder, abi: CityForwarderAbi, functionName: 'nonces', args: [request.from] }),
    readContract(client, { address: forwarder, abi: CityForwarderAbi, functionName: 'eip712Domain' }),
    readContract(client, {
      address: request.to,
      abi: erc2771ContextAbi,
      functionName: 'isTrustedForwarder',
      args: [forwarder],
    }).catch((error: unknown) => {
      // A target without ERC-2771 reverts or returns nothing: untrusted. Anything else (transport) is not an answer.
      if (
        error instanceof BaseError &&
        error.walk((e) => e instanceof ContractFunctionRevertedError || e instanceof ContractFunctionZeroDataError)
      ) {
        return false;
      }
      throw error;
    }),
  ]);
  if (BigInt(request.deadline) < block.timestamp) {
    throw new RelayerRequestRejectedError(
      'expired',
      request,
      `its deadline ${request.deadline} is before the chain's time ${block.timestamp}; ask the participant to sign it again.`,
    );
  }
  if (!trusted) {
    throw new RelayerRequestRejectedError(
      'untrusted-target',
      request,
      `${request.to} does not trust the forwarder ${forwarder}; only the city's TaskBoard and CivicCredit do.`,
    );
  }
  const expectedNonce = currentNonce + BigInt(queuedFromSigner);
  if (request.nonce !== expectedNonce) {
    const why =
      request.nonce < currentNonce
        ? 'it was already used (a replay)'
        : `the signer's next nonce is ${expectedNonce}${queuedFromSigner > 0 ? ` (${queuedFromSigner} queued)` : ''}`;
    throw new RelayerRequestRejectedError('wrong-nonce', request, `nonce ${request.nonce} cannot execute: ${why}.`);
  }
  const [, name, version, chainId, verifyingContract] = domain;
  const { from, to, value, gas, deadline, data, signature, nonce } = request;
  const recovered = await recoverTypedDataAddress({
    domain: { name, version, chainId, verifyingContract },
    types: forwardRequestTypes,
    primaryType: 'ForwardRequest',
    message: { from, to, value, gas, nonce, deadline, data },
    signature,
  }).catch(() => undefined);
  const valid =
    recovered !== undefined &&
    isAddressEqual(recovered, from) &&
    (queuedFromSigner > 0 ||
      (await readContract(client, {
        address: forwarder,
        abi: CityForwarderAbi,
        functionName: 'verify',
        args: [{ from, to, value, gas, deadline, data, signature }],
      })));
  if (!valid) {
    throw new RelayerRequestRejectedError(
      'invalid-signature',
      request,
      `the signature does not recover to ${from} for this request; it was altered or signed for another forwarder.`,
    );
  }
}
