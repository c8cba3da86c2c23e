import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { CitySyncError } from '@citysync/sdk';

import { startAnvil } from './anvil.js';
import {
  type ProcessRecord,
  liveProcessRecord,
  removeProcessRecord,
  stopRecordedProcess,
  writeProcessRecord,
} from './process/processRecord.js';

/** What `.citysync/chain/anvil.json` records about a running embedded chain. */
export type EmbeddedChainRecord = ProcessRecord & {
  /** `http://127.0.0.1:<port>` */
  rpcUrl: string;
};

export type StartEmbeddedChainOptions = {
  /** The city's directory: the chain's state lives in `<cityDir>/.citysync/chain/`. */
  cityDir: string;
  /** Loopback port. Default: a free one (recorded in anvil.json). */
  port?: number | undefined;
  /**
   * Run anvil as a detached background process that outlives this one (`dpan chain start`); stop it with
   * {@link stopEmbeddedChain}. Default: a child of this process, stopped by `stop()` or when this process exits.
   */
  detached?: boolean | undefined;
  /** How long to wait for the JSON-RPC endpoint. Default: 30 000 ms. */
  startTimeoutMs?: number | undefined;
};

export type EmbeddedChain = EmbeddedChainRecord & {
  /** Path of the state file anvil loads at start and dumps every second and on SIGTERM. */
  stateFile: string;
  /** Stops anvil (it dumps its state first) and removes anvil.json. */
  stop(): Promise<void>;
};

export type EmbeddedChainStatus =
  | ({ running: true; stateFile: string } & EmbeddedChainRecord)
  | {
      running: false;
      stateFile: string;
      /** Whether a state file exists: the next start resumes from it. */ hasState: boolean;
    };

/** An embedded chain is already running for this city directory. */
export class EmbeddedChainRunningError extends CitySyncError {
  override name = 'EmbeddedChainRunningError';
  readonly record: EmbeddedChainRecord;

  constructor(cityDir: string, record: EmbeddedChainRecord) {
    super(
      `An embedded chain is already running for ${cityDir} at ${record.rpcUrl} (pid ${record.pid}). ` +
        'Use it (commands find it on their own, or pass --rpc ' +
        `${record.rpcUrl}), or stop it first with \`dpan chain stop\`.`,
    );
    this.record = record;
  }
}

/** anvil did not exit after SIGTERM and SIGKILL. */
export class EmbeddedChainStopError extends CitySyncError {
  override name = 'EmbeddedChainStopError';
}

/** `<cityDir>/.citysync/chain`, where the embedded chain keeps its state and its anvil.json. */
export function embeddedChainDir(cityDir: string): string {
  return join(resolve(cityDir), '.citysync', 'chain');
}

const paths = (cityDir: string) => {
  const dir = embeddedChainDir(cityDir);
  return { dir, stateFile: join(dir, 'state.json'), record: join(dir, 'anvil.json'), log: join(dir, 'anvil.log') };
};

/**
 * Starts the city's embedded chain: anvil on 127.0.0.1 with `--state <cityDir>/.citysync/chain/state.json
 * --state-interval 1`, so a restart resumes the chain (blocks, contracts, balances) and a crash loses at most a
 * second. Records `{pid, port, rpcUrl, startedAt}` in `.citysync/chain/anvil.json`.
 *
 * Throws {@link EmbeddedChainRunningError} if anvil.json names a live process (a stale one is replaced), and
 * `AnvilStartError` if anvil does not come up.
 */
export async function startEmbeddedChain(options: StartEmbeddedChainOptions): Promise<EmbeddedChain> {
  const { cityDir } = options;
  const p = paths(cityDir);
  const running = liveProcessRecord(p.record, ['rpcUrl']);
  if (running !== undefined) throw new EmbeddedChainRunningError(resolve(cityDir), running);
  mkdirSync(p.dir, { recursive: true });
  rmSync(p.record, { force: true });
  const anvil = await startAnvil({
    port: options.port,
    stateFile: p.stateFile,
    // 20 funded dev accounts: the example cities' committees use 1-7 (Berkeley) and 10-19 (Mexico City).
    extraArgs: ['--state-interval', '1', '--accounts', '20'],
    startTimeoutMs: options.startTimeoutMs,
    detached: options.detached === true ? { logFile: p.log } : undefined,
  });
  const record = writeProcessRecord(p.record, {
    pid: anvil.pid,
    port: anvil.port,
    rpcUrl: anvil.rpcUrl,
    startedAt: new Date().toISOString(),
  });
  return {
    ...record,
    stateFile: p.stateFile,
    stop: async () => {
      await anvil.stop();
      removeProcessRecord(p.record, anvil.pid);
    },
  };
}

/**
 * Stops the city's embedded chain, from any process: SIGTERM (anvil dumps its state), waits for the process to exit
 * (SIGKILL after 10 s), removes anvil.json. Resolves `{ stopped: false }` when none was running (a stale anvil.json
 * is removed).
 */
export async function stopEmbeddedChain(cityDir: string): Promise<{ stopped: boolean; pid?: number | undefined }> {
  return await stopRecordedProcess(paths(cityDir).record, { name: 'anvil', stopError: EmbeddedChainStopError });
}

/** Whether the city's embedded chain is running (anvil.json names a live process), and where its state is. */
export function embeddedChainStatus(cityDir: string): EmbeddedChainStatus {
  const p = paths(cityDir);
  const record = liveProcessRecord(p.record, ['rpcUrl']);
  if (record !== undefined) return { running: true, stateFile: p.stateFile, ...record };
  return { running: false, stateFile: p.stateFile, hasState: existsSync(p.stateFile) };
}
