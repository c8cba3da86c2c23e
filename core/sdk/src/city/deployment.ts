import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { type Address, type Hash, getAddress } from 'viem';

import { CitySyncError } from '../errors/base.js';
import { type CityContracts, type CityImplementations, committeeNames } from '../types/city.js';

/** What `.citysync/deployment.json` records about the city's deployment. */
export type CityDeployment = {
  chainId: number;
  /** The RPC URL it was deployed through (informational: commands take --rpc or the embedded chain). */
  rpcUrl: string | undefined;
  /** The block of the `deployCity` transaction: indexers start here. */
  blockNumber: bigint;
  transactionHash: Hash;
  deployer: Address;
  /** ISO 8601. */
  deployedAt: string;
  contracts: CityContracts & { factory: Address };
  implementations: CityImplementations;
};

/** `<dir>/.citysync/deployment.json` */
export function deploymentPath(dir: string): string {
  return join(resolve(dir), '.citysync', 'deployment.json');
}

/** Writes the deployment record (bigints as decimal strings), replacing any previous one atomically. */
export function writeDeployment(dir: string, deployment: CityDeployment): string {
  const file = deploymentPath(dir);
  mkdirSync(dirname(file), { recursive: true });
  const json = JSON.stringify(
    deployment,
    (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value),
    2,
  );
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${json}\n`);
  renameSync(temporary, file);
  return file;
}

/** The city's deployment record, or undefined if it was never deployed. Throws if the file is not a record. */
export function readDeployment(dir: string): CityDeployment | undefined {
  const file = deploymentPath(dir);
  if (!existsSync(file)) return undefined;
  const invalid = (why: string) =>
    new CitySyncError(`${file}: ${why}.`, {
      details: 'The file is written by `dpan city deploy`; deploy again with --force to rewrite it.',
    });
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw invalid(`not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const contracts = raw['contracts'] as Record<string, unknown> | undefined;
  const committees = contracts?.['committees'] as Record<string, unknown> | undefined;
  if (typeof raw['chainId'] !== 'number' || contracts === undefined || committees === undefined) {
    throw invalid('chainId, contracts or contracts.committees is missing');
  }
  const address = (record: Record<string, unknown> | undefined, key: string, path: string): Address => {
    const value = record?.[key];
    if (typeof value !== 'string') throw invalid(`${path} is not an address`);
    return getAddress(value);
  };
  const contractNames = [
    'manager',
    'forwarder',
    'accreditation',
    'credit',
    'votes',
    'issuance',
    'taskBoard',
    'governor',
    'kernel',
    'factory',
  ] as const;
  const implementationNames = [
    'accreditation',
    'credit',
    'votes',
    'issuance',
    'taskBoard',
    'committee',
    'governor',
    'kernel',
  ] as const;
  const implementations = raw['implementations'] as Record<string, unknown> | undefined;
  const vault = contracts['vault'] as Record<string, unknown> | undefined;
  const vaultNames = ['vault', 'splitter', 'lock', 'asset', 'yieldSource'] as const;
  const optional = (record: Record<string, unknown> | undefined, key: string): { [k: string]: Address } =>
    typeof record?.[key] === 'string' ? { [key]: getAddress(record[key]) } : {};
  return {
    chainId: raw['chainId'],
    rpcUrl: typeof raw['rpcUrl'] === 'string' ? raw['rpcUrl'] : undefined,
    blockNumber: BigInt(String(raw['blockNumber'] ?? 0)),
    transactionHash: String(raw['transactionHash']) as Hash,
    deployer: address(raw, 'deployer', 'deployer'),
    deployedAt: String(raw['deployedAt'] ?? ''),
    contracts: {
      ...(Object.fromEntries(contractNames.map((n) => [n, address(contracts, n, `contracts.${n}`)])) as Record<
        (typeof contractNames)[number],
        Address
      >),
      committees: Object.fromEntries(
        committeeNames.map((n) => [n, address(committees, n, `contracts.committees.${n}`)]),
      ) as CityContracts['committees'],
      ...(vault === undefined
        ? {}
        : {
            vault: Object.fromEntries(
              vaultNames.map((n) => [n, address(vault, n, `contracts.vault.${n}`)]),
            ) as NonNullable<CityContracts['vault']>,
          }),
    },
    implementations: {
      ...(Object.fromEntries(
        implementationNames.map((n) => [n, address(implementations, n, `implementations.${n}`)]),
      ) as CityImplementations),
      ...optional(implementations, 'vault'),
      ...optional(implementations, 'splitter'),
    },
  };
}
