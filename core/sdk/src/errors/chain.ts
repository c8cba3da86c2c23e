import { CitySyncError, type CitySyncErrorOptions } from './base.js';

/** anvil could not be started: binary missing, process died, or its RPC never answered in time. */
export class AnvilStartError extends CitySyncError {
  override name = 'AnvilStartError';

  constructor(shortMessage: string, options: CitySyncErrorOptions = {}) {
    super(shortMessage, options);
  }
}
