import type { ValidationIssue } from '@citysync/schemas';

import { CitySyncError, type CitySyncErrorOptions } from '@citysync/sdk';

/**
 * An input of `writeBesuNetwork` is wrong (the validators file, the city file, the chain id, a non-empty output
 * directory): nothing was written. `issues` holds the schema issues (`file#/pointer: message`) when there are any.
 */
export class ChainGenesisInputError extends CitySyncError {
  override name = 'ChainGenesisInputError';
  readonly issues: readonly ValidationIssue[];

  constructor(shortMessage: string, options: CitySyncErrorOptions & { issues?: readonly ValidationIssue[] } = {}) {
    super(shortMessage, options);
    this.issues = options.issues ?? [];
  }
}

/** A genesis extraData is not QBFT's RLP([vanity, validators, vote, round, seals]). */
export class QbftExtraDataError extends CitySyncError {
  override name = 'QbftExtraDataError';

  constructor(problem: string, options: CitySyncErrorOptions = {}) {
    super(`extraData ${problem}: expected RLP([32-byte vanity, [validator addresses], vote, round, [seals]])`, options);
  }
}

/** The throwaway anvil that produces the predeploys' runtime code failed. */
export class PredeployError extends CitySyncError {
  override name = 'PredeployError';

  constructor(shortMessage: string, options: CitySyncErrorOptions = {}) {
    super(shortMessage, options);
  }
}

/** A predeploys.json (written by `dpan chain genesis`) that cannot be read, or whose factory is not on the chain. */
export class PredeploysFileError extends CitySyncError {
  override name = 'PredeploysFileError';

  constructor(shortMessage: string, options: CitySyncErrorOptions = {}) {
    super(shortMessage, options);
  }
}
