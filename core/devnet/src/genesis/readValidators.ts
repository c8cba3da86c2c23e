import { existsSync } from 'node:fs';

import { SchemaValidationError } from '@citysync/schemas';
import { loadAndValidate } from '@citysync/schemas/node';
import { type Address, getAddress } from 'viem';

import { ChainGenesisInputError } from './errors.js';

/**
 * Reads a validators file (a JSON array of addresses, schemas/validators.schema.json: at least one, no address twice)
 * as checksummed addresses. Throws {@link ChainGenesisInputError} naming the file, the JSON pointer and the fix.
 */
export function readValidatorsFile(path: string): Address[] {
  if (!existsSync(path)) {
    throw new ChainGenesisInputError(`No validators file at ${path}.`, {
      details:
        'Write a JSON array of the validators\' node addresses, e.g. ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8"].',
    });
  }
  try {
    return loadAndValidate('validators', path).map((address) => getAddress(address));
  } catch (error) {
    if (!(error instanceof SchemaValidationError)) throw error;
    throw new ChainGenesisInputError(error.shortMessage, {
      details: error.details,
      issues: error.issues,
      cause: error,
    });
  }
}
