import { startDashboardServer } from '@citysync/dashboard';
import { type OutputOptions, defineCommand } from '../command.js';
import { type ChainOptions, openCityOf } from '../context.js';
import { parseSmallUint } from '../parse.js';
import { type RegistryOptions, openRegistryOf } from '../registryContext.js';
import { indexWithProgress } from './indexer.js';

type DashboardOptions = ChainOptions & RegistryOptions & OutputOptions & { port?: string | undefined; geojson?: string | undefined };

/**
 * `dpan dashboard`: serves the transparency page on 127.0.0.1 until Ctrl-C (or SIGTERM). The address is printed as
 * soon as it listens, since the command's result only comes when it stops. Each page load indexes first (with the
 * progress bar of `dpan index`) and reaches the registry network as `dpan status` does.
 */
export const dashboard = defineCommand(
  async (options: DashboardOptions): Promise<{ url: string }> => {
    const port = options.port === undefined ? 0 : parseSmallUint(options.port, '--port', 65_535);
    const connection = await openCityOf(options);
    const server = await startDashboardServer({
      connection: { ...connection, dir: connection.cityDir },
      index: () => indexWithProgress(connection),
      openRegistry: () => openRegistryOf(options),
      geojson: options.geojson,
      port,
    });
    process.stdout.write(`dashboard of ${options.city} at ${server.url} (Ctrl-C to stop)\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    return { url: server.url };
  },
  { render: () => 'dashboard stopped' },
);
