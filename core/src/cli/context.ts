// What a command needs from its options: the city directory, the chain (--rpc or the embedded one), a signer.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import {
  type Chain,
  type Hex,
  type LocalAccount,
  type PublicClient,
  type TestClient,
  type Transport,
  type WalletClient,
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  http,
  isHex,
} from 'viem';
import { mnemonicToAccount, privateKeyToAccount } from 'viem/accounts';
import { getChainId, getCode } from 'viem/actions';

import { embeddedChainStatus } from '../chain/embeddedChain.js';
import type { CityContracts } from '../types/city.js';
import { CliUsageError, CityStateError } from './errors.js';
import { parseSmallUint } from './parse.js';

/** anvil's dev mnemonic: the actors of a city on the embedded chain. */
export const DEV_MNEMONIC = 'test test test test test test test test test test test junk';

export type CityOptions = { city: string };
export type ChainOptions = CityOptions & { rpc?: string | undefined };
export type SignerOptions = { account: string; privateKey?: string | undefined };

export type Connection = {
  cityDir: string;
  rpcUrl: string;
  /** Whether the chain is the city's embedded anvil (so dev conveniences like fast-forwarding are allowed). */
  embedded: boolean;
  chain: Chain;
  publicClient: PublicClient<Transport, Chain>;
};

export function cityDirOf(options: CityOptions): string {
  return resolve(options.city);
}

/** The city directory, which must hold a city.json. */
export function requireCityDir(options: CityOptions): string {
  const dir = cityDirOf(options);
  if (!existsSync(resolve(dir, 'city.json'))) {
    throw new CityStateError(`No city.json in ${dir}.`, {
      details: 'Pass --city <dir>, or create a city with: dpan city init <dir>',
    });
  }
  return dir;
}

/** Connects to `--rpc`, else to the city's embedded chain (which must be running). */
export async function connect(options: ChainOptions): Promise<Connection> {
  const cityDir = cityDirOf(options);
  const status = embeddedChainStatus(cityDir);
  let rpcUrl = options.rpc;
  if (rpcUrl === undefined) {
    if (!status.running) {
      throw new CityStateError(`The embedded chain of ${cityDir} is not running.`, {
        details: `Start it with: dpan chain start${options.city === '.' ? '' : ` --city ${options.city}`}\nor pass --rpc <url>.`,
      });
    }
    rpcUrl = status.rpcUrl;
  }
  const embedded = status.running && status.rpcUrl === rpcUrl;
  const transport = http(rpcUrl, { retryCount: 0 });
  const chainId = await getChainId(createPublicClient({ transport }));
  const chain = defineChain({
    id: chainId,
    name: embedded ? 'embedded anvil' : `chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  return { cityDir, rpcUrl, embedded, chain, publicClient: createPublicClient({ chain, transport }) };
}

/** `--private-key` (or DPAN_PRIVATE_KEY), else dev account `--account` of {@link DEV_MNEMONIC}. */
export function signerOf(options: SignerOptions): LocalAccount {
  if (options.privateKey !== undefined) {
    const key = options.privateKey.startsWith('0x') ? options.privateKey : `0x${options.privateKey}`;
    if (!isHex(key) || key.length !== 66) throw new CliUsageError('--private-key must be 32 bytes of hex.');
    return privateKeyToAccount(key as Hex);
  }
  return devAccount(parseSmallUint(options.account, '--account', 2 ** 31 - 1));
}

export function devAccount(addressIndex: number): LocalAccount {
  return mnemonicToAccount(DEV_MNEMONIC, { addressIndex });
}

export function walletOf(connection: Connection, account: LocalAccount): WalletClient<Transport, Chain, LocalAccount> {
  return createWalletClient({ account, chain: connection.chain, transport: http(connection.rpcUrl, { retryCount: 0 }) });
}

/** anvil's test methods (time travel) on the embedded chain. */
export function testClientOf(connection: Connection): TestClient<'anvil', Transport, Chain> {
  return createTestClient({ mode: 'anvil', chain: connection.chain, transport: http(connection.rpcUrl, { retryCount: 0 }) });
}

/** The city's contracts from .citysync/deployment.json, checked against the connected chain. */
export async function loadCity(connection: Connection): Promise<CityContracts> {
  const file = resolve(connection.cityDir, '.citysync', 'deployment.json');
  if (!existsSync(file)) {
    throw new CityStateError(`The city in ${connection.cityDir} is not deployed (no .citysync/deployment.json).`, {
      details: 'Deploy it with: dpan city deploy',
    });
  }
  const record = JSON.parse(readFileSync(file, 'utf8')) as { chainId?: number; contracts?: CityContracts } & CityContracts;
  const city = record.contracts ?? record;
  if (record.chainId !== undefined && record.chainId !== connection.chain.id) {
    throw new CityStateError(`The city was deployed on chain ${record.chainId}, but ${connection.rpcUrl} is chain ${connection.chain.id}.`, {
      details: 'Pass the --rpc of the chain the city lives on, or deploy it here with: dpan city deploy',
    });
  }
  const code = await getCode(connection.publicClient, { address: city.taskBoard });
  if (code === undefined || code === '0x') {
    throw new CityStateError(`No city contracts at ${city.taskBoard} on ${connection.rpcUrl}.`, {
      details: 'The chain was reset since the deployment: deploy again with dpan city deploy',
    });
  }
  return city;
}
