// openCity: a deployed city reopened from its directory alone, on its running embedded chain or a given RPC URL;
// a wrong URL, no chain and no deployment each fail with their error.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { createWalletClient, http } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CivicCreditAbi } from '@citysync/contracts';
import { getFreePort, openCity, startAnvil, startEmbeddedChain, type AnvilInstance, type EmbeddedChain } from '@citysync/devnet';
import {
  CityChainMismatchError,
  CityChainNotFoundError,
  CityContractsMissingError,
  CityNotDeployedError,
} from '@citysync/sdk';
import { deployCityFromConfig, type CityDeployment } from '@citysync/sdk/node';

const MNEMONIC = 'test test test test test test test test test test test junk';
const fixture = fileURLToPath(new URL('../../../test/fixtures/city', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'citysync-open-city-'));
const cityDir = join(root, 'testburg');
let chain: EmbeddedChain;
let deployment: CityDeployment;

beforeAll(async () => {
  cpSync(fixture, cityDir, { recursive: true });
  chain = await startEmbeddedChain({ cityDir });
  const wallet = createWalletClient({
    account: mnemonicToAccount(MNEMONIC, { addressIndex: 0 }),
    chain: foundry,
    transport: http(chain.rpcUrl),
  });
  ({ deployment } = await deployCityFromConfig({ dir: cityDir, wallet }));
});

afterAll(async () => {
  await chain?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('openCity', () => {
  it('opens the deployed city on its running embedded chain, without an RPC URL', async () => {
    const city = await openCity({ dir: cityDir });
    expect(city.rpcUrl).toBe(chain.rpcUrl);
    expect(city.chain.id).toBe(31_337);
    expect(city.city).toEqual(deployment.contracts);
    expect(city.config.name).toBe('Testburg');
    const symbol = await city.publicClient.readContract({
      address: city.city.credit,
      abi: CivicCreditAbi,
      functionName: 'symbol',
    });
    expect(symbol).toBe('TSTB');
  });

  it('a wrong --rpc fails clearly: no contracts there, or no chain answering', async () => {
    let other: AnvilInstance | undefined;
    try {
      other = await startAnvil();
      const missing = await openCity({ dir: cityDir, rpcUrl: other.rpcUrl }).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(CityContractsMissingError);
      expect((missing as CityContractsMissingError).missing).toContain('taskBoard');
      expect((missing as Error).message).toContain(other.rpcUrl);
    } finally {
      await other?.stop();
    }
    const silent = `http://127.0.0.1:${await getFreePort()}`;
    const nothing = await openCity({ dir: cityDir, rpcUrl: silent }).catch((e: unknown) => e);
    expect(nothing).toBeInstanceOf(CityChainMismatchError);
    expect((nothing as Error).message).toMatch(/No chain answers at .*dpan chain start/s);
  });

  it('without a running chain or an RPC URL: CityChainNotFoundError; without a deployment: CityNotDeployedError', async () => {
    const undeployed = join(root, 'undeployed');
    cpSync(fixture, undeployed, { recursive: true });
    const notDeployed = await openCity({ dir: undeployed, rpcUrl: chain.rpcUrl }).catch((e: unknown) => e);
    expect(notDeployed).toBeInstanceOf(CityNotDeployedError);
    expect((notDeployed as Error).message).toContain('dpan city deploy');

    const copy = join(root, 'copied');
    cpSync(cityDir, copy, { recursive: true });
    rmSync(join(copy, '.citysync', 'chain'), { recursive: true, force: true });
    const noChain = await openCity({ dir: copy }).catch((e: unknown) => e);
    expect(noChain).toBeInstanceOf(CityChainNotFoundError);
    expect((noChain as Error).message).toMatch(/dpan chain start.*--rpc/s);
  });
});
