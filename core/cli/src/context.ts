// What a command needs from its options: the city directory, the chain (--rpc or the embedded one), a signer.
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
import { getChainId } from 'viem/actions';

import { embeddedChainStatus, type OpenCityReturnType, openCity } from '@citysync/devnet';
import { CliUsageError, CityStateError } from './errors.js';
import { parseSmallUint } from './parse.js';

/** anvil's dev mnemonic: the actors of a city on the embedded chain. */
const DEV_MNEMONIC = 'test test test test test test test test test test test junk';

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

/**
 * How often to poll for receipts: viem's default (4 s) would make every command wait seconds on a chain that mines
 * each transaction as it arrives; a production chain with block times of seconds is not slowed by polling faster.
 */
const POLLING_INTERVAL_MS = 100;

export function walletOf(connection: Connection, account: LocalAccount): WalletClient<Transport, Chain, LocalAccount> {
  return createWalletClient({
    account,
    chain: connection.chain,
    transport: http(connection.rpcUrl, { retryCount: 0 }),
    pollingInterval: POLLING_INTERVAL_MS,
  });
}

/** anvil's test methods (time travel) on the embedded chain. */
export function testClientOf(connection: Connection): TestClient<'anvil', Transport, Chain> {
  return createTestClient({ mode: 'anvil', chain: connection.chain, transport: http(connection.rpcUrl, { retryCount: 0 }) });
}

export type OpenedCity = Connection & Omit<OpenCityReturnType, 'dir'>;

/**
 * The deployed city of `--city` on `--rpc` (else its embedded chain): config, governance parameters, deployment
 * record, and a client checked to be on the chain that holds the city's contracts.
 */
export async function openCityOf(options: ChainOptions): Promise<OpenedCity> {
  const { dir, ...opened } = await openCity({ dir: cityDirOf(options), rpcUrl: options.rpc });
  const status = embeddedChainStatus(dir);
  return { ...opened, cityDir: dir, embedded: status.running && status.rpcUrl === opened.rpcUrl };
}
