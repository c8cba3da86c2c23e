// Public API of @citysync/server: `dpan serve` and anything that embeds the city's server.
export { startCityServer, serverParts, type CityServer, type ServerPart, type StartCityServerParameters } from './startCityServer.js';
export { defaultRelayerConfig, relayerConfigOf, type RelayerConfig } from './config.js';
export { RelayRequestRefusedError, ServerConfigError, ServerError, type RefusalReason } from './errors.js';
export type { RequestStatusView } from './relayer/relayerService.js';
