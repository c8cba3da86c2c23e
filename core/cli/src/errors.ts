import { CitySyncError, type CitySyncErrorOptions } from '@citysync/sdk';

/** A malformed argument or option value (exit code 2, like commander's own usage errors). */
export class CliUsageError extends CitySyncError {
  override name = 'CliUsageError';

  constructor(shortMessage: string, options: CitySyncErrorOptions = {}) {
    super(shortMessage, options);
  }
}

/** The command needs something the city directory does not have yet (a config, a running chain, a deployment). */
export class CityStateError extends CitySyncError {
  override name = 'CityStateError';

  constructor(shortMessage: string, options: CitySyncErrorOptions = {}) {
    super(shortMessage, options);
  }
}
