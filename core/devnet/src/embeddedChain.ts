import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { AnvilStartError } from '@citysync/sdk';
import { CitySyncError } from '@citysync/sdk';
import { getFreePort, resolveAnvilCommand, startAnvil } from './anvil.js';

/** What `.citysync/chain/anvil.json` records about a running embedded chain. */
export type EmbeddedChainRecord = {
  pid: number;
  port: number;
  /** `http://127.0.0.1:<port>` */
  rpcUrl: string;
  /** ISO 8601. */
  startedAt: string;
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

const HOST = '127.0.0.1';
const STOP_GRACE_MS = 10_000;
const POLL_MS = 100;

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
 * {@link AnvilStartError} if anvil does not come up.
 */
export async function startEmbeddedChain(options: StartEmbeddedChainOptions): Promise<EmbeddedChain> {
  const { cityDir } = options;
  const p = paths(cityDir);
  const status = embeddedChainStatus(cityDir);
  if (status.running) throw new EmbeddedChainRunningError(resolve(cityDir), status);
  mkdirSync(p.dir, { recursive: true });
  rmSync(p.record, { force: true });
  // 20 funded dev accounts: the example cities' committees use 1-7 (Berkeley) and 10-19 (Mexico City).
  const extraArgs = ['--state-interval', '1', '--accounts', '20'];

  if (options.detached !== true) {
    const anvil = await startAnvil({
      port: options.port,
      stateFile: p.stateFile,
      extraArgs,
      startTimeoutMs: options.startTimeoutMs,
    });
    const pid = anvil.process.pid;
    if (pid === undefined) {
      await anvil.stop();
      throw new AnvilStartError('anvil started without a process id.');
    }
    const record = writeRecord(p.record, pid, anvil.port);
    return {
      ...record,
      stateFile: p.stateFile,
      stop: async () => {
        await anvil.stop();
        removeRecordOf(p.record, pid);
      },
    };
  }

  // A port picked here can be taken before anvil binds it: retry with a new one, as startAnvil does.
  const attempts = options.port === undefined ? 3 : 1;
  let lastError: AnvilStartError | undefined;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = options.port ?? (await getFreePort());
    try {
      const pid = await spawnDetached(p, port, extraArgs, options.startTimeoutMs ?? 30_000);
      const record = writeRecord(p.record, pid, port);
      return { ...record, stateFile: p.stateFile, stop: () => stopEmbeddedChain(cityDir).then(() => undefined) };
    } catch (error) {
      if (!(error instanceof AnvilStartError)) throw error;
      lastError = error;
      if (!/address already in use|os error 98/i.test(error.details)) throw error;
    }
  }
  throw lastError ?? new AnvilStartError('anvil did not start');
}

async function spawnDetached(
  p: ReturnType<typeof paths>,
  port: number,
  extraArgs: readonly string[],
  timeoutMs: number,
): Promise<number> {
  const { command, args: baseArgs } = resolveAnvilCommand();
  const args = [...baseArgs, '--host', HOST, '--port', String(port), '--state', p.stateFile, ...extraArgs];
  // anvil logs every RPC call: to a file, so the detached process never blocks on a pipe nobody reads.
  const log = openSync(p.log, 'w');
  let spawnError: Error | undefined;
  let exited = false;
  let child;
  try {
    child = spawn(command, args, { detached: true, stdio: ['ignore', log, log] });
  } finally {
    closeSync(log);
  }
  child.once('error', (error) => (spawnError = error));
  child.once('exit', () => (exited = true));
  child.unref();

  const rpcUrl = `http://${HOST}:${port}`;
  const describe = `${command} ${args.join(' ')}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawnError !== undefined)
      throw new AnvilStartError(`Could not spawn anvil (${describe}).`, { cause: spawnError });
    if (exited) {
      throw new AnvilStartError(`anvil exited before answering on ${rpcUrl}.`, {
        details: `command: ${describe}\n${tail(p.log) || '(no output)'}`,
      });
    }
    if (await answers(rpcUrl)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new AnvilStartError(`anvil did not answer eth_chainId on ${rpcUrl} within ${timeoutMs} ms.`, {
        details: `command: ${describe}\n${tail(p.log) || '(no output)'}`,
      });
    }
    await sleep(POLL_MS);
  }
  if (child.pid === undefined) throw new AnvilStartError(`anvil started without a process id (${describe}).`);
  return child.pid;
}

/**
 * Stops the city's embedded chain: SIGTERM (anvil dumps its state), waits for the process to exit (SIGKILL after
 * 10 s), removes anvil.json. Resolves `{ stopped: false }` when none was running (a stale anvil.json is removed).
 */
export async function stopEmbeddedChain(cityDir: string): Promise<{ stopped: boolean; pid?: number | undefined }> {
  const p = paths(cityDir);
  const record = readRecord(p.record);
  if (record === undefined || !isAlive(record.pid)) {
    rmSync(p.record, { force: true });
    return { stopped: false };
  }
  process.kill(record.pid, 'SIGTERM');
  if (!(await waitForExit(record.pid, STOP_GRACE_MS))) {
    process.kill(record.pid, 'SIGKILL');
    if (!(await waitForExit(record.pid, 2_000))) {
      throw new EmbeddedChainStopError(`anvil (pid ${record.pid}) did not exit after SIGTERM and SIGKILL.`, {
        details: `Stop it by hand, then delete ${p.record}.`,
      });
    }
  }
  rmSync(p.record, { force: true });
  return { stopped: true, pid: record.pid };
}

/** Whether the city's embedded chain is running (anvil.json names a live process), and where its state is. */
export function embeddedChainStatus(cityDir: string): EmbeddedChainStatus {
  const p = paths(cityDir);
  const record = readRecord(p.record);
  if (record !== undefined && isAlive(record.pid)) return { running: true, stateFile: p.stateFile, ...record };
  return { running: false, stateFile: p.stateFile, hasState: existsSync(p.stateFile) };
}

function writeRecord(file: string, pid: number, port: number): EmbeddedChainRecord {
  const record: EmbeddedChainRecord = {
    pid,
    port,
    rpcUrl: `http://${HOST}:${port}`,
    startedAt: new Date().toISOString(),
  };
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  return record;
}

function removeRecordOf(file: string, pid: number): void {
  if (readRecord(file)?.pid === pid) rmSync(file, { force: true });
}

function readRecord(file: string): EmbeddedChainRecord | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const r = parsed as Record<string, unknown>;
  if (typeof r['pid'] !== 'number' || typeof r['port'] !== 'number' || typeof r['rpcUrl'] !== 'string')
    return undefined;
  return {
    pid: r['pid'],
    port: r['port'],
    rpcUrl: r['rpcUrl'],
    startedAt: typeof r['startedAt'] === 'string' ? r['startedAt'] : '',
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(POLL_MS);
  }
  return !isAlive(pid);
}

async function answers(rpcUrl: string): Promise<boolean> {
  try {
    const res = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(1_000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-4_000).trim();
  } catch {
    return '';
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
