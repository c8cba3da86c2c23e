// What the dashboard reads from, supplied by its caller: the opened city, a way to bring its index up to the chain's
// head (the CLI shows a progress bar meanwhile), and a way to reach the registry network.
import type { RegistryNetworkClients } from '@citysync/registry';
import type { OpenCityReturnType } from '@citysync/devnet';

/** A deployed city as the SDK's openCity returns it: config, governance parameters, contracts, a client on its chain. */
export type DashboardCity = Pick<OpenCityReturnType, 'dir' | 'config' | 'governance' | 'city' | 'rpcUrl' | 'publicClient'>;

/** The city's SQLite index and how far it reached (what `dpan index` returns). */
export type DashboardIndex = { dbPath: string; toBlock: bigint; events: number };

/** Indexes the city's events up to its chain's head; called before each read, so the figures are current. */
export type IndexDashboardCity = () => Promise<DashboardIndex>;

/** Connects to the registry network; when it throws, the page says why advisories are unavailable. */
export type OpenDashboardRegistry = () => Promise<RegistryNetworkClients>;
