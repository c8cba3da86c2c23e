// What a command needs from its options: the city directory, the chain (--rpc or the embedded one), a signer.
import { resolve } from 'node:path';

import {
  type Chain,
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
} from 'viem';
import { getChainId } from 'viem/actions';

import { embeddedChainStatus, type OpenCityReturnType, openCity } from '@citysync/devnet';
import { zeroFeeChain } from '@citysync/sdk';
import { CliUsageError, CityStateError } from './errors.js';
import { isDevAccount } from './signer.js';

export { devAccount, signerOf, type SignerOptions } from './signer.js';

export type CityOptions = { city: string };
export type ChainOptions = CityOptions & { rpc?: string | undefined };

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

/**
 * Whether `rpcUrl` is the city's embedded chain: the anvil `dpan chain start` started for this city directory and
 * recorded in `.citysync/chain/anvil.json`, alive, at that URL. Not the chain id: a production rehearsal or a
 * user's own anvil has 31337 too, and the dev shortcuts must not reach it.
 */
function isEmbeddedChain(cityDir: string, rpcUrl: string): boolean {
  const status = embeddedChainStatus(cityDir);
  return status.running && status.rpcUrl === rpcUrl;
}

/** What to use instead of a dev shortcut on a chain that is not the embedded one. */
export const SIGNER_HINT =
  'Sign with your own key: --keystore <file> (password from --password-file <file> or DPAN_PASSWORD) or --private-key. ' +
  'Committee members approve each from their own machine: dpan approve <operation> (or dpan committee approve <committee> <proposalId>).';

/**
 * Refuses the dev mnemonic's accounts (--account, --approve-as, --redeemer, --members) on a chain that is not the
 * city's embedded one; commands call it with all their signers before the first read that could mislead (a
 * membership check) and {@link walletOf} calls it again before anything is sent.
 */
export function assertSigners(connection: Connection, accounts: readonly LocalAccount[]): void {
  if (connection.embedded || !accounts.some(isDevAccount)) return;
  throw new CliUsageError(
    `${connection.rpcUrl} is not the city's embedded chain: dpan signs with the dev mnemonic's accounts (--account, --approve-as, --redeemer, --members) there only.`,
    { details: SIGNER_HINT },
  );
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
  const embedded = isEmbeddedChain(cityDir, rpcUrl);
  const transport = http(rpcUrl, { retryCount: 0 });
  const chainId = await getChainId(createPublicClient({ transport }));
  const chain = defineChain({
    id: chainId,
    name: embedded ? 'embedded anvil' : `chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  return { cityDir, rpcUrl, embedded, ...(await withChainFees(chain, rpcUrl)) };
}

/** The chain set to send with zero fees when its base fee is 0 (see zeroFeeChain), and a client on it. */
async function withChainFees(chain: Chain, rpcUrl: string): Promise<{ chain: Chain; publicClient: PublicClient<Transport, Chain> }> {
  const transport = http(rpcUrl, { retryCount: 0 });
  const feeChain = await zeroFeeChain(createPublicClient({ chain, transport }));
  return { chain: feeChain, publicClient: createPublicClient({ chain: feeChain, transport }) };
}

/**
 * How often to poll for receipts: viem's default (4 s) would make every command wait seconds on a chain that mines
 * each transaction as it arrives; a production chain with block times of seconds is not slowed by polling faster.
 */
const POLLING_INTERVAL_MS = 100;

/**
 * A wallet client signing as `account` on the connection's chain. A dev account of anvil's mnemonic (--account,
 * --approve-as, --redeemer, --members) is refused on any chain but the city's embedded one, before anything is sent.
 */
export function walletOf(connection: Connection, account: LocalAccount): WalletClient<Transport, Chain, LocalAccount> {
  assertSigners(connection, [account]);
  return createWalletClient({
    account,
    chain: connection.chain,
    transport: http(connection.rpcUrl, { retryCount: 0 }),
    pollingInterval: POLLING_INTERVAL_MS,
  });
}

/** anvil's test methods (time travel) on the embedded chain; refused on any other chain, which has no such methods. */
export function testClientOf(connection: Connection): TestClient<'anvil', Transport, Chain> {
  if (!connection.embedded) {
    throw new CliUsageError(`${connection.rpcUrl} is not the city's embedded chain: dpan moves the clock and mints ether there only.`, {
      details: 'On another chain a committee waits out its delay in real time: dpan pending shows when, dpan apply executes.',
    });
  }
  return createTestClient({ mode: 'anvil', chain: connection.chain, transport: http(connection.rpcUrl, { retryCount: 0 }) });
}

export type OpenedCity = Connection & Omit<OpenCityReturnType, 'dir'>;

/**
 * The deployed city of `--city` on `--rpc` (else its embedded chain): config, governance parameters, deployment
 * record, and a client checked to be on the chain that holds the city's contracts.
 */
export async function openCityOf(options: ChainOptions): Promise<OpenedCity> {
  const { dir, ...opened } = await openCity({ dir: cityDirOf(options), rpcUrl: options.rpc });
  return { ...opened, cityDir: dir, embedded: isEmbeddedChain(dir, opened.rpcUrl), ...(await withChainFees(opened.chain, opened.rpcUrl)) };
}
