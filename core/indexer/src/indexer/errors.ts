import { CitySyncError, type CitySyncErrorOptions } from '@citysync/sdk';

/** Base of the indexer's errors. */
export class IndexerError extends CitySyncError {
  override name = 'IndexerError';

  constructor(shortMessage: string, options: CitySyncErrorOptions = {}) {
    super(shortMessage, options);
  }
}

/** The block the index ends at is no longer on the chain: a reorganisation replaced it. */
export class IndexerReorgError extends IndexerError {
  override name = 'IndexerReorgError';
  readonly blockNumber: bigint;
  readonly indexedHash: string;
  readonly chainHash: string | undefined;

  constructor(blockNumber: bigint, indexedHash: string, chainHash: string | undefined) {
    super(
      `The index ends at block ${blockNumber} with hash ${indexedHash}, but the chain now has ${
        chainHash === undefined ? 'no such block' : `hash ${chainHash}`
      } there: the chain was reorganised or reset. Delete the index database and index again from the city's deployment block.`,
    );
    this.blockNumber = blockNumber;
    this.indexedHash = indexedHash;
    this.chainHash = chainHash;
  }
}

/** The database already holds the index of another city or chain. */
export class IndexerDatabaseMismatchError extends IndexerError {
  override name = 'IndexerDatabaseMismatchError';

  constructor(dbPath: string, what: string, stored: string, given: string) {
    super(
      `${dbPath} indexes ${what} ${stored}, not ${given}. Point --db at this city's own index file, or delete it to start over.`,
    );
  }
}

/** An RPC call of the indexer failed even after splitting the block range down to a single block. */
export class IndexerRpcError extends IndexerError {
  override name = 'IndexerRpcError';

  constructor(method: string, range: string, cause: unknown) {
    super(`${method} failed for blocks ${range}. Check that the RPC endpoint is reachable and serves logs for that range.`, {
      cause,
    });
  }
}

/** The indexer was given an invalid option or input file. */
export class IndexerInputError extends IndexerError {
  override name = 'IndexerInputError';
}
