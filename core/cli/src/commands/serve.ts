import { resolve } from 'node:path';

import { type ServerPart, serverParts, startCityServer } from '@citysync/server';
import { type OutputOptions, defineCommand } from '../command.js';
import { type ChainOptions, type SignerOptions, openCityOf, signerOf } from '../context.js';
import { CliUsageError } from '../errors.js';
import { parseSmallUint } from '../parse.js';
import { type RegistryOptions, openRegistryOf } from '../registryContext.js';

type ServeOptions = ChainOptions &
  SignerOptions &
  RegistryOptions &
  OutputOptions & {
    port?: string | undefined;
    only?: string | undefined;
    batchSize?: string | undefined;
    batchIntervalMs?: string | undefined;
    maxQueue?: string | undefined;
    perSignerPerMinute?: string | undefined;
    perClientPerMinute?: string | undefined;
    geojson?: string | undefined;
    webhook?: string | undefined;
    keeperIntervalMs?: string | undefined;
  };

export type ServeResult = { url: string; parts: readonly ServerPart[] };

/** The keeper runs only when asked for: it proposes to a committee in the signer's name. */
const DEFAULT_PARTS: readonly ServerPart[] = ['relayer', 'indexer', 'dashboard'];

function partsOf(only: string | undefined): ServerPart[] {
  if (only === undefined) return [...DEFAULT_PARTS];
  const parts = only.split(',').map((p) => p.trim()).filter((p) => p !== '');
  for (const part of parts) {
    if (!(serverParts as readonly string[]).includes(part)) {
      throw new CliUsageError(`--only: "${part}" is not a part; use ${serverParts.join(', ')}.`);
    }
  }
  if (parts.length === 0) throw new CliUsageError(`--only names no part; use ${serverParts.join(', ')}.`);
  for (const reader of ['dashboard', 'keeper'] as const) {
    if (parts.includes(reader) && !parts.includes('indexer')) throw new CliUsageError(`--only: the ${reader} reads the index; add indexer.`);
  }
  return parts as ServerPart[];
}

const count = (value: string | undefined, what: string): number | undefined =>
  value === undefined ? undefined : parseSmallUint(value, what, 1_000_000_000);

/**
 * `dpan serve`: the city's long-running services in one process on 127.0.0.1, until SIGTERM or Ctrl-C (then
 * intake stops, the queue is sent, and it exits). The relayer signs batches with the command's signer (an
 * accredited relayer, issuer or redeemer); its queue is `.citysync/serve/relayer.sqlite`; the indexer follows the
 * chain into `.citysync/index.sqlite`; the keeper (only with `--only ...,keeper`) proposes the coverage step as the
 * signer, an issuance committee member, and posts red periods to `--webhook`. Logs are JSON lines on stdout.
 */
export const serve = defineCommand(
  async (options: ServeOptions): Promise<ServeResult> => {
    const parts = partsOf(options.only);
    const port = options.port === undefined ? 0 : parseSmallUint(options.port, '--port', 65_535);
    const relayer = {
      batchSize: count(options.batchSize, '--batch-size'),
      batchIntervalMs: count(options.batchIntervalMs, '--batch-interval-ms'),
      maxQueue: count(options.maxQueue, '--max-queue'),
      perSignerPerMinute: count(options.perSignerPerMinute, '--per-signer-per-minute'),
      perClientPerMinute: count(options.perClientPerMinute, '--per-client-per-minute'),
    };
    const connection = await openCityOf(options);
    const cityDir = connection.cityDir;
    const server = await startCityServer({
      rpcUrl: connection.rpcUrl,
      contracts: connection.city,
      dataDir: resolve(cityDir, '.citysync', 'serve'),
      // One signer for both: the relayer (an accredited organization) and the keeper (an issuance committee
      // member) are usually run as separate `dpan serve --only` processes, each with its own key.
      relayerAccount: parts.includes('relayer') ? signerOf(options) : undefined,
      parts,
      port,
      relayer,
      indexer: { fromBlock: connection.deployment.blockNumber, dbPath: resolve(cityDir, '.citysync', 'index.sqlite') },
      keeper: {
        governance: connection.governance,
        proposerAccount: signerOf(options),
        webhookUrl: options.webhook,
        pollIntervalMs: count(options.keeperIntervalMs, '--keeper-interval-ms'),
      },
      dashboard: {
        connection: { ...connection, dir: cityDir },
        openRegistry: () => openRegistryOf(options),
        geojson: options.geojson,
      },
    });
    process.stderr.write(`dpan serve: ${parts.join(', ')} of ${options.city} at ${server.url} (SIGTERM or Ctrl-C to stop)\n`);
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    await server.close();
    return { url: server.url, parts };
  },
  { render: () => 'dpan serve stopped' },
);
