import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The server's Prometheus metrics, on a registry of its own (two servers in one process, as in tests, never share
 * counters). Gauges that mirror state (queue depth, lags) are read when scraped.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  /** Where the state gauges read from when scraped; each part sets its own. */
  readonly sources: {
    queueDepth?: (() => Record<string, number>) | undefined;
    headLagSeconds?: (() => number | undefined) | undefined;
    indexLagBlocks?: (() => number | undefined) | undefined;
  } = {};
  readonly accepted: Counter;
  readonly refused: Counter<'reason'>;
  readonly queueDepth: Gauge<'state'>;
  readonly batchSize: Histogram;
  readonly confirmationSeconds: Histogram;
  readonly requestsSettled: Counter<'status'>;
  readonly headLagSeconds: Gauge;
  readonly indexLagBlocks: Gauge;
  readonly keeperActions: Counter<'action'>;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'citysync_server_' });
    this.accepted = new Counter({ name: 'citysync_relay_requests_accepted_total', help: 'Requests answered 202 (stored)', registers });
    this.refused = new Counter({
      name: 'citysync_relay_requests_refused_total',
      help: 'Requests refused, by reason (malformed, too-deep, too-large, expired, invalid-signature, wrong-nonce, duplicate, not-city-target, would-revert, rate-limited-signer, rate-limited-client, queue-full, stopping)',
      labelNames: ['reason'],
      registers,
    });
    this.queueDepth = new Gauge({
      name: 'citysync_relay_queue_depth',
      help: 'Requests waiting (queued) or in a batch not yet mined (sending, sent)',
      labelNames: ['state'],
      registers,
      collect: () => {
        for (const [state, n] of Object.entries(this.sources.queueDepth?.() ?? {})) this.queueDepth.set({ state }, n);
      },
    });
    this.batchSize = new Histogram({
      name: 'citysync_relay_batch_size',
      help: 'Requests per executeBatch transaction',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200],
      registers,
    });
    this.confirmationSeconds = new Histogram({
      name: 'citysync_relay_confirmation_seconds',
      help: 'From the 202 to the request settled on chain (confirmed or failed)',
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
      registers,
    });
    this.requestsSettled = new Counter({
      name: 'citysync_relay_requests_settled_total',
      help: 'Requests settled, by final status (confirmed, failed)',
      labelNames: ['status'],
      registers,
    });
    this.headLagSeconds = new Gauge({
      name: 'citysync_chain_head_lag_seconds',
      help: "Seconds between now and the latest block's timestamp",
      registers,
      collect: () => {
        const lag = this.sources.headLagSeconds?.();
        if (lag !== undefined) this.headLagSeconds.set(lag);
      },
    });
    this.indexLagBlocks = new Gauge({
      name: 'citysync_index_lag_blocks',
      help: 'Blocks between the chain head and the index cursor',
      registers,
      collect: () => {
        const lag = this.sources.indexLagBlocks?.();
        if (lag !== undefined) this.indexLagBlocks.set(lag);
      },
    });
    this.keeperActions = new Counter({
      name: 'citysync_keeper_actions_total',
      help: 'Keeper actions, by kind (health-computed, proposed-coverage, proposed-red, alert-sent, alert-failed)',
      labelNames: ['action'],
      registers,
    });
  }
}
