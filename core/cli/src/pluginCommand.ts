// The commands of plugins: a plugin's implementation exports command definitions (data in, data out, no printing)
// and dpan runs them like its own, with the shared options read the same way. A plugin imports nothing of the CLI:
// what it needs arrives as the runtime, the last argument of its `run`.
import type { Chain, LocalAccount, TestClient, Transport, WalletClient } from 'viem';

import { type CommandDefinition, type OutputOptions, defineCommand } from './command.js';
import type { ChainOptions, CityOptions, Connection, OpenedCity, SignerOptions } from './context.js';

// Loaded on first use: a command that reads files only (dpan scaffold) does not load the chain's helpers.
const context = () => import('./context.js');

/**
 * The CLI's reading of the shared options (kit.options, kit.onChain), passed to a plugin's command:
 * - `cityDir(options)`: the directory of --city;
 * - `connect(options)`: --rpc, else the city's embedded chain (which must be running);
 * - `openCity(options)`: the deployed city on that chain (config, governance, deployment, contracts, client);
 * - `wallet(connection, options)`: a wallet client signing with --keystore (opened before the command ran), else
 *   --private-key (DPAN_PRIVATE_KEY), else dev account --account (the embedded chain only);
 * - `testClient(connection)`: anvil's methods (time travel), on the embedded chain only (exit 2 elsewhere).
 */
export type DpanRuntime = {
  cityDir(options: CityOptions): Promise<string>;
  connect(options: ChainOptions): Promise<Connection>;
  openCity(options: ChainOptions): Promise<OpenedCity>;
  wallet(connection: Connection, options: SignerOptions): Promise<WalletClient<Transport, Chain, LocalAccount>>;
  testClient(connection: Connection): Promise<TestClient<'anvil', Transport, Chain>>;
};

export const dpanRuntime: DpanRuntime = {
  cityDir: async (options) => (await context()).cityDirOf(options),
  connect: async (options) => (await context()).connect(options),
  openCity: async (options) => (await context()).openCityOf(options),
  wallet: async (connection, options) => {
    const { signerOf, walletOf } = await context();
    return walletOf(connection, signerOf(options));
  },
  testClient: async (connection) => (await context()).testClientOf(connection),
};

/** A plugin's command: `run(...positional, options, runtime)` returns data; `render` prints it for people. */
export type PluginCommand<Args extends unknown[], Options extends OutputOptions, Data> = CommandDefinition<Data> & {
  run: (...args: [...Args, Options, DpanRuntime]) => Promise<Data>;
};

/** Runs a plugin's command on commander's arguments (positional ones, then the options); resolves to the exit code. */
export function runPluginCommand(command: PluginCommand<unknown[], OutputOptions, unknown>, args: readonly unknown[]): Promise<number> {
  const run = (...received: [...unknown[], OutputOptions]): Promise<unknown> => command.run(...received, dpanRuntime);
  return defineCommand(run, command)(...(args as [...unknown[], OutputOptions]));
}
