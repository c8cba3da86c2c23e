// What the dashboard reads from, supplied by its caller: the opened city, a way to bring its index up to the chain's
// head (the CLI shows a progress bar meanwhile), and a way to reach the registry network.
import type { RegistryNetworkClients } from '@citysync/registry';
import type { CityConfig, GovernanceParameters } from '@citysync/schemas';
import type { CityContracts } from '@citysync/sdk';
import type { Chain, PublicClient, Transport } from 'viem';

/** A deployed city, as @citysync/devnet's openCity returns it (the fields the page reads). */
export type DashboardCity = {
  /** The city's directory (city.json, .citysync/). */
  dir: string;
  config: CityConfig;
  governance: GovernanceParameters;
  city: CityContracts;
  rpcUrl: string;
  /** A client on the chain that holds the city's contracts. */
  publicClient: PublicClient<Transport, Chain>;
};

/** The city's SQLite index and how far it reached (what `dpan index` returns). */
export type DashboardIndex = { dbPath: string; toBlock: bigint; events: number };

/** Indexes the city's events up to its chain's head; called before each read, so the figures are current. */
export type IndexDashboardCity = () => Promise<DashboardIndex>;

/** Connects to the registry network; when it throws, the page says why advisories are unavailable. */
export type OpenDashboardRegistry = () => Promise<RegistryNetworkClients>;
