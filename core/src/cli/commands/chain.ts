import { createPublicClient, http } from 'viem';

import {
  type EmbeddedChainStatus,
  embeddedChainStatus,
  startEmbeddedChain,
  stopEmbeddedChain,
} from '../../chain/embeddedChain.js';
import { type OutputOptions, defineCommand } from '../command.js';
import { type CityOptions, cityDirOf } from '../context.js';
import { parseSmallUint } from '../parse.js';

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
