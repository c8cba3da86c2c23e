import { createPublicClient, http } from 'viem';

import {
  type EmbeddedChainStatus,
  embeddedChainStatus,
  startEmbeddedChain,
  stopEmbeddedChain,
} from '@citysync/devnet';
import { type OutputOptions, defineCommand } from '../command.js';
import { type CityOptions, cityDirOf } from '../context.js';
import { parseSmallUint } from '../parse.js';
import type { ValidationIssue } from '@citysync/schemas';
import type { Address } from 'viem';

import { ChainGenesisInputError } from '@citysync/devnet';
import { type PredeploysFile, writeBesuNetwork } from '@citysync/devnet';
import { CliUsageError } from '../errors.js';

type StartOptions = CityOptions & OutputOptions & { port?: string | undefined };

export type ChainStartResult = { pid: number; port: number; rpcUrl: string; stateFile: string; resumed: boolean };

/** `dpan chain start`: anvil in the background, its state loaded from (and saved to) .citysync/chain/state.json. */
export const start = defineCommand(
  async (options: StartOptions): Promise<ChainStartResult> => {
    const port = options.port === undefined ? undefined : parseSmallUint(options.port, '--port', 65_535);
    const cityDir = cityDirOf(options);
    const before = embeddedChainStatus(cityDir);
    const resumed = !before.running && before.hasState;
    const chain = await startEmbeddedChain({ cityDir, port, detached: true });
    return { pid: chain.pid, port: chain.port, rpcUrl: chain.rpcUrl, stateFile: chain.stateFile, resumed };
  },
  {
    render: (r) =>
      `embedded chain running at ${r.rpcUrl} (pid ${r.pid}), ${r.resumed ? 'resumed from' : 'state saved to'} ${r.stateFile}\n` +
      'stop it with: dpan chain stop',
  },
);

export type ChainStopResult = { stopped: boolean; pid?: number | undefined };

/** `dpan chain stop`: SIGTERM, anvil writes its state, the record is removed. */
export const stop = defineCommand(
  async (options: CityOptions & OutputOptions): Promise<ChainStopResult> => await stopEmbeddedChain(cityDirOf(options)),
  {
    render: (r) => (r.stopped ? `embedded chain stopped (pid ${String(r.pid)}), state saved` : 'no embedded chain was running'),
  },
);

export type ChainStatusResult = EmbeddedChainStatus & { blockNumber?: bigint | undefined };

/** `dpan chain status`: running or not, where, and the latest block. */
export const status = defineCommand(
  async (options: CityOptions & OutputOptions): Promise<ChainStatusResult> => {
    const current = embeddedChainStatus(cityDirOf(options));
    if (!current.running) return current;
    const blockNumber = await createPublicClient({ transport: http(current.rpcUrl, { retryCount: 0 }) }).getBlockNumber();
    return { ...current, blockNumber };
  },
  {
    render: (r) =>
      r.running
        ? `running at ${r.rpcUrl} (pid ${r.pid}, since ${r.startedAt}), block ${String(r.blockNumber)}`
        : `not running${r.hasState ? ` (state kept in ${r.stateFile}: dpan chain start resumes it)` : ''}`,
  },
);

type GenesisOptions = CityOptions &
  OutputOptions & {
    validators: string;
    out: string;
    blockPeriod?: string | undefined;
    chainId?: string | undefined;
    force?: boolean | undefined;
    /** commander's `--no-predeploys` */
    predeploys: boolean;
  };

export type ChainGenesisResult = {
  out: string;
  chainId: number;
  validators: Address[];
  blockPeriodSeconds: number;
  /** Relative to `out`. */
  files: string[];
  predeploys: PredeploysFile | undefined;
};

/** A wrong input of `dpan chain genesis` (exit code 2), with its schema issues for --json. */
class ChainGenesisUsageError extends CliUsageError {
  override name = 'ChainGenesisUsageError';
  readonly issues: readonly ValidationIssue[];

  constructor(error: ChainGenesisInputError) {
    super(error.shortMessage, { details: error.details, cause: error });
    this.issues = error.issues;
  }
}

function positive(value: string | undefined, what: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = parseSmallUint(value, what, max);
  if (parsed === 0) throw new CliUsageError(`${what} must be at least 1, got ${value}.`);
  return parsed;
}

/** `dpan chain genesis`: a Besu QBFT network for the city's institutions (genesis, predeploys, node configs, README). */
export const genesis = defineCommand(
  async (options: GenesisOptions): Promise<ChainGenesisResult> => {
    const blockPeriodSeconds = positive(options.blockPeriod, '--block-period', 3600);
    const chainId = positive(options.chainId, '--chain-id', Number.MAX_SAFE_INTEGER);
    try {
      const written = await writeBesuNetwork({
        city: options.city,
        validators: options.validators,
        out: options.out,
        chainId,
        blockPeriodSeconds,
        force: options.force,
        predeploys: options.predeploys,
      });
      const { out, validators, files, predeploys } = written;
      return { out, chainId: written.chainId, validators, blockPeriodSeconds: written.genesis.config.qbft.blockperiodseconds, files, predeploys };
    } catch (error) {
      throw error instanceof ChainGenesisInputError ? new ChainGenesisUsageError(error) : error;
    }
  },
  {
    render: (r) =>
      [
        `wrote ${r.out}: a QBFT network for chain id ${r.chainId}, ${r.validators.length} validator${r.validators.length === 1 ? '' : 's'}, a block every ${r.blockPeriodSeconds} s, zero gas price`,
        ...r.files.map((file) => `  ${file}`),
        ...(r.predeploys === undefined ? [] : [`predeployed CityFactory at ${r.predeploys.factory} (all in predeploys.json)`]),
        `next: each institution puts its validator key in ${r.out}/node-<n>/key and starts its node (${r.out}/README.md), then:`,
        `  dpan city deploy --rpc http://127.0.0.1:8545 --private-key 0x...${r.predeploys === undefined ? '' : ` --predeploys ${r.out}/predeploys.json`}`,
      ].join('\n'),
  },
);
