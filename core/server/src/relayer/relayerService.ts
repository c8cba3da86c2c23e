import type { Logger } from 'pino';

import type { SignedForwardRequest } from '@citysync/sdk';

import type { RelayerConfig } from '../config.js';
import { RelayRequestRefusedError } from '../errors.js';
import type { ServerMetrics } from '../metrics.js';
import { type PublicRequestStatus, type RequestStore, publicStatusOf } from '../queue/requestStore.js';
import type { BatchSender } from './batchSender.js';
import type { ChainView } from './chainView.js';
import { checkRelayRequest } from './checkRelayRequest.js';
import { RateLimiter } from './rateLimiter.js';

/** What `GET /v1/requests/:id` answers. */
export type RequestStatusView = {
  id: string;
  status: PublicRequestStatus;
  from: string;
  nonce: string;
  to: string;
  txHash: string | null;
  blockNumber: number | null;
  /** `executed`, `executed-elsewhere` (its nonce was used by another transaction), `reverted`, `expired`, ... */
  outcome: string | null;
  /** For a failed request: the decoded revert or why it was not executed. */
  error: { name: string | null; message: string; data: string | null } | null;
  acceptedAt: string;
};

/**
 * The relayer's intake: rate limits, the queue bound, the chain checks, and the durable write, in that order (the
 * cheap refusals first). One signer's submissions are checked one at a time, since the next nonce depends on what
 * is queued.
 */
export class RelayerService {
  private readonly bySigner: RateLimiter;
  private readonly byClient: RateLimiter;
  private readonly signerLocks = new Map<string, Promise<unknown>>();
  accepting = true;

  constructor(
    private readonly p: {
      store: RequestStore;
      view: ChainView;
      sender: BatchSender;
      config: RelayerConfig;
      metrics: ServerMetrics;
      logger: Logger;
    },
  ) {
    this.bySigner = new RateLimiter(p.config.perSignerPerMinute);
    this.byClient = new RateLimiter(p.config.perClientPerMinute);
  }

  /** Counts a refusal decided before a request reached {@link submit} (400, 413). */
  refused(reason: RelayRequestRefusedError['reason']): void {
    this.p.metrics.refused.inc({ reason });
  }

  async submit(request: SignedForwardRequest, client: string): Promise<{ id: string; status: 'queued' }> {
    try {
      return await this.submitChecked(request, client);
    } catch (error) {
      if (error instanceof RelayRequestRefusedError) this.p.metrics.refused.inc({ reason: error.reason });
      throw error;
    }
  }

  private async submitChecked(request: SignedForwardRequest, client: string): Promise<{ id: string; status: 'queued' }> {
    const { store, config } = this.p;
    if (!this.accepting) {
      throw new RelayRequestRefusedError(503, 'stopping', 'The relayer is shutting down; retry shortly (another instance, or this one after its restart).', {
        retryAfterSeconds: 5,
      });
    }
    const clientWait = this.byClient.take(client);
    if (clientWait > 0) {
      throw new RelayRequestRefusedError(429, 'rate-limited-client', `Client ${client} sent more than ${config.perClientPerMinute} requests a minute; retry in ${clientWait} s.`, {
        retryAfterSeconds: clientWait,
      });
    }
    const signerWait = this.bySigner.take(request.from.toLowerCase());
    if (signerWait > 0) {
      throw new RelayRequestRefusedError(429, 'rate-limited-signer', `Signer ${request.from} sent more than ${config.perSignerPerMinute} requests a minute; retry in ${signerWait} s.`, {
        retryAfterSeconds: signerWait,
      });
    }
    const queued = store.countOf('queued');
    if (queued >= config.maxQueue) {
      const seconds = Math.max(1, Math.ceil(((queued / config.batchSize) * config.batchIntervalMs) / 1_000));
      throw new RelayRequestRefusedError(503, 'queue-full', `The relay queue is full (${queued} requests); retry in ${seconds} s.`, {
        retryAfterSeconds: seconds,
      });
    }
    const result = await this.forSigner(request.from.toLowerCase(), async () => {
      const active = store.activeOfSigner(request.from);
      const same = active.find((r) => r.request.nonce === request.nonce);
      if (same !== undefined) {
        if (same.request.signature.toLowerCase() === request.signature.toLowerCase()) return { id: same.id, repeated: true };
        throw new RelayRequestRefusedError(422, 'duplicate', `body#/request/nonce: the signer's request with nonce ${request.nonce} is already queued as ${same.id}.`, {
          pointer: '/request/nonce',
        });
      }
      await checkRelayRequest({ view: this.p.view, request, lastPendingNonce: active.at(-1)?.request.nonce });
      return { id: (await store.acceptDurably(request, client)).id, repeated: false };
    });
    if (!result.repeated) {
      this.p.metrics.accepted.inc();
      this.p.sender.wake();
    }
    return { id: result.id, status: 'queued' };
  }

  status(id: string): RequestStatusView | undefined {
    const r = this.p.store.get(id);
    if (r === undefined) return undefined;
    return {
      id: r.id,
      status: publicStatusOf(r.state),
      from: r.request.from,
      nonce: r.request.nonce.toString(),
      to: r.request.to,
      txHash: r.state === 'queued' ? null : (r.txHash ?? null),
      blockNumber: r.blockNumber ?? null,
      outcome: r.outcome ?? null,
      error: r.state === 'failed' ? { name: r.errorName ?? null, message: r.errorMessage ?? '', data: r.revertData ?? null } : null,
      acceptedAt: new Date(r.acceptedAt).toISOString(),
    };
  }

  private forSigner<T>(signer: string, run: () => Promise<T>): Promise<T> {
    const previous = this.signerLocks.get(signer) ?? Promise.resolve();
    const next = previous.then(run, run);
    const settled = next.catch(() => undefined);
    this.signerLocks.set(signer, settled);
    void settled.then(() => {
      if (this.signerLocks.get(signer) === settled) this.signerLocks.delete(signer);
    });
    return next;
  }
}
