import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

import { AnvilStartError } from '@citysync/sdk';
import { resolveFoundryTool } from './foundryTool.js';

export type StartAnvilOptions = {
  /** Port to listen on (127.0.0.1 only). Default: a free port picked at random. */
  port?: number | undefined;
  /**
   * State file (anvil `--state`): loaded at start if it exists, dumped when anvil exits on
   * SIGTERM/SIGINT, which is what `stop()` sends.
   */
  stateFile?: string | undefined;
  /** Seconds between blocks (interval mining). Default: automine, a block per transaction. */
  blockTime?: number | undefined;
  /** Chain id. Default: anvil's 31337. */
  chainId?: number | undefined;
  /** Number of funded dev accounts. Default: anvil's 10. */
  accounts?: number | undefined;
  /** More anvil command-line arguments, appended as given. */
  extraArgs?: readonly string[] | undefined;
  /** How long to wait for the JSON-RPC endpoint to answer. Default: 30 000 ms. */
  startTimeoutMs?: number | undefined;
  /** How long `stop()` waits after SIGTERM before sending SIGKILL. Default: 10 000 ms. */
  stopGraceMs?: number | undefined;
};

export type AnvilInstance = {
  /** `http://127.0.0.1:<port>` */
  rpcUrl: string;
  port: number;
  /** SIGTERM (anvil dumps `--state` then), SIGKILL after the grace period; resolves once the process has exited. Idempotent. */
  stop(): Promise<void>;
  process: ChildProcess;
};

const HOST = '127.0.0.1';
const OUTPUT_TAIL_BYTES = 16 * 1024;
const POLL_INTERVAL_MS = 100;

/** Asks the OS for a free loopback port (listen on port 0, read it, close). */
export async function getFreePort(): Promise<number> {
  return await new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error(`unexpected server address: ${String(address)}`));
        return;
      }
      const { port } = address;
      server.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}

/**
 * The anvil executable to spawn: the platform binary shipped by `@foundry-rs/anvil-<platform>`,
 * else `npx anvil`. (The binary directly, rather than the npm `anvil` wrapper, so that signals
 * and the exit code are anvil's own.)
 */
export function resolveAnvilCommand(): { command: string; args: string[] } {
  return resolveFoundryTool('anvil');
}

function buildArgs(port: number, options: StartAnvilOptions): string[] {
  const args = ['--host', HOST, '--port', String(port)];
  if (options.stateFile !== undefined) args.push('--state', options.stateFile);
  if (options.blockTime !== undefined) args.push('--block-time', String(options.blockTime));
  if (options.chainId !== undefined) args.push('--chain-id', String(options.chainId));
  if (options.accounts !== undefined) args.push('--accounts', String(options.accounts));
  if (options.extraArgs) args.push(...options.extraArgs);
  return args;
}

/** Keeps the last `limit` characters written to a stream (anvil logs every RPC call; it must be drained). */
class OutputTail {
  #text = '';
  constructor(private readonly limit: number) {}
  push(chunk: Buffer | string): void {
    this.#text += chunk.toString();
    if (this.#text.length > this.limit * 2) this.#text = this.#text.slice(-this.limit);
  }
  toString(): string {
    return this.#text.slice(-this.limit).trim();
  }
}

async function rpcChainId(rpcUrl: string, timeoutMs: number): Promise<string | undefined> {
  try {
    const res = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) return undefined;
    const body = (await res.json()) as { result?: unknown };
    return typeof body.result === 'string' ? body.result : undefined;
  } catch {
    return undefined;
  }
}

// Safety net: never leave an anvil behind when this Node process exits without calling stop().
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts a local anvil on 127.0.0.1 and resolves once its JSON-RPC endpoint answers `eth_chainId`.
 * Throws {@link AnvilStartError} (with anvil's output as `details`) if it exits early or times out.
 * Always `await stop()` what you start.
 */
export async function startAnvil(options: StartAnvilOptions = {}): Promise<AnvilInstance> {
  // A picked port can be taken by someone else before anvil binds it: retry with a new one.
  const attempts = options.port === undefined ? 3 : 1;
  let lastError: AnvilStartError | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const port = options.port ?? (await getFreePort());
    try {
      return await startOnce(port, options);
    } catch (err) {
      if (!(err instanceof AnvilStartError)) throw err;
      lastError = err;
      if (!/address already in use|os error 98/i.test(err.details)) throw err;
    }
  }
  throw lastError ?? new AnvilStartError('anvil did not start');
}

async function startOnce(port: number, options: StartAnvilOptions): Promise<AnvilInstance> {
  const rpcUrl = `http://${HOST}:${port}`;
  const { command, args: baseArgs } = resolveAnvilCommand();
  const args = [...baseArgs, ...buildArgs(port, options)];
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const stopGraceMs = options.stopGraceMs ?? 10_000;

  const output = new OutputTail(OUTPUT_TAIL_BYTES);
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));

  let spawnError: Error | undefined;
  child.once('error', (err) => {
    spawnError = err;
  });

  live.add(child);
  installExitHook();

  const exited = waitForExit(child);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        }, stopGraceMs);
        try {
          await exited;
        } finally {
          clearTimeout(timer);
        }
      }
      live.delete(child);
    })();
    return stopping;
  };

  const describe = `${command} ${args.join(' ')}`;
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (spawnError !== undefined) {
      await stop();
      throw new AnvilStartError(`Could not spawn anvil (${describe}).`, { cause: spawnError });
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new AnvilStartError(
        `anvil exited before answering on ${rpcUrl} (exit code ${child.exitCode ?? `signal ${child.signalCode}`}).`,
        { details: `command: ${describe}\n${output.toString() || '(no output)'}` },
      );
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      await stop();
      throw new AnvilStartError(`anvil did not answer eth_chainId on ${rpcUrl} within ${startTimeoutMs} ms.`, {
        details: `command: ${describe}\n${output.toString() || '(no output)'}`,
      });
    }
    const chainId = await rpcChainId(rpcUrl, Math.min(1_000, remaining));
    if (chainId !== undefined) break;
    await sleep(POLL_INTERVAL_MS);
  }

  return { rpcUrl, port, stop, process: child };
}
