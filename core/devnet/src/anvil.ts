import type { ChildProcess } from 'node:child_process';

import { AnvilStartError } from '@citysync/sdk';

import { resolveFoundryTool } from './foundryTool.js';
import { startProcess } from './process/startProcess.js';

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
  /**
   * Run anvil detached, its output written to `logFile`, so that it outlives this process (the embedded chain's
   * `dpan chain start`). Default: a child of this process, stopped by `stop()` or when this process exits.
   */
  detached?: { logFile: string } | undefined;
};

export type AnvilInstance = {
  /** `http://127.0.0.1:<port>` */
  rpcUrl: string;
  port: number;
  pid: number;
  /** SIGTERM (anvil dumps `--state` then), SIGKILL after the grace period; resolves once the process has exited. Idempotent. */
  stop(): Promise<void>;
  process: ChildProcess;
};

/**
 * The anvil executable to spawn: the platform binary shipped by `@foundry-rs/anvil-<platform>`,
 * else `npx anvil`. (The binary directly, rather than the npm `anvil` wrapper, so that signals
 * and the exit code are anvil's own.)
 */
export function resolveAnvilCommand(): { command: string; args: string[] } {
  return resolveFoundryTool('anvil');
}

function buildArgs(port: number, options: StartAnvilOptions): string[] {
  const args = ['--host', '127.0.0.1', '--port', String(port)];
  if (options.stateFile !== undefined) args.push('--state', options.stateFile);
  if (options.blockTime !== undefined) args.push('--block-time', String(options.blockTime));
  if (options.chainId !== undefined) args.push('--chain-id', String(options.chainId));
  if (options.accounts !== undefined) args.push('--accounts', String(options.accounts));
  if (options.extraArgs) args.push(...options.extraArgs);
  return args;
}

async function answersChainId(rpcUrl: string): Promise<boolean> {
  try {
    const res = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(1_000),
    });
    if (!res.ok) return false;
    const body = (await res.json()) as { result?: unknown };
    return typeof body.result === 'string';
  } catch {
    return false;
  }
}

/**
 * Starts a local anvil on 127.0.0.1 and resolves once its JSON-RPC endpoint answers `eth_chainId`.
 * Throws {@link AnvilStartError} (with anvil's output as `details`) if it exits early or times out.
 * Always `await stop()` what you start.
 */
export async function startAnvil(options: StartAnvilOptions = {}): Promise<AnvilInstance> {
  const { command, args } = resolveAnvilCommand();
  const started = await startProcess({
    name: 'anvil',
    command,
    args: (port) => [...args, ...buildArgs(port, options)],
    port: options.port,
    ready: answersChainId,
    detached: options.detached,
    startTimeoutMs: options.startTimeoutMs,
    stopGraceMs: options.stopGraceMs,
    startError: AnvilStartError,
  });
  return { rpcUrl: started.url, port: started.port, pid: started.pid, stop: started.stop, process: started.process };
}
