import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import {
  type BesuGenesis,
  type CityConfig,
  type GenesisAccount,
  SchemaValidationError,
  formatIssue,
  validateDocument,
} from '@citysync/schemas';
import { moveIntoOutput } from '@citysync/schemas/node';
import { type Address, getAddress } from 'viem';

import { CityConfigNotFoundError } from '@citysync/sdk';
import { loadCity } from '@citysync/sdk/node';
import { besuNodeConfig } from './besuNodeConfig.js';
import { buildQbftGenesis } from './buildQbftGenesis.js';
import { ChainGenesisInputError } from './errors.js';
import { decodeQbftExtraData } from './extraData.js';
import { networkReadme } from './networkReadme.js';
import {
  type PredeployName,
  buildPredeployAlloc,
  predeployAddresses,
  predeployContracts,
  predeployDeployer,
} from './predeploys.js';
import { readValidatorsFile } from './readValidators.js';

/** anvil's (and Hardhat's) dev chain id: wallets and tools treat it as a local test chain. */
export const devChainId = 31337;

export type WriteBesuNetworkParameters = {
  /** The city's directory or its city.json (validated with its governance file, as `dpan city deploy` does). */
  city: string;
  /** Path of the validators file, or the addresses themselves. */
  validators: string | readonly Address[];
  /** The directory to write: must be missing or empty unless `force`. */
  out: string;
  /**
   * The chain id. Default: city.json's `chain.chainId`. Refused when it differs from that (the deploy would be
   * refused later), and the dev id 31337 only when asked for explicitly.
   */
  chainId?: number | undefined;
  blockPeriodSeconds?: number | undefined;
  /** Write into a non-empty `out`: the generated files are replaced, every other file (node keys) is kept. */
  force?: boolean | undefined;
  /** Put the CityFactory and shared implementations in the genesis. Default: true (a throwaway anvil builds them). */
  predeploys?: boolean | undefined;
};

/** predeploys.json: what `dpan city deploy --predeploys` reads. */
export type PredeploysFile = {
  chainId: number;
  /** The keyless account whose nonces 0, 1, ... gave the addresses. */
  deployer: Address;
  factory: Address;
  implementations: Record<Exclude<PredeployName, 'factory'>, Address>;
  /** The contract behind each name. */
  contracts: Record<PredeployName, string>;
};

export type WriteBesuNetworkReturnType = {
  out: string;
  chainId: number;
  validators: Address[];
  /** Relative to `out`. */
  files: string[];
  genesis: BesuGenesis;
  predeploys: PredeploysFile | undefined;
};

/**
 * Writes a city's production chain: `genesis.json` (Besu QBFT, checked against schemas/besu-genesis.schema.json
 * before anything is written), `predeploys.json`, `node-<n>/config.toml` per validator and a `README.md` on running
 * it. Built in a temporary directory and moved into `out`, so `out` gets every file or none.
 *
 * Throws {@link ChainGenesisInputError} for a wrong input (validators, city, chain id, block period, a non-empty
 * `out`), `PredeployError` when the throwaway anvil fails.
 */
export async function writeBesuNetwork(parameters: WriteBesuNetworkParameters): Promise<WriteBesuNetworkReturnType> {
  const out = resolve(parameters.out);
  assertOutput(out, parameters.force === true);
  const { config, configPath } = readCity(parameters.city);
  const validators =
    typeof parameters.validators === 'string'
      ? readValidatorsFile(parameters.validators)
      : checkValidators(parameters.validators);
  const chainId = chainIdOf(config, configPath, parameters.chainId);

  const withPredeploys = parameters.predeploys ?? true;
  const predeployAlloc: Record<Address, GenesisAccount> = withPredeploys ? await buildPredeployAlloc() : {};
  const funded = fundedAccounts(config).filter((a) => !validators.includes(a));
  const genesis = buildQbftGenesis({
    chainId,
    validators,
    blockPeriodSeconds: parameters.blockPeriodSeconds,
    funded,
    predeploys: predeployAlloc,
  });
  assertGenesis(genesis, validators);

  const predeploys = withPredeploys ? predeploysFile(chainId) : undefined;
  const files: Record<string, string> = { 'genesis.json': `${JSON.stringify(genesis, null, 2)}\n` };
  if (predeploys !== undefined) files['predeploys.json'] = `${JSON.stringify(predeploys, null, 2)}\n`;
  validators.forEach((validator, i) => {
    files[`node-${i + 1}/config.toml`] = besuNodeConfig({ n: i + 1, validator, chainId, cityName: config.name });
  });
  files['README.md'] = networkReadme({
    cityName: config.name,
    chainId,
    validators,
    blockPeriodSeconds: genesis.config.qbft.blockperiodseconds,
    predeploys: predeploys === undefined ? {} : { factory: predeploys.factory, ...predeploys.implementations },
  });

  writeAtomically(out, files, parameters.force === true);
  return { out, chainId, validators, files: Object.keys(files), genesis, predeploys };
}

function assertOutput(out: string, force: boolean): void {
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory())
    throw new ChainGenesisInputError(`--out ${out} is a file.`, { details: 'Name a directory.' });
  if (!force && readdirSync(out).length > 0) {
    throw new ChainGenesisInputError(`--out ${out} is not empty.`, {
      details:
        'Name a new or empty directory, or pass --force to replace the generated files there (node keys and other files are kept).',
    });
  }
}

function readCity(city: string): { config: CityConfig; configPath: string } {
  try {
    const { config, configPath } = loadCity(city);
    return { config, configPath };
  } catch (error) {
    if (error instanceof SchemaValidationError) {
      throw new ChainGenesisInputError(error.shortMessage, {
        details: error.details,
        issues: error.issues,
        cause: error,
      });
    }
    if (error instanceof CityConfigNotFoundError) {
      throw new ChainGenesisInputError(error.shortMessage, { details: error.details, cause: error });
    }
    throw error;
  }
}

function checkValidators(addresses: readonly Address[]): Address[] {
  const issues = validateDocument('validators', addresses, { file: 'validators' });
  if (issues.length > 0) {
    throw new ChainGenesisInputError('validators: fix them and run again', {
      details: issues.map(formatIssue).join('\n'),
      issues,
    });
  }
  return addresses.map((address) => getAddress(address));
}

/** The chain id policy: one id for city.json and genesis, and anvil's dev id only on purpose. */
function chainIdOf(config: CityConfig, configPath: string, requested: number | undefined): number {
  const configured = config.chain?.chainId;
  if (requested !== undefined && configured !== undefined && requested !== configured) {
    throw new ChainGenesisInputError(
      `--chain-id ${requested} differs from ${configPath}#/chain/chainId ${configured}.`,
      {
        details: `Set "chain": { "chainId": ${requested} } in city.json (dpan city deploy refuses a chain whose id is not the config's), or drop --chain-id.`,
      },
    );
  }
  const chainId = requested ?? configured;
  if (chainId === undefined) {
    throw new ChainGenesisInputError(`${configPath}#/chain/chainId is missing and no --chain-id was given.`, {
      details:
        'Pick an id no other network uses (see chainlist.org), set "chain": { "chainId": <id> } in city.json, and run again.',
    });
  }
  if (chainId === devChainId && requested === undefined) {
    throw new ChainGenesisInputError(`${configPath}#/chain/chainId is ${devChainId}, the embedded anvil chain's id.`, {
      details:
        `A production chain needs its own id: set "chain": { "chainId": <id> } in city.json (an id no other network uses), ` +
        `or pass --chain-id ${devChainId} to rehearse with the dev id on purpose.`,
    });
  }
  return chainId;
}

/** Committee members and guardians: zero gas price means they need no balance, but tools that check one are happy. */
function fundedAccounts(config: CityConfig): Address[] {
  const all = [...config.committees.flatMap((c) => c.members), ...(config.guardians ?? [])].map((a) => getAddress(a));
  return [...new Set(all)];
}

/** The genesis must match its schema and its extraData must decode back to the validators. */
function assertGenesis(genesis: BesuGenesis, validators: readonly Address[]): void {
  const issues = validateDocument('besu-genesis', genesis, { file: 'genesis.json' });
  if (issues.length > 0) {
    throw new ChainGenesisInputError('The genesis these inputs make does not match schemas/besu-genesis.schema.json.', {
      details: issues.map(formatIssue).join('\n'),
      issues,
    });
  }
  const decoded = decodeQbftExtraData(genesis.extraData as `0x${string}`).validators;
  if (decoded.join() !== validators.join()) {
    throw new ChainGenesisInputError('genesis.json#/extraData does not decode to the validators.', {
      details: decoded.join(', '),
    });
  }
}

function predeploysFile(chainId: number): PredeploysFile {
  const { factory, ...implementations } = predeployAddresses;
  return { chainId, deployer: predeployDeployer, factory, implementations, contracts: { ...predeployContracts } };
}

/** Every file into a scratch directory first; then moved (an empty `out`) or copied over (`force`). */
function writeAtomically(out: string, files: Record<string, string>, force: boolean): void {
  const scratch = mkdtempSync(join(tmpdir(), 'dpan-chain-genesis-'));
  try {
    const dir = join(scratch, 'network');
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    if (force && existsSync(out) && readdirSync(out).length > 0) cpSync(dir, out, { recursive: true, force: true });
    else moveIntoOutput(dir, out, (path, problem) => new ChainGenesisInputError(`--out ${path} ${problem}.`));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
