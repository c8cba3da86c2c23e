import { existsSync, readFileSync } from 'node:fs';

import { type Address, getAddress, isAddress } from 'viem';
import { getCode } from 'viem/actions';

import type { SharedCityImplementations } from '@citysync/sdk';
import type { CityReadClient } from '@citysync/sdk';
import { PredeploysFileError } from './errors.js';

export type PredeployedCityContracts = { factory: Address; implementations: Partial<SharedCityImplementations> };

const asAddress = (value: unknown, where: string, path: string): Address => {
  if (typeof value !== 'string' || !isAddress(value, { strict: false })) {
    throw new PredeploysFileError(`${path}#${where}: ${JSON.stringify(value)} is not an address.`, {
      details: 'Use the predeploys.json dpan chain genesis wrote for this chain, unchanged.',
    });
  }
  return getAddress(value);
};

/**
 * The factory and implementations of a predeploys.json (`dpan chain genesis`), checked to have code on the chain
 * the client reads: a chain not started from that genesis fails here, before any transaction.
 */
export async function readPredeploys(path: string, client: CityReadClient): Promise<PredeployedCityContracts> {
  if (!existsSync(path))
    throw new PredeploysFileError(`No predeploys file at ${path}.`, {
      details: 'dpan chain genesis writes it beside genesis.json.',
    });
  let parsed: { factory?: unknown; implementations?: unknown };
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as typeof parsed;
  } catch (error) {
    throw new PredeploysFileError(`${path} is not JSON.`, { cause: error });
  }
  const factory = asAddress(parsed.factory, '/factory', path);
  const entries = Object.entries(
    typeof parsed.implementations === 'object' && parsed.implementations !== null ? parsed.implementations : {},
  );
  const implementations = Object.fromEntries(
    entries.map(([name, address]) => [name, asAddress(address, `/implementations/${name}`, path)]),
  ) as Partial<SharedCityImplementations>;
  for (const [name, address] of [['factory', factory], ...Object.entries(implementations)] as [string, Address][]) {
    const code = await getCode(client, { address });
    if (code === undefined || code === '0x') {
      throw new PredeploysFileError(`No contract at ${address} (${name} in ${path}) on this chain.`, {
        details: 'Was the chain started from the genesis.json beside it? Check --rpc, or deploy without --predeploys.',
      });
    }
  }
  return { factory, implementations };
}
