import { CitySyncError, type CitySyncErrorOptions } from '../errors/base.js';

/** The city directory (or the file given) has no city.json. */
export class CityConfigNotFoundError extends CitySyncError {
  override name = 'CityConfigNotFoundError';
  readonly path: string;

  constructor(path: string) {
    super(`No city config at ${path}.`, {
      details: 'Create one with `dpan city init <dir>`, or point at the directory that holds city.json.',
    });
    this.path = path;
  }
}

/** The city has no `.citysync/deployment.json` yet. */
export class CityNotDeployedError extends CitySyncError {
  override name = 'CityNotDeployedError';

  constructor(dir: string) {
    super(`The city in ${dir} is not deployed (no .citysync/deployment.json).`, {
      details: 'Deploy it with `dpan city deploy` (it starts from city.json and governance.json).',
    });
  }
}

/** A deployment for this chain is already recorded and its contracts are on the chain. */
export class CityAlreadyDeployedError extends CitySyncError {
  override name = 'CityAlreadyDeployedError';

  constructor(dir: string, chainId: number, taskBoard: string) {
    super(`The city in ${dir} is already deployed on chain ${chainId} (its TaskBoard is at ${taskBoard}).`, {
      details:
        'Use the deployed city, or deploy a new one with --force (the record in .citysync/deployment.json is ' +
        'replaced; the old contracts stay on chain) or from a fresh directory.',
    });
  }
}

/** No chain to talk to: no --rpc given and no embedded chain running for the city. */
export class CityChainNotFoundError extends CitySyncError {
  override name = 'CityChainNotFoundError';

  constructor(dir: string) {
    super(`No chain for the city in ${dir}: no RPC URL was given and its embedded chain is not running.`, {
      details: 'Start it with `dpan chain start`, or pass --rpc <url>.',
    });
  }
}

/** The chain at the RPC URL is not the one the city's config or deployment names, or does not answer. */
export class CityChainMismatchError extends CitySyncError {
  override name = 'CityChainMismatchError';

  constructor(shortMessage: string, options: CitySyncErrorOptions = {}) {
    super(shortMessage, options);
  }
}

/** The deployment's contracts have no code on the chain: a wrong --rpc, or the chain was reset. */
export class CityContractsMissingError extends CitySyncError {
  override name = 'CityContractsMissingError';
  /** Names of the contracts without code (`taskBoard`, `committees.accreditation`, ...). */
  readonly missing: readonly string[];

  constructor(rpcUrl: string, missing: readonly string[]) {
    super(`The city's contracts are not on the chain at ${rpcUrl} (no code for ${missing.join(', ')}).`, {
      details:
        'Pass the --rpc of the chain the city was deployed on; if this is its chain and it was reset, deploy ' +
        'again with `dpan city deploy --force`.',
    });
    this.missing = missing;
  }
}
