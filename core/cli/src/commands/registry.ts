import { resolve } from 'node:path';

import { addRegistryUser } from '@citysync/registry';
import { type Address, getAddress, isAddress } from 'viem';

import {
  type RegistryNetworkRecord,
  type RegistryNetworkStatus,
  registryNetworkStatus,
  startRegistryNetwork,
  stopRegistryNetwork,
} from '@citysync/registry';
import { accreditAuditor } from '@citysync/registry';
import { type OutputOptions, defineCommand } from '../command.js';
import { type SignerOptions, signerOf } from '../context.js';
import { CliUsageError } from '../errors.js';
import { parseSmallUint } from '../parse.js';
import { DEFAULT_REGISTRY_DIR, type RegistryOptions, openRegistryOf } from '../registryContext.js';

type DirOptions = { registryDir?: string | undefined };

const dirOf = (options: DirOptions): string => resolve(options.registryDir ?? DEFAULT_REGISTRY_DIR);

export type RegistryStartResult = {
  url: string;
  rpcUrl: string;
  chainId: number;
  moduleRegistry: Address;
  deployed: boolean;
  registryDir: string;
};

/** `dpan registry start`: the embedded registry network (verdaccio + registry chain) in the background. */
export const start = defineCommand(
  async (options: DirOptions & OutputOptions & { port?: string | undefined }): Promise<RegistryStartResult> => {
    const port = options.port === undefined ? undefined : parseSmallUint(options.port, '--port', 65_535);
    const registryDir = dirOf(options);
    const network = await startRegistryNetwork({ dir: registryDir, detached: true, port });
    const { url, rpcUrl, chainId, moduleRegistry, deployed } = network;
    return { url, rpcUrl, chainId, moduleRegistry, deployed, registryDir };
  },
  {
    render: (r) =>
      [
        `npm registry:   ${r.url}`,
        `registry chain: ${r.rpcUrl} (chain ${r.chainId})`,
        `ModuleRegistry: ${r.moduleRegistry}${r.deployed ? ' (deployed now; the council is dev account 0)' : ''}`,
        `state in ${r.registryDir}`,
        'next: dpan registry adduser <name> --password <pw>, then dpan publish <dir> --token <token>; stop with dpan registry stop',
      ].join('\n'),
  },
);

export type RegistryStopResult = { registryStopped: boolean; chainStopped: boolean };

/** `dpan registry stop`: stops verdaccio and the registry chain (their state stays). */
export const stop = defineCommand(async (options: DirOptions & OutputOptions): Promise<RegistryStopResult> => await stopRegistryNetwork(dirOf(options)), {
  render: (r) =>
    r.registryStopped || r.chainStopped ? 'embedded registry network stopped; its packages, users and chain state stay' : 'no embedded registry network was running',
});

export type RegistryStatusResult = {
  running: boolean;
  url: string | undefined;
  rpcUrl: string | undefined;
  moduleRegistry: Address | undefined;
  record: RegistryNetworkRecord | undefined;
};

/** `dpan registry status`: running or not, and where. */
export const status = defineCommand(
  async (options: DirOptions & OutputOptions): Promise<RegistryStatusResult> => {
    const s: RegistryNetworkStatus = registryNetworkStatus(dirOf(options));
    return {
      running: s.registry.running && s.chain.running,
      url: s.registry.running ? s.registry.url : undefined,
      rpcUrl: s.chain.running ? s.chain.rpcUrl : undefined,
      moduleRegistry: s.record?.moduleRegistry,
      record: s.record,
    };
  },
  {
    render: (r) =>
      r.running ? `running: npm registry ${String(r.url)}, registry chain ${String(r.rpcUrl)}, ModuleRegistry ${String(r.moduleRegistry)}` : 'not running',
  },
);

/** `dpan registry adduser <name>`: a registry user and its token. */
export const adduser = defineCommand(
  async (
    username: string,
    options: RegistryOptions & OutputOptions & { password: string; email: string },
  ): Promise<{ username: string; token: string; url: string }> => {
    const { url } = await openRegistryOf(options);
    const { token } = await addRegistryUser({ url, username, password: options.password, email: options.email });
    return { username, token, url };
  },
  { render: (r) => `user ${r.username} on ${r.url}\ntoken: ${r.token}\nuse it with --token or: export DPAN_REGISTRY_TOKEN=${r.token}` },
);

/** `dpan registry auditor <address> --name <text>`: the registry council accredits an auditor. */
export const auditor = defineCommand(
  async (address: string, options: RegistryOptions & SignerOptions & OutputOptions & { name: string }): Promise<{ auditor: Address; by: Address }> => {
    if (!isAddress(address)) throw new CliUsageError(`"${address}" is not an address.`);
    if (options.name.trim() === '') throw new CliUsageError('--name must say who the auditor is.');
    const network = await openRegistryOf(options);
    const signer = signerOf(options);
    await accreditAuditor(network.walletOf(signer), { moduleRegistry: network.moduleRegistry, auditor: getAddress(address), metadata: options.name });
    return { auditor: getAddress(address), by: signer.address };
  },
  { render: (r) => `auditor ${r.auditor} accredited (by council member ${r.by}); its attestations now count where cities trust it` },
);
