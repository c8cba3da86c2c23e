import type { CityConfig, GovernanceParameters } from '@citysync/schemas';
import {
  type BaseErrorType,
  type Chain,
  type PublicClient,
  type Transport,
  createPublicClient,
  defineChain,
  http,
} from 'viem';

import {
  type CityContracts,
  CityChainMismatchError,
  CityChainNotFoundError,
  type CityContractsMissingError,
  CityNotDeployedError,
  checkCityDeployment,
} from '@citysync/sdk';
import { type CityDeployment, type LoadCityErrorType, loadCity, readDeployment } from '@citysync/sdk/node';

import { embeddedChainStatus } from './embeddedChain.js';

export type OpenCityParameters = {
  /** The city's directory. */
  dir: string;
  /** The chain to use. Default: the city's running embedded chain (`.citysync/chain/anvil.json`). */
  rpcUrl?: string | undefined;
};

export type OpenCityReturnType = {
  dir: string;
  config: CityConfig;
  governance: GovernanceParameters;
  deployment: CityDeployment;
  /** The city's contracts (`deployment.contracts`): pass as `city` to every action. */
  city: CityContracts;
  rpcUrl: string;
  /** The deployment's chain at `rpcUrl`: create wallet clients with it. */
  chain: Chain;
  publicClient: PublicClient<Transport, Chain>;
};

/**
 * {@link CityNotDeployedError} (no deployment record), {@link CityChainNotFoundError} (no `rpcUrl` and no running
 * embedded chain), {@link CityChainMismatchError} (another chain, or none answering, at the URL), or
 * {@link CityContractsMissingError} (the deployment's contracts are not on that chain).
 */
export type OpenCityErrorType =
  | LoadCityErrorType
  | CityNotDeployedError
  | CityChainNotFoundError
  | CityChainMismatchError
  | CityContractsMissingError
  | BaseErrorType;

/**
 * Opens a deployed city: its validated config and governance parameters, its deployment record, and a client on
 * its chain (the `rpcUrl` given, else the city's running embedded chain, which is why it lives here and not in the
 * SDK), checked to be the deployment's chain with the city's contracts on it, so a wrong --rpc fails here with a
 * clear error instead of in the first call.
 */
export async function openCity(parameters: OpenCityParameters): Promise<OpenCityReturnType> {
  const { dir: cityDir, config, governance } = loadCity(parameters.dir);
  const deployment = readDeployment(cityDir);
  if (deployment === undefined) throw new CityNotDeployedError(cityDir);

  let rpcUrl = parameters.rpcUrl;
  if (rpcUrl === undefined) {
    const status = embeddedChainStatus(cityDir);
    if (!status.running) throw new CityChainNotFoundError(cityDir);
    rpcUrl = status.rpcUrl;
  }
  const chain = defineChain({
    id: deployment.chainId,
    name: config.name,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const publicClient = createPublicClient({ chain, transport: http(rpcUrl, { retryCount: 0 }) });

  let chainId: number;
  try {
    chainId = await publicClient.getChainId();
  } catch (error) {
    throw new CityChainMismatchError(`No chain answers at ${rpcUrl}.`, {
      details: 'Start the embedded chain with `dpan chain start`, or pass the --rpc of a running node.',
      cause: error,
    });
  }
  if (chainId !== deployment.chainId) {
    throw new CityChainMismatchError(
      `The city was deployed on chain ${deployment.chainId}, but ${rpcUrl} is chain ${chainId}.`,
      { details: 'Pass the --rpc of the chain the city lives on, or deploy it there with `dpan city deploy`.' },
    );
  }
  await checkCityDeployment(publicClient, { contracts: deployment.contracts, rpcUrl });
  return {
    dir: cityDir,
    config,
    governance,
    deployment,
    city: deployment.contracts,
    rpcUrl,
    chain,
    publicClient,
  };
}
