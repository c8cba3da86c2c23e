import type { Logger } from 'pino';
import { type Chain, type LocalAccount, type Transport, type WalletClient, keccak256, toBytes } from 'viem';
import { readContract } from 'viem/actions';

import { IssuanceControllerAbi } from '@citysync/contracts';
import {
  type CityFollower,
  type HealthGovernance,
  applyHealthActions,
  computeHealth,
  planHealthActions,
  readPeriodClock,
} from '@citysync/indexer';

import type { ServerMetrics } from '../metrics.js';
import type { ChainView } from '../relayer/chainView.js';
import { KeeperStore } from './keeperStore.js';

export type HealthKeeperParameters = {
  view: ChainView;
  follower: CityFollower;
  indexDbPath: string;
  storePath: string;
  governance: HealthGovernance;
  /** A member of the issuance committee: it proposes the coverage step. */
  wallet: WalletClient<Transport, Chain, LocalAccount>;
  /** Where a red period's alert is POSTed as JSON (`{ text, period, band, proposalId }`). */
  webhookUrl?: string | undefined;
  pollIntervalMs: number;
  logger: Logger;
  metrics: ServerMetrics;
};

export type KeeperStatus = { state: 'starting' | 'ok' | 'error' | 'stopped'; lastPeriod: number | null; lastError?: string | undefined };

/**
 * The self-correction rule, run by itself: when a period completes, the keeper computes its health from the index;
 * on amber it proposes the coverage step to the issuance committee, on red it proposes the drafted step (its
 * markdown as the description) and raises an alert (the webhook, /healthz and /v1/alerts). The committee's
 * threshold and delay still apply: the keeper only proposes. A period is handled once, also across restarts
 * ({@link KeeperStore}).
 */
export class HealthKeeper {
  private readonly store: KeeperStore;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private current: KeeperStatus = { state: 'starting', lastPeriod: null };

  constructor(private readonly p: HealthKeeperParameters) {
    this.store = new KeeperStore(p.storePath);
  }

  start(): void {
    const loop = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => void this.tick().then(loop), this.p.pollIntervalMs);
    };
    void this.tick().then(loop);
  }

  /** One more pass (tests, and a caller that needs the keeper current). */
  tick(): Promise<void> {
    this.running = this.running.then(async () => {
      if (this.stopped) return;
      try {
        await this.pass();
        this.current = { state: 'ok', lastPeriod: this.current.lastPeriod };
      } catch (error) {
        this.current = { ...this.current, state: 'error', lastError: error instanceof Error ? error.message.split('\n')[0] : String(error) };
        this.p.logger.error({ err: error }, 'keeper pass failed; retrying');
      }
    });
    return this.running;
  }

  status(): KeeperStatus & { alerts: ReturnType<KeeperStore['alerts']> } {
    return { ...this.current, alerts: this.stopped ? [] : this.store.alerts() };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.running;
    this.current = { ...this.current, state: 'stopped' };
    this.store.close();
  }

  private async pass(): Promise<void> {
    const { view, follower, governance, logger, metrics } = this.p;
    await follower.poll();
    const [periodClock, [coverageBps]] = await Promise.all([
      readPeriodClock(view.client, { credit: view.contracts.credit }),
      readContract(view.client, { address: view.contracts.issuance, abi: IssuanceControllerAbi, functionName: 'coverage' }),
    ]);
    const rows = computeHealth({ dbPath: this.p.indexDbPath, governance, periodClock });
    const plan = planHealthActions(rows, governance, Number(coverageBps));
    if (plan.period === undefined) return;
    this.current.lastPeriod = plan.period;
    const known = this.store.get(plan.period);
    if (known !== undefined && known.state !== 'proposing') {
      if (known.alert === 'pending' || known.alert === 'failed') await this.alert(known.period, known.band, known.proposalId);
      return;
    }
    metrics.keeperActions.inc({ action: 'health-computed' });
    const action = plan.actions[0];
    if (action === undefined) {
      // A red period with no possible step (the ratio at its bound) is still alerted: never silence on red.
      const signal = plan.signal;
      this.store.write({
        period: plan.period,
        band: plan.band ?? 'none',
        state: 'none',
        descriptionHash: null,
        proposalId: null,
        alert: signal === undefined ? 'none' : 'pending',
        ...(signal === undefined ? {} : { markdown: signal.description }),
      });
      logger.info({ period: plan.period, band: plan.band, reasons: plan.reasons }, 'period complete: nothing to propose');
      if (signal !== undefined) await this.alert(plan.period, signal.band, null);
      return;
    }
    const descriptionHash = keccak256(toBytes(action.description));
    const alert = action.band === 'red' ? 'pending' : 'none';
    let proposalId = known === undefined ? undefined : this.proposedInIndex(descriptionHash);
    if (proposalId === undefined) {
      this.store.write({ period: plan.period, band: action.band, state: 'proposing', descriptionHash, proposalId: null, alert, markdown: action.description });
      const [proposed] = await applyHealthActions(this.p.wallet, { city: view.contracts, actions: [action] });
      proposalId = String(proposed!.proposalId);
      metrics.keeperActions.inc({ action: action.band === 'red' ? 'proposed-red' : 'proposed-coverage' });
      logger.warn({ period: plan.period, band: action.band, proposalId, fromBps: action.fromBps, toBps: action.toBps }, 'proposed the coverage step to the issuance committee');
    }
    this.store.write({ period: plan.period, band: action.band, state: 'proposed', descriptionHash, proposalId, alert, markdown: action.description });
    if (alert === 'pending') await this.alert(plan.period, action.band, proposalId);
  }

  /** The issuance committee's proposal with this description hash, if the index has it (a proposal sent before a crash). */
  private proposedInIndex(descriptionHash: string): string | undefined {
    const id = this.p.follower.db
      .prepare(
        `SELECT proposal_id FROM proposals WHERE kind = 'created' AND description_hash = ?
           AND contract = (SELECT id FROM addresses WHERE address = ?)`,
      )
      .pluck()
      .get(descriptionHash, this.p.view.contracts.committees.issuance.toLowerCase()) as string | undefined;
    return id;
  }

  private async alert(period: number, band: string, proposalId: string | null): Promise<void> {
    const { webhookUrl, metrics, logger } = this.p;
    const record = this.store.get(period)!;
    const markdown = (this.store.alerts().find((a) => a.period === period)?.markdown ?? '') as string;
    if (webhookUrl === undefined) {
      this.store.write({ ...record, alert: 'sent' });
      return;
    }
    try {
      const response = await fetch(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: markdown, period, band, proposalId }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`the webhook answered ${response.status}`);
      this.store.write({ ...record, alert: 'sent' });
      metrics.keeperActions.inc({ action: 'alert-sent' });
    } catch (error) {
      this.store.write({ ...record, alert: 'failed' });
      metrics.keeperActions.inc({ action: 'alert-failed' });
      logger.error({ err: error, period }, 'red-period alert not delivered; retrying on the next pass');
    }
  }
}
