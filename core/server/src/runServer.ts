// The city server as a process of its own, without the CLI: `tsx core/server/src/runServer.ts --rpc <url>
// --contracts <file> --data-dir <dir> --private-key <hex> [--port <n>] [--batch-size <n>] [--batch-interval-ms <n>]`.
// JSON log lines on stdout; SIGTERM or SIGINT stops intake, flushes the queue and exits 0; exit 2 on bad usage,
// 1 on failure. `dpan serve` is the user-facing command; this entry exists so a test can SIGKILL a real server
// process mid-batch and start it again on the same data directory (core/server/test/relayer.crash.test.ts).
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import type { Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

import type { CityContracts } from '@citysync/sdk';

import { startCityServer } from './startCityServer.js';

const usage = `Usage: tsx core/server/src/runServer.ts --rpc <url> --contracts <file> --data-dir <dir> --private-key <hex>
  [--port <n>] [--batch-size <n>] [--batch-interval-ms <n>]`;

async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        rpc: { type: 'string' },
        contracts: { type: 'string' },
        'data-dir': { type: 'string' },
        'private-key': { type: 'string' },
        port: { type: 'string' },
        'batch-size': { type: 'string' },
        'batch-interval-ms': { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  const { rpc, contracts, 'data-dir': dataDir, 'private-key': key } = values;
  if (rpc === undefined || contracts === undefined || dataDir === undefined || key === undefined) {
    process.stderr.write(`--rpc, --contracts, --data-dir and --private-key are required.\n${usage}\n`);
    return 2;
  }
  const number = (name: string) => (values[name] === undefined ? undefined : Number(values[name]));
  const server = await startCityServer({
    rpcUrl: rpc,
    contracts: (JSON.parse(readFileSync(contracts, 'utf8')) as { contracts: CityContracts }).contracts,
    dataDir,
    relayerAccount: privateKeyToAccount(key as Hex),
    parts: ['relayer'],
    port: number('port'),
    pollingIntervalMs: 50,
    relayer: { batchSize: number('batch-size'), batchIntervalMs: number('batch-interval-ms'), perSignerPerMinute: 600 },
  });
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await server.close();
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
