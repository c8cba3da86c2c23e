import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

import type { CitySyncError, CitySyncErrorOptions } from '@citysync/sdk';

import { getFreePort } from './getFreePort.js';
import { OutputTail, fileTail } from './outputTail.js';

export type StartProcessParameters<error extends CitySyncError> = {
  /** For messages: `anvil`, `verdaccio`. */
  name: string;
  command: string;
  /** The arguments, given the loopback port the process is to listen on. */
  args: (port: number) => readonly string[];
  /** Loopback port. Default: a free one, picked again (up to 3 times) when taken before the process binds it. */
  port?: number | undefined;
  /** Whether the process serves yet at `http://127.0.0.1:<port>`; asked every 100 ms until it says yes. */
  ready: (url: string) => Promise<boolean>;
  /**
   * Run the process detached, its output written to `logFile`: it outlives this process (stop it by the pid its
   * caller records, with `stopRecordedProcess`). Default: a child whose output is kept in memory for error reports,
   * killed when this process exits.
   */
  detached?: { logFile: string } | undefined;
  /** How long to wait for `ready`. Default: 30 000 ms. */
  startTimeoutMs?: number | undefined;
  /** How long `stop()` waits after SIGTERM before SIGKILL. Default: 10 000 ms. */
  stopGraceMs?: number | undefined;
  /** The caller's error for a process that does not come up; `details` carries the command and its output. */
  startError: new (shortMessage: string, options?: CitySyncErrorOptions) => error;
};

export type StartedProcess = {
  pid: number;
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  process: ChildProcess;
  /** SIGTERM, SIGKILL after the grace period; resolves once the process has exited. Idempotent. */
  stop(): Promise<void>;
};

const HOST = '127.0.0.1';
const POLL_MS = 100;
const OUTPUT_TAIL_CHARS = 16 * 1024;
// anvil says "Address already in use (os error 98)", Node servers EADDRINUSE.
const PORT_TAKEN = /address already in use|os error 98|EADDRINUSE/i;

/**
 * Starts a server process on 127.0.0.1 and resolves once `ready` says it serves. Throws `startError` (the command
 * and the tail of its output as `details`) if it cannot be spawned, exits first, or does not answer in time; the
 * process is stopped then.
 */
export async function startProcess<error extends CitySyncError>(
  parameters: StartProcessParameters<error>,
): Promise<StartedProcess> {
  const attempts = parameters.port === undefined ? 3 : 1;
  let lastError: error | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const port = parameters.port ?? (await getFreePort());
    try {
      return await startOnce(port, parameters);
    } catch (error) {
      if (!(error instanceof parameters.startError)) throw error;
      lastError = error;
      if (!PORT_TAKEN.test(error.details)) throw error;
    }
  }
  throw lastError ?? new parameters.startError(`${parameters.name} did not start.`);
}

async function startOnce<error extends CitySyncError>(
  port: number,
  parameters: StartProcessParameters<error>,
): Promise<StartedProcess> {
  const { name, command, detached, startError } = parameters;
  const args = parameters.args(port);
  const url = `http://${HOST}:${port}`;
  const describe = `${command} ${args.join(' ')}`;

  const output = new OutputTail(OUTPUT_TAIL_CHARS);
  let child: ChildProcess;
  if (detached !== undefined) {
    // To a file, so the detached process never blocks on a pipe nobody reads.
    const log = openSync(detached.logFile, 'w');
    try {
      child = spawn(command, args, { detached: true, stdio: ['ignore', log, log] });
    } finally {
      closeSync(log);
    }
    child.unref();
  } else {
    child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
    killOnExit(child);
  }
  let spawnError: Error | undefined;
  child.once('error', (e) => (spawnError = e));
  const stop = stopper(child, parameters.stopGraceMs ?? 10_000);
  const outputText = () =>
    (detached !== undefined ? fileTail(detached.logFile, OUTPUT_TAIL_CHARS) : output.toString()) || '(no output)';

  const timeoutMs = parameters.startTimeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawnError !== undefined) {
      await stop();
      throw new startError(`Could not spawn ${name} (${describe}).`, { cause: spawnError });
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new startError(
        `${name} exited before answering on ${url} (exit code ${child.exitCode ?? `signal ${child.signalCode}`}).`,
        { details: `command: ${describe}\n${outputText()}` },
      );
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      await stop();
      throw new startError(`${name} did not answer on ${url} within ${timeoutMs} ms.`, {
        details: `command: ${describe}\n${outputText()}`,
      });
    }
    if (await parameters.ready(url)) break;
    await new Promise<void>((resolve) => setTimeout(resolve, POLL_MS));
  }
  if (child.pid === undefined) {
    await stop();
    throw new startError(`${name} started without a process id (${describe}).`);
  }
  return { pid: child.pid, port, url, process: child, stop };
}

function stopper(child: ChildProcess, graceMs: number): () => Promise<void> {
  const exited =
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopping: Promise<void> | undefined;
  return () =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        }, graceMs);
        try {
          await exited;
        } finally {
          clearTimeout(timer);
        }
      }
      attached.delete(child);
    })());
}

// Safety net: never leave an attached child behind when this Node process exits without stopping it.
const attached = new Set<ChildProcess>();
let exitHookInstalled = false;
function killOnExit(child: ChildProcess): void {
  attached.add(child);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const c of attached) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });
}
