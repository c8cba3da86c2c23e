import type { CityConfig } from '@citysync/schemas';
import type { BaseErrorType } from 'viem';
import { getChainId, getCode } from 'viem/actions';

import { type DeployCityErrorType, type DeployCityParameters, deployCity } from '../deploy/deployCity.js';
import type { DeployCityStep } from '../errors/deploy.js';
import type { CityReadClient, CityWalletClient } from '../types/client.js';
import { type CityDeployment, readDeployment, writeDeployment } from './deployment.js';
import { type ResolveVaultParametersErrorType, resolveVaultParameters } from '../vault/resolveVaultParameters.js';
import { cityDeployParameters } from './cityDeployParameters.js';
import { CityAlreadyDeployedError, CityChainMismatchError } from './errors.js';
import { type LoadCityErrorType, loadCity } from './loadCity.js';

export type DeployCityFromConfigParameters = {
  /** The city's directory (city.json, governance.json; the record goes to `.citysync/deployment.json`). */
  dir: string;
  /** The deployer. Any funded account: the factory hands every power to the committees and keeps none. */
  wallet: CityWalletClient;
  /** For reads (chain id, existing code). Default: `wallet`. */
  publicClient?: CityReadClient | undefined;
  /** Recorded in deployment.json. Default: the wallet's HTTP transport URL. */
  rpcUrl?: string | undefined;
  /** Deploy even if deployment.json records a city on this chain whose contracts are there. */
  force?: boolean | undefined;
  onStep?: ((step: DeployCityStep) => void) | undefined;
  /** A CityFactory already on the chain (e.g. predeployed by `dpan chain genesis`). Default: deploy one. */
  factory?: DeployCityParameters['factory'];
  /** Shared implementations already on the chain to reuse (predeploys.json's `implementations`). */
  implementations?: DeployCityParameters['implementations'];
};

export type DeployCityFromConfigReturnType = {
  deployment: CityDeployment;
  /** Path of the deployment.json written. */
  path: string;
  config: CityConfig;
};

/**
 * `CityConfigNotFoundError`, `SchemaValidationError` (an invalid config: nothing is deployed),
 * {@link CityChainMismatchError} (city.json's `chain.chainId` is not the wallet's chain),
 * {@link CityAlreadyDeployedError}, the vault's test asset failing to deploy, or {@link DeployCityError} naming the
 * step that failed.
 */
export type DeployCityFromConfigErrorType =
  | LoadCityErrorType
  | CityAlreadyDeployedError
  | CityChainMismatchError
  | ResolveVaultParametersErrorType
  | DeployCityErrorType
  | BaseErrorType;

/**
 * Deploys the city a directory describes and records it in `.citysync/deployment.json` (chain id, RPC URL, the
 * deployment block, every contract address). Refuses when that file already records a city on this chain whose
 * contracts are present, unless `force`; a record whose contracts are gone (the chain was reset) is replaced.
 */
export async function deployCityFromConfig(
  parameters: DeployCityFromConfigParameters,
): Promise<DeployCityFromConfigReturnType> {
  const { dir, wallet, force = false, onStep } = parameters;
  const reader = parameters.publicClient ?? wallet;
  const { config, dir: cityDir } = loadCity(dir);
  const deployParameters = cityDeployParameters(config);
  const rpcUrl = parameters.rpcUrl ?? transportUrl(wallet);

  const chainId = await getChainId(reader);
  if (config.chain !== undefined && config.chain.chainId !== chainId) {
    throw new CityChainMismatchError(
      `city.json#/chain/chainId: ${config.chain.chainId}, but the chain${rpcUrl ? ` at ${rpcUrl}` : ''} is ${chainId}.`,
      { details: 'Pass the --rpc of the chain the config names, or change (or remove) chain.chainId in city.json.' },
    );
  }

  const existing = readDeployment(cityDir);
  if (existing !== undefined && existing.chainId === chainId && !force) {
    const code = await getCode(reader, { address: existing.contracts.taskBoard });
    if (code !== undefined && code !== '0x') {
      throw new CityAlreadyDeployedError(cityDir, chainId, existing.contracts.taskBoard);
    }
  }

  const { vault: vaultConfig } = config;
  const vault = vaultConfig === undefined ? undefined : () => resolveVaultParameters(wallet, vaultConfig);
  const reuse = { factory: parameters.factory, implementations: parameters.implementations };
  const deployed = await deployCity(wallet, { ...deployParameters, vault, onStep, ...reuse });
  const { factory, implementations, blockNumber, transactionHash, ...contracts } = deployed;
  const deployment: CityDeployment = {
    chainId,
    rpcUrl,
    blockNumber,
    transactionHash,
    deployer: wallet.account.address,
    deployedAt: new Date().toISOString(),
    contracts: { ...contracts, factory },
    implementations,
  };
  const path = writeDeployment(cityDir, deployment);
  return { deployment, path, config };
}

function transportUrl(client: CityWalletClient): string | undefined {
  const url = (client.transport as { url?: unknown }).url;
  return typeof url === 'string' ? url : undefined;
}
