import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { registryServerStatus, startRegistryServer, stopRegistryServer } from '@citysync/registry';
import {
  type Address,
  type Chain,
  type LocalAccount,
  type PublicClient,
  type Transport,
  type WalletClient,
  createPublicClient,
  createWalletClient,
  defineChain,
  getAddress,
  http,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { getBytecode, getChainId } from 'viem/actions';

import { embeddedChainStatus, startEmbeddedChain, stopEmbeddedChain } from '@citysync/devnet';
import { CitySyncError } from '@citysync/sdk';
import { deployModuleRegistry } from './deployModuleRegistry.js';

/** Where a registry network is: its npm registry, its chain, and the ModuleRegistry on that chain. */
export type RegistryNetwork = {
  /** npm registry base URL (verdaccio or any npm-compatible registry). */
  url: string;
  /** JSON-RPC endpoint of the registry chain. */
  rpcUrl: string;
  moduleRegistry: Address;
};

/** `<dir>/network.json`: what the embedded network deployed, kept with its chain state. */
export type RegistryNetworkRecord = {
  chainId: number;
  moduleRegistry: Address;
  accessManager: Address;
  council: Address[];
  deployedAt: string;
};

/** The registry network is not running, or not reachable, or holds no ModuleRegistry. */
export class RegistryNetworkError extends CitySyncError {
  override name = 'RegistryNetworkError';
}

export type RegistryNetworkClients = RegistryNetwork & {
  chainId: number;
  publicClient: PublicClient<Transport, Chain>;
  /** A wallet on the registry chain for `account` (publisher, auditor, council member). */
  walletOf(account: LocalAccount): WalletClient<Transport, Chain, LocalAccount>;
};

const DEV_MNEMONIC = 'test test test test test test test test test test test junk';
const POLLING_INTERVAL_MS = 100;

const recordPath = (dir: string) => join(resolve(dir), 'network.json');

export type StartRegistryNetworkParameters = {
  /** The network's directory: packages and users (verdaccio), chain state (`.citysync/chain/`), network.json. */
  dir: string;
  /** Background processes that outlive this one (`dpan registry start`). Default: children of this process. */
  detached?: boolean | undefined;
  /** Loopback port of the npm registry. Default: a free one. */
  port?: number | undefined;
  /** Council members on first deployment. Default: dev account 0, which deploys. */
  council?: readonly Address[] | undefined;
};

export type StartRegistryNetworkReturnType = RegistryNetwork & {
  chainId: number;
  /** Whether the ModuleRegistry was deployed by this start (first start of this directory). */
  deployed: boolean;
  record: RegistryNetworkRecord;
  /** Stops verdaccio and the chain (their state stays in `dir`). */
  stop(): Promise<void>;
};

/**
 * Starts the embedded registry network in `dir`: verdaccio on loopback and the registry chain (anvil, state
 * persisted), and deploys the ModuleRegistry on the first start (recorded in `network.json`). A later start resumes
 * both: packages, users, records, audits and yanks are all kept. What it started is stopped again if a step fails.
 *
 * @example
 * const network = await startRegistryNetwork({ dir: '.citysync/registry' });
 * // ... publish, audit, install ...
 * await network.stop();
 */
export async function startRegistryNetwork(parameters: StartRegistryNetworkParameters): Promise<StartRegistryNetworkReturnType> {
  const dir = resolve(parameters.dir);
  const detached = parameters.detached === true;
  const server = await startRegistryServer({ storageDir: dir, detached, port: parameters.port });
  let chain: Awaited<ReturnType<typeof startEmbeddedChain>> | undefined;
  try {
    chain = await startEmbeddedChain({ cityDir: dir, detached });
    const clients = createClients(chain.rpcUrl, await getChainId(createPublicClient({ transport: http(chain.rpcUrl, { retryCount: 0 }) })));
    let record = readRegistryNetworkRecord(dir);
    let deployed = false;
    const code = record === undefined ? undefined : await getBytecode(clients.publicClient, { address: record.moduleRegistry });
    if (record === undefined || code === undefined || record.chainId !== clients.chainId) {
      const deployer = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: 0 });
      const council = [...(parameters.council ?? [deployer.address])];
      const { moduleRegistry, accessManager } = await deployModuleRegistry(clients.walletOf(deployer), { council });
      record = { chainId: clients.chainId, moduleRegistry, accessManager, council, deployedAt: new Date().toISOString() };
      writeFileSync(recordPath(dir), `${JSON.stringify(record, null, 2)}\n`);
      deployed = true;
    }
    const started = chain;
    return {
      url: server.url,
      rpcUrl: chain.rpcUrl,
      moduleRegistry: record.moduleRegistry,
      chainId: clients.chainId,
      deployed,
      record,
      stop: async () => {
        await Promise.all([server.stop(), started.stop()]);
      },
    };
  } catch (error) {
    await Promise.allSettled([server.stop(), chain?.stop()]);
    throw error;
  }
}

/** Stops the embedded registry network of `dir` (verdaccio and its chain; their state stays). */
export async function stopRegistryNetwork(dir: string): Promise<{ registryStopped: boolean; chainStopped: boolean }> {
  const [registry, chain] = await Promise.all([stopRegistryServer(resolve(dir)), stopEmbeddedChain(resolve(dir))]);
  return { registryStopped: registry.stopped, chainStopped: chain.stopped };
}

export type RegistryNetworkStatus = {
  registry: ReturnType<typeof registryServerStatus>;
  chain: ReturnType<typeof embeddedChainStatus>;
  record: RegistryNetworkRecord | undefined;
};

/** Whether the embedded network of `dir` runs, and what it deployed. */
export function registryNetworkStatus(dir: string): RegistryNetworkStatus {
  return { registry: registryServerStatus(resolve(dir)), chain: embeddedChainStatus(resolve(dir)), record: readRegistryNetworkRecord(dir) };
}

export function readRegistryNetworkRecord(dir: string): RegistryNetworkRecord | undefined {
  const path = recordPath(dir);
  if (!existsSync(path)) return undefined;
  const value = JSON.parse(readFileSync(path, 'utf8')) as RegistryNetworkRecord;
  return { ...value, moduleRegistry: getAddress(value.moduleRegistry), accessManager: getAddress(value.accessManager) };
}

export type OpenRegistryNetworkParameters = {
  /** The embedded network's directory; its running verdaccio, chain and network.json fill what is not given. */
  dir?: string | undefined;
  /** npm registry URL (`--registry`). */
  url?: string | undefined;
  /** Registry chain endpoint (`--registry-rpc`). */
  rpcUrl?: string | undefined;
  /** ModuleRegistry address (`--module-registry`). */
  moduleRegistry?: Address | undefined;
};

/**
 * Connects to a registry network: given URLs and address first, the embedded network of `dir` for the rest. Checks
 * that the ModuleRegistry has code on the registry chain.
 */
export async function openRegistryNetwork(parameters: OpenRegistryNetworkParameters): Promise<RegistryNetworkClients> {
  const dir = resolve(parameters.dir ?? '.citysync/registry');
  const status = registryNetworkStatus(dir);
  const startHint = `Start the embedded one with \`dpan registry start --dir ${parameters.dir ?? '.citysync/registry'}\``;
  const url = parameters.url ?? (status.registry.running ? status.registry.url : undefined);
  if (url === undefined) throw new RegistryNetworkError(`No npm registry: the embedded registry of ${dir} is not running.`, { details: `${startHint}, or pass --registry <url>.` });
  const rpcUrl = parameters.rpcUrl ?? (status.chain.running ? status.chain.rpcUrl : undefined);
  if (rpcUrl === undefined) throw new RegistryNetworkError(`No registry chain: the embedded chain of ${dir} is not running.`, { details: `${startHint}, or pass --registry-rpc <url>.` });
  const moduleRegistry = parameters.moduleRegistry ?? status.record?.moduleRegistry;
  if (moduleRegistry === undefined) throw new RegistryNetworkError(`No ModuleRegistry: ${dir} has no network.json.`, { details: `${startHint}, or pass --module-registry <address>.` });
  let chainId: number;
  try {
    chainId = await getChainId(createPublicClient({ transport: http(rpcUrl, { retryCount: 0 }) }));
  } catch (error) {
    throw new RegistryNetworkError(`The registry chain at ${rpcUrl} does not answer.`, { cause: error, details: startHint });
  }
  const clients = createClients(rpcUrl, chainId);
  if ((await getBytecode(clients.publicClient, { address: moduleRegistry })) === undefined) {
    throw new RegistryNetworkError(`There is no contract at ${moduleRegistry} on the registry chain ${rpcUrl}.`, {
      details: 'Pass the ModuleRegistry address of that chain with --module-registry.',
    });
  }
  return { url, rpcUrl, moduleRegistry, ...clients };
}

function createClients(rpcUrl: string, chainId: number) {
  const chain = defineChain({
    id: chainId,
    name: `registry chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const transport = http(rpcUrl, { retryCount: 0 });
  return {
    chainId,
    publicClient: createPublicClient({ chain, transport, pollingInterval: POLLING_INTERVAL_MS }) as PublicClient<Transport, Chain>,
    walletOf: (account: LocalAccount) => createWalletClient({ account, chain, transport, pollingInterval: POLLING_INTERVAL_MS }),
  };
}
