import { CitySyncError, type CitySyncErrorOptions } from '@citysync/sdk';

/** A malformed argument or option value (exit code 2, like commander's own usage errors). */
export class CliUsageError extends CitySyncError {
  override name = 'CliUsageError';

  constructor(shortMessage: string, options: CitySyncErrorOptions = {}) {
    super(shortMessage, options);
  }
}

const KEYSTORE_ERRORS = new Set(['KeystoreReadError', 'KeystoreFormatError', 'KeystorePasswordError']);

/**
 * Whether `error` says a --keystore could not be opened (unreadable, malformed, wrong password): exit code 2, like
 * any bad option value. By name, so that a command that signs without a keystore never loads the keystore code.
 */
export function isKeystoreError(error: unknown): boolean {
  return error instanceof Error && KEYSTORE_ERRORS.has(error.name);
}

/** The command needs something the city directory does not have yet (a config, a running chain, a deployment). */
export class CityStateError extends CitySyncError {
  override name = 'CityStateError';

  constructor(shortMessage: string, options: CitySyncErrorOptions = {}) {
    super(shortMessage, options);
  }
}
