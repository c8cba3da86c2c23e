import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import { type Chain, type LocalAccount, createPublicClient, createWalletClient, defineChain, http } from 'viem';
import { getChainId } from 'viem/actions';

import { type DashboardCity, type OpenDashboardRegistry, createDashboardHandler } from '@citysync/dashboard';
import { type CityFollower, type HealthGovernance, followCity } from '@citysync/indexer';
import type { CityContracts } from '@citysync/sdk';

import { type RelayerConfig, relayerConfigOf } from './config.js';
import { ServerConfigError } from './errors.js';
import { createApp } from './http/createApp.js';
import { ServerMetrics } from './metrics.js';
import { RequestStore } from './queue/requestStore.js';
import { BatchSender } from './relayer/batchSender.js';
import { ChainView } from './relayer/chainView.js';
import { RelayerService } from './relayer/relayerService.js';
import { registerReadRoutes } from './reads/readRoutes.js';
import { HealthKeeper } from './keeper/healthKeeper.js';

/** The parts `dpan serve` runs; each can run alone (`--only`). */
export const serverParts = ['relayer', 'indexer', 'keeper', 'dashboard'] as const;
export type ServerPart = (typeof serverParts)[number];

export type StartCityServerParameters = {
  rpcUrl: string;
  contracts: CityContracts;
  /** Where the server keeps its files: `relayer.sqlite` (the queue). Created if missing. */
  dataDir: string;
  /** The relayer's key: an accredited issuer, redeemer or relayer of the city. Required for the relayer part. */
  relayerAccount?: LocalAccount | undefined;
  /** Default: every part. */
  parts?: readonly ServerPart[] | undefined;
  /** Default 127.0.0.1. */
  host?: string | undefined;
  /** Default 0: a free port. */
  port?: number | undefined;
  relayer?: { [K in keyof RelayerConfig]?: number | undefined } | undefined;
  /** Default: JSON lines on stdout at `info`. */
  logger?: Logger | undefined;
  /** Receipt polling interval, in milliseconds. Default 100. */
  pollingIntervalMs?: number | undefined;
  /** The indexer: the city's deployment block (where an empty index starts), its file, its polling interval. */
  indexer?:
    | {
        fromBlock: bigint;
        /** Default `<dataDir>/index.sqlite`; `dpan serve` uses the city's `.citysync/index.sqlite`. */
        dbPath?: string | undefined;
        /** Default 1000 ms. */
        pollIntervalMs?: number | undefined;
      }
    | undefined;
  /** The keeper: the city's governance parameters (bands), an issuance committee member's key, a webhook for red periods. */
  keeper?:
    | {
        governance: HealthGovernance;
        proposerAccount: LocalAccount;
        webhookUrl?: string | undefined;
        /** Default 60 000 ms. */
        pollIntervalMs?: number | undefined;
      }
    | undefined;
  /** The dashboard: the opened city and the registry network (for advisories), and a zone map. */
  dashboard?:
    | { connection: DashboardCity; openRegistry: OpenDashboardRegistry; geojson?: string | undefined }
    | undefined;
};

export type CityServer = {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  parts: readonly ServerPart[];
  app: FastifyInstance;
  metrics: ServerMetrics;
  logger: Logger;
  /** Stops intake (503), sends and settles what is queued, stops every part and closes the port. Idempotent. */
  close(): Promise<void>;
};

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * Starts the city's server: the relayer API with its durable queue and batch sender (settling what a previous run
 * left in flight before taking new requests), `/healthz`, `/metrics` and `/v1/openapi.json`, on 127.0.0.1.
 *
 * @example
 * const server = await startCityServer({ rpcUrl, contracts: city, dataDir: '.citysync/serve', relayerAccount })
 * process.once('SIGTERM', () => server.close())
 */
export async function startCityServer(parameters: StartCityServerParameters): Promise<CityServer> {
  const parts = parameters.parts ?? serverParts;
  const relayerConfig = relayerConfigOf(parameters.relayer);
  const logger = parameters.logger ?? pino({ base: { service: 'citysync-server' } });
  const metrics = new ServerMetrics();
  mkdirSync(parameters.dataDir, { recursive: true });

  // Concurrent reads (the checks of requests arriving together) go to the node as one JSON-RPC batch.
  const transport = http(parameters.rpcUrl, { retryCount: 2, batch: { wait: 0 } });
  const chainId = await getChainId(createPublicClient({ transport }));
  const chain: Chain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [parameters.rpcUrl] } },
  });
  const pollingInterval = parameters.pollingIntervalMs ?? 100;
  const publicClient = createPublicClient({ chain, transport, pollingInterval });
  const view = new ChainView(publicClient, parameters.contracts);

  let store: RequestStore | undefined;
  let sender: BatchSender | undefined;
  let relayer: RelayerService | undefined;
  if (parts.includes('relayer')) {
    if (parameters.relayerAccount === undefined) {
      throw new ServerConfigError('The relayer needs a key: pass --private-key (or --account on the embedded chain) of an accredited relayer, issuer or redeemer, or leave the relayer out with --only.');
    }
    const wallet = createWalletClient({ account: parameters.relayerAccount, chain, transport, pollingInterval });
    store = new RequestStore(join(parameters.dataDir, 'relayer.sqlite'));
    sender = new BatchSender({ store, view, wallet, config: relayerConfig, logger: logger.child({ part: 'relayer' }), metrics, pollingIntervalMs: pollingInterval });
    await sender.recover();
    relayer = new RelayerService({ store, view, sender, config: relayerConfig, metrics, logger });
  }

  let follower: CityFollower | undefined;
  if (parts.includes('indexer')) {
    if (parameters.indexer === undefined) throw new ServerConfigError('The indexer needs the city\'s deployment block (indexer.fromBlock).');
    const indexLog = logger.child({ part: 'indexer' });
    follower = followCity({
      publicClient,
      contracts: parameters.contracts,
      fromBlock: parameters.indexer.fromBlock,
      dbPath: parameters.indexer.dbPath ?? join(parameters.dataDir, 'index.sqlite'),
      pollIntervalMs: parameters.indexer.pollIntervalMs,
      onStep: (step) =>
        step.kind === 'indexed'
          ? indexLog.debug({ from: Number(step.fromBlock), to: Number(step.toBlock), events: step.events }, 'indexed')
          : indexLog.warn({ from: Number(step.fromBlock), to: step.toBlock === undefined ? null : Number(step.toBlock), reason: step.reason }, 'reorganisation: index rolled back'),
      onError: (error) => indexLog.error({ err: error }, 'index poll failed; retrying'),
    });
    await follower.poll();
    metrics.sources.indexLagBlocks = () => {
      const s = follower?.status();
      return s?.head === undefined ? undefined : Number(s.head - (s.cursor ?? 0n));
    };
  }

  let keeper: HealthKeeper | undefined;
  if (parts.includes('keeper')) {
    if (follower === undefined || parameters.keeper === undefined) {
      throw new ServerConfigError('The keeper reads the index and proposes as an issuance committee member: run the indexer part and give keeper.governance and keeper.proposerAccount.');
    }
    keeper = new HealthKeeper({
      view,
      follower,
      indexDbPath: parameters.indexer?.dbPath ?? join(parameters.dataDir, 'index.sqlite'),
      storePath: join(parameters.dataDir, 'keeper.sqlite'),
      governance: parameters.keeper.governance,
      wallet: createWalletClient({ account: parameters.keeper.proposerAccount, chain, transport, pollingInterval }),
      webhookUrl: parameters.keeper.webhookUrl,
      pollIntervalMs: parameters.keeper.pollIntervalMs ?? 60_000,
      logger: logger.child({ part: 'keeper' }),
      metrics,
    });
  }

  const app = createApp({ logger, relayerConfig, relayer, version });
  registerReadRoutes(app, () => follower?.db, view);
  app.get('/v1/alerts', async () => ({ alerts: keeper?.status().alerts ?? [] }));

  if (parts.includes('dashboard')) {
    if (parameters.dashboard === undefined) throw new ServerConfigError('The dashboard needs the opened city (dashboard.connection).');
    const dbPath = parameters.indexer?.dbPath ?? join(parameters.dataDir, 'index.sqlite');
    const dashboard = createDashboardHandler({
      connection: parameters.dashboard.connection,
      // The follower keeps the index current: the page reads it as it is, never indexing on its own.
      index: async () => {
        if (follower === undefined) throw new ServerConfigError('The dashboard reads the index: run the indexer part too.');
        await follower.poll();
        return { dbPath, toBlock: follower.status().cursor ?? 0n, events: 0 };
      },
      openRegistry: parameters.dashboard.openRegistry,
      geojson: parameters.dashboard.geojson,
    });
    // Everything the API does not answer is the dashboard's (its page, JSON, map and static files).
    app.setNotFoundHandler((request, reply) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return reply.code(404).send({ error: { reason: 'not-found', message: `no route ${request.method} ${request.url}` } });
      }
      reply.hijack();
      dashboard.handle(request.raw, reply.raw);
    });
  } else {
    app.setNotFoundHandler((request, reply) =>
      reply.code(404).send({ error: { reason: 'not-found', message: `no route ${request.method} ${request.url}; see /v1/openapi.json` } }),
    );
  }

  metrics.sources.queueDepth = () => store?.pending() ?? {};
  metrics.sources.headLagSeconds = () => {
    const head = view.lastHead;
    return head === undefined ? undefined : Math.max(0, Date.now() / 1_000 - Number(head.timestamp));
  };

  app.get('/metrics', async (_request, reply) => {
    void reply.header('content-type', metrics.registry.contentType);
    return await metrics.registry.metrics();
  });

  app.get('/healthz', async (_request, reply) => {
    let head: Awaited<ReturnType<ChainView['latestHead']>> | undefined;
    let chainError: string | undefined;
    try {
      head = await view.latestHead();
    } catch (error) {
      chainError = String((error as Error).message).split('\n')[0];
    }
    const partStates: Record<string, unknown> = {};
    if (relayer !== undefined && store !== undefined && sender !== undefined) {
      partStates['relayer'] = {
        state: !relayer.accepting ? 'stopping' : sender.lastError !== undefined ? 'degraded' : 'ok',
        queue: store.pending(),
        batchesSent: sender.batchesSent,
        ...(sender.lastError !== undefined ? { lastError: sender.lastError } : {}),
      };
    }
    if (follower !== undefined) {
      const s = follower.status();
      partStates['indexer'] = {
        state: s.state === 'following' ? 'ok' : s.state === 'error' ? 'degraded' : s.state,
        cursor: s.cursor === undefined ? null : Number(s.cursor),
        head: s.head === undefined ? null : Number(s.head),
        lagBlocks: s.head === undefined ? null : Number(s.head - (s.cursor ?? 0n)),
        rollbacks: s.rollbacks,
        ...(s.lastError !== undefined ? { lastError: s.lastError } : {}),
      };
    }
    if (keeper !== undefined) {
      const s = keeper.status();
      partStates['keeper'] = {
        state: s.state === 'starting' ? 'ok' : s.state === 'error' ? 'degraded' : s.state,
        lastPeriod: s.lastPeriod,
        alerts: s.alerts.map(({ period, proposalId, alert }) => ({ period, proposalId, alert })),
        ...(s.lastError !== undefined ? { lastError: s.lastError } : {}),
      };
    }
    if (parts.includes('dashboard')) partStates['dashboard'] = { state: 'ok' };
    const ok = chainError === undefined && Object.values(partStates).every((p) => (p as { state: string }).state === 'ok');
    return reply.code(ok ? 200 : 503).send({
      status: ok ? 'ok' : 'degraded',
      chain:
        head === undefined
          ? { state: 'down', error: chainError }
          : { state: 'ok', headBlock: Number(head.number), headLagSeconds: Math.max(0, Math.round(Date.now() / 1_000 - Number(head.timestamp))) },
      parts: partStates,
    });
  });

  await app.listen({ host: parameters.host ?? '127.0.0.1', port: parameters.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (parameters.port ?? 0);
  sender?.start();
  keeper?.start();
  logger.info({ port, parts, relayer: parameters.relayerAccount?.address }, 'city server listening');

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      logger.info('stopping: intake closed, flushing the queue');
      if (relayer !== undefined) relayer.accepting = false;
      await sender?.stop();
      await app.close();
      await keeper?.stop();
      await follower?.stop();
      store?.close();
      logger.info('stopped');
    })());

  return { url: `http://127.0.0.1:${port}`, port, parts, app, metrics, logger, close };
}
