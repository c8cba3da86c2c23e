import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  RegistryRunningError,
  RegistryStartError,
  RegistryStopError,
  type RegistryServerRecord,
} from '../errors.js';

export type StartRegistryServerParameters = {
  /** Where the registry keeps its packages (`packages/`), users (`htpasswd`), `config.yaml` and `registry.json`. */
  storageDir: string;
  /** Loopback port. Default: a free one (recorded in registry.json). */
  port?: number | undefined;
  /**
   * Run verdaccio as a detached background process that outlives this one (`dpan registry start`); stop it with
   * {@link stopRegistryServer}. Default: a child of this process, stopped by `stop()` or when this process exits.
   */
  detached?: boolean | undefined;
  /** How long to wait for the registry to answer. Default: 30 000 ms. */
  startTimeoutMs?: number | undefined;
};

export type StartRegistryServerReturnType = RegistryServerRecord & {
  /** Stops verdaccio (SIGTERM, SIGKILL after 10 s) and removes registry.json. Idempotent. */
  stop(): Promise<void>;
};

export type StartRegistryServerErrorType = RegistryRunningError | RegistryStartError;

export type RegistryServerStatus = ({ running: true } & RegistryServerRecord) | { running: false };

const HOST = '127.0.0.1';
const STOP_GRACE_MS = 10_000;
const POLL_MS = 100;
const OUTPUT_TAIL_CHARS = 16 * 1024;
const ENTRY = fileURLToPath(new URL('./verdaccioProcess.mjs', import.meta.url));

const paths = (storageDir: string) => {
  const dir = resolve(storageDir);
  return {
    dir,
    config: join(dir, 'config.yaml'),
    packages: join(dir, 'packages'),
    htpasswd: join(dir, 'htpasswd'),
    record: join(dir, 'registry.json'),
    log: join(dir, 'registry.log'),
  };
};

/**
 * Starts the embedded npm registry: verdaccio on 127.0.0.1 with no uplinks (only what is published here exists),
 * htpasswd users, anonymous reads and authenticated publishes. Resolves once `/-/ping` answers, with
 * `{pid, port, url}` recorded in `<storageDir>/registry.json`.
 *
 * Throws {@link RegistryRunningError} if registry.json names a live process (a stale one is replaced), and
 * {@link RegistryStartError} if verdaccio does not come up.
 */
export async function startRegistryServer(
  parameters: StartRegistryServerParameters,
): Promise<StartRegistryServerReturnType> {
  const p = paths(parameters.storageDir);
  const status = registryServerStatus(p.dir);
  if (status.running) throw new RegistryRunningError(p.dir, status);
  mkdirSync(p.packages, { recursive: true });
  rmSync(p.record, { force: true });
  writeConfig(p);

  // A port picked here can be taken before verdaccio binds it: retry with a new one.
  const attempts = parameters.port === undefined ? 3 : 1;
  let lastError: RegistryStartError | undefined;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = parameters.port ?? (await getFreePort());
    try {
      return await startOnce(p, port, parameters);
    } catch (error) {
      if (!(error instanceof RegistryStartError)) throw error;
      lastError = error;
      if (!/EADDRINUSE/.test(error.details)) throw error;
    }
  }
  throw lastError ?? new RegistryStartError('verdaccio did not start.');
}

async function startOnce(
  p: ReturnType<typeof paths>,
  port: number,
  parameters: StartRegistryServerParameters,
): Promise<StartRegistryServerReturnType> {
  const url = `http://${HOST}:${port}`;
  const args = [ENTRY, p.config, String(port)];
  const describe = `${process.execPath} ${args.join(' ')}`;
  const detached = parameters.detached === true;

  let child: ChildProcess;
  const output = new OutputTail(OUTPUT_TAIL_CHARS);
  if (detached) {
    // To a file, so the detached process never blocks on a pipe nobody reads.
    const log = openSync(p.log, 'w');
    try {
      child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', log, log] });
    } finally {
      closeSync(log);
    }
    child.unref();
  } else {
    child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    // verdaccio logs every request: drain both pipes, keeping the tail for error reports.
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
    live.add(child);
    installExitHook();
  }
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  const outputText = () => (detached ? tail(p.log) : output.toString()) || '(no output)';

  const timeoutMs = parameters.startTimeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawnError !== undefined) throw new RegistryStartError(`Could not spawn verdaccio (${describe}).`, { cause: spawnError });
    if (child.exitCode !== null || child.signalCode !== null) {
      live.delete(child);
      throw new RegistryStartError(`verdaccio exited before answering on ${url}.`, {
        details: `command: ${describe}\n${outputText()}`,
      });
    }
    if (await answers(url)) break;
    if (Date.now() > deadline) {
      await killChild(child);
      throw new RegistryStartError(`verdaccio did not answer on ${url} within ${timeoutMs} ms.`, {
        details: `command: ${describe}\n${outputText()}`,
      });
    }
    await sleep(POLL_MS);
  }
  const pid = child.pid;
  if (pid === undefined) {
    await killChild(child);
    throw new RegistryStartError(`verdaccio started without a process id (${describe}).`);
  }
  const record = writeRecord(p.record, pid, port);
  if (detached) return { ...record, stop: () => stopRegistryServer(p.dir).then(() => undefined) };

  let stopping: Promise<void> | undefined;
  return {
    ...record,
    stop: () =>
      (stopping ??= (async () => {
        await killChild(child);
        if (readRecord(p.record)?.pid === pid) rmSync(p.record, { force: true });
      })()),
  };
}

/**
 * Stops the embedded registry named by `<storageDir>/registry.json`: SIGTERM, SIGKILL after 10 s, then removes
 * registry.json. Resolves `{ stopped: false }` when none was running (a stale registry.json is removed).
 */
export async function stopRegistryServer(storageDir: string): Promise<{ stopped: boolean; pid?: number | undefined }> {
  const p = paths(storageDir);
  const record = readRecord(p.record);
  if (record === undefined || !isAlive(record.pid)) {
    rmSync(p.record, { force: true });
    return { stopped: false };
  }
  process.kill(record.pid, 'SIGTERM');
  if (!(await waitForExit(record.pid, STOP_GRACE_MS))) {
    process.kill(record.pid, 'SIGKILL');
    if (!(await waitForExit(record.pid, 2_000))) {
      throw new RegistryStopError(`verdaccio (pid ${record.pid}) did not exit after SIGTERM and SIGKILL.`, {
        details: `Stop it by hand, then delete ${p.record}.`,
      });
    }
  }
  rmSync(p.record, { force: true });
  return { stopped: true, pid: record.pid };
}

/** Whether an embedded registry is running on this storage directory (registry.json names a live process). */
export function registryServerStatus(storageDir: string): RegistryServerStatus {
  const record = readRecord(paths(storageDir).record);
  if (record !== undefined && isAlive(record.pid)) return { running: true, ...record };
  return { running: false };
}

function writeConfig(p: ReturnType<typeof paths>): void {
  const readWrite = { access: '$all', publish: '$authenticated', unpublish: '$authenticated' };
  const config = {
    storage: p.packages,
    auth: { htpasswd: { file: p.htpasswd } },
    // No uplinks: a module exists here only if it was published here.
    uplinks: {},
    packages: { '@*/*': readWrite, '**': readWrite },
    web: { enable: false },
    // The audit middleware proxies to registry.npmjs.org; this registry is offline by design.
    middlewares: { audit: { enabled: false } },
    server: { keepAliveTimeout: 60 },
    log: { type: 'stdout', format: 'json', level: 'warn' },
  };
  // JSON is YAML: verdaccio reads this as its config.yaml.
  writeFileSync(p.config, `${JSON.stringify(config, null, 2)}\n`);
}

function writeRecord(file: string, pid: number, port: number): RegistryServerRecord {
  const record: RegistryServerRecord = { pid, port, url: `http://${HOST}:${port}`, startedAt: new Date().toISOString() };
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  return record;
}

function readRecord(file: string): RegistryServerRecord | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const r = parsed as Record<string, unknown>;
  if (typeof r['pid'] !== 'number' || typeof r['port'] !== 'number' || typeof r['url'] !== 'string') return undefined;
  return {
    pid: r['pid'],
    port: r['port'],
    url: r['url'],
    startedAt: typeof r['startedAt'] === 'string' ? r['startedAt'] : '',
  };
}

async function getFreePort(): Promise<number> {
  return await new Promise<number>((resolvePort, reject) => {
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
      server.close((error) => (error ? reject(error) : resolvePort(port)));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/-/ping`, { signal: AbortSignal.timeout(1_000) });
    return res.ok;
  } catch {
    return false;
  }
}

// Safety net: never leave a verdaccio behind when this Node process exits without calling stop().
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
}

async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }, STOP_GRACE_MS);
    try {
      await exited;
    } finally {
      clearTimeout(timer);
    }
  }
  live.delete(child);
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

/** Keeps the last `limit` characters written to a stream. */
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

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-4_000).trim();
  } catch {
    return '';
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
