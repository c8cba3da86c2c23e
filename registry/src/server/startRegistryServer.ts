import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { liveProcessRecord, removeProcessRecord, startProcess, stopRecordedProcess, writeProcessRecord } from '@citysync/devnet';

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
  const running = liveProcessRecord(p.record, ['url']);
  if (running !== undefined) throw new RegistryRunningError(p.dir, running);
  mkdirSync(p.packages, { recursive: true });
  rmSync(p.record, { force: true });
  writeConfig(p);

  const server = await startProcess({
    name: 'verdaccio',
    command: process.execPath,
    args: (port) => [ENTRY, p.config, String(port)],
    port: parameters.port,
    ready: answersPing,
    detached: parameters.detached === true ? { logFile: p.log } : undefined,
    startTimeoutMs: parameters.startTimeoutMs,
    startError: RegistryStartError,
  });
  const record = writeProcessRecord(p.record, {
    pid: server.pid,
    port: server.port,
    url: server.url,
    startedAt: new Date().toISOString(),
  });
  return {
    ...record,
    stop: async () => {
      await server.stop();
      removeProcessRecord(p.record, server.pid);
    },
  };
}

/**
 * Stops the embedded registry named by `<storageDir>/registry.json`, from any process: SIGTERM, SIGKILL after 10 s,
 * then removes registry.json. Resolves `{ stopped: false }` when none was running (a stale registry.json is removed).
 */
export async function stopRegistryServer(storageDir: string): Promise<{ stopped: boolean; pid?: number | undefined }> {
  return await stopRecordedProcess(paths(storageDir).record, { name: 'verdaccio', stopError: RegistryStopError });
}

/** Whether an embedded registry is running on this storage directory (registry.json names a live process). */
export function registryServerStatus(storageDir: string): RegistryServerStatus {
  const record = liveProcessRecord(paths(storageDir).record, ['url']);
  return record === undefined ? { running: false } : { running: true, ...record };
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

async function answersPing(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/-/ping`, { signal: AbortSignal.timeout(1_000) });
    return res.ok;
  } catch {
    return false;
  }
}
