import { resolve } from 'node:path';

import {
  type RegistryServerStatus,
  registryServerStatus,
  startRegistryServer,
  stopRegistryServer,
} from '@citysync/registry';

import { type OutputOptions, defineCommand } from '../command.js';
import { parseSmallUint } from '../parse.js';

type StorageOptions = { storage?: string | undefined };

/** The registry's storage: packages, users (htpasswd), its log and its record (`registry.json`). */
const storageOf = (options: StorageOptions): string => resolve(options.storage ?? '.citysync/registry');

export type RegistryStartResult = { pid: number; port: number; url: string; storageDir: string };

/** `dpan registry start`: the embedded npm registry (verdaccio, loopback, no uplinks) in the background. */
export const start = defineCommand(
  async (options: StorageOptions & OutputOptions & { port?: string | undefined }): Promise<RegistryStartResult> => {
    const port = options.port === undefined ? undefined : parseSmallUint(options.port, '--port', 65_535);
    const storageDir = storageOf(options);
    const server = await startRegistryServer({ storageDir, port, detached: true });
    return { pid: server.pid, port: server.port, url: server.url, storageDir };
  },
  {
    render: (r) =>
      `embedded registry running at ${r.url} (pid ${r.pid}), storage ${r.storageDir}\n` +
      `add a user: npm adduser --registry ${r.url}; stop it with: dpan registry stop`,
  },
);

export type RegistryStopResult = { stopped: boolean; pid?: number | undefined };

/** `dpan registry stop`: SIGTERM, then SIGKILL after a grace period; the packages stay in the storage. */
export const stop = defineCommand(
  async (options: StorageOptions & OutputOptions): Promise<RegistryStopResult> => await stopRegistryServer(storageOf(options)),
  {
    render: (r) => (r.stopped ? `embedded registry stopped (pid ${String(r.pid)}); its packages stay in storage` : 'no embedded registry was running'),
  },
);

/** `dpan registry status`: running or not, and where. */
export const status = defineCommand(
  async (options: StorageOptions & OutputOptions): Promise<RegistryServerStatus> => registryServerStatus(storageOf(options)),
  {
    render: (r) => (r.running ? `running at ${r.url} (pid ${r.pid}, since ${r.startedAt})` : 'not running'),
  },
);
