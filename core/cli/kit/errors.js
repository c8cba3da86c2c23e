// Errors of plugin discovery. Plain JavaScript like the rest of the kit (no TypeScript before an action runs); each
// message names the file or package and says what to do, in the shape of @citysync/schemas' CitySyncError.

export class PluginDiscoveryError extends Error {
  name = 'PluginDiscoveryError';

  constructor(shortMessage, { cause } = {}) {
    super(shortMessage, cause === undefined ? undefined : { cause });
    this.shortMessage = shortMessage;
  }
}
