// A standalone indexer run: `tsx core/indexer/src/indexer/runIndexer.ts --rpc <url> --deployment <file> --db <file>`.
// Prints one JSON line per committed range on stderr and the run's summary as JSON on stdout; exit code 1 on
// failure, 2 on bad usage. `dpan index` is the user-facing command; this entry exists so a process can be
// killed mid-run and restarted (core/indexer/test/indexer.kill.test.ts).
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { createPublicClient, http } from 'viem';

import { CitySyncError } from '@citysync/sdk';
import type { CityContracts } from '@citysync/sdk';
import { IndexerInputError } from './errors.js';
import { indexCity } from './indexCity.js';

/** The city's contracts and deployment block from a deployment file (`.citysync/deployment.json`). */
export function readDeploymentFile(file: string): { contracts: CityContracts; blockNumber: bigint | undefined } {
  let record: { contracts?: CityContracts; blockNumber?: string | number } & Partial<CityContracts>;
  try {
    record = JSON.parse(readFileSync(file, 'utf8')) as typeof record;
  } catch (error) {
    throw new IndexerInputError(`Cannot read the deployment file ${file}: pass the city's .citysync/deployment.json.`, {
      cause: error,
    });
  }
  const contracts = record.contracts ?? (record as CityContracts);
  for (const name of ['taskBoard', 'credit', 'issuance', 'accreditation', 'governor', 'kernel', 'committees'] as const) {
    if (contracts[name] === undefined) {
      throw new IndexerInputError(`${file}#/${record.contracts ? 'contracts/' : ''}${name}: missing; redeploy the city or fix the file.`);
    }
  }
  return { contracts, blockNumber: record.blockNumber === undefined ? undefined : BigInt(record.blockNumber) };
}

const usage = `Usage: tsx core/indexer/src/indexer/runIndexer.ts --rpc <url> --deployment <file> --db <file>
  [--from-block <n>] [--batch-blocks <n>] [--range-delay-ms <n>]`;

async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        rpc: { type: 'string' },
        deployment: { type: 'string' },
        db: { type: 'string' },
        'from-block': { type: 'string' },
        'batch-blocks': { type: 'string' },
        'range-delay-ms': { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  const { rpc, deployment, db } = values;
  if (rpc === undefined || deployment === undefined || db === undefined) {
    process.stderr.write(`--rpc, --deployment and --db are required.\n${usage}\n`);
    return 2;
  }
  try {
    const { contracts, blockNumber } = readDeploymentFile(deployment);
    const fromBlock = values['from-block'] !== undefined ? BigInt(values['from-block']) : blockNumber;
    if (fromBlock === undefined) {
      throw new IndexerInputError(`${deployment}#/blockNumber: missing; pass --from-block with the city's deployment block.`);
    }
    const result = await indexCity({
      publicClient: createPublicClient({ transport: http(rpc, { retryCount: 0 }) }),
      contracts,
      fromBlock,
      dbPath: db,
      batchBlocks: values['batch-blocks'] !== undefined ? Number(values['batch-blocks']) : undefined,
      rangeDelayMs: values['range-delay-ms'] !== undefined ? Number(values['range-delay-ms']) : undefined,
      onProgress: (p) =>
        process.stderr.write(`${JSON.stringify({ toBlock: String(p.toBlock), target: String(p.targetBlock), events: p.totalEvents })}\n`),
    });
    process.stdout.write(
      `${JSON.stringify({ ...result, fromBlock: String(result.fromBlock), toBlock: String(result.toBlock) })}\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`${error instanceof CitySyncError ? error.message : String(error)}\n`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
