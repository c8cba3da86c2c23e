// A city from its directory: city.json + governance.json validated, mapped to deployCity's parameters, deployed
// onto the city's embedded chain with the record in .citysync/deployment.json; the refusals (already deployed,
// wrong chain, an invalid config) each with their error. Reopening it: core/devnet/test/openCity.test.ts.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { createWalletClient, getAddress, http } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmbeddedChain, type EmbeddedChain } from '@citysync/devnet';
import {
  CityAlreadyDeployedError,
  CityChainMismatchError,
  CityConfigNotFoundError,
  SchemaValidationError,
  cityDeployParameters,
  type CityWalletClient,
} from '@citysync/sdk';
import { deployCityFromConfig, loadCity, readDeployment, type CityDeployment } from '@citysync/sdk/node';

const MNEMONIC = 'test test test test test test test test test test test junk';
const fixture = fileURLToPath(new URL('../../../test/fixtures/city', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'citysync-city-'));
const cityDir = join(root, 'testburg');
let chain: EmbeddedChain;
let wallet: CityWalletClient;
let deployment: CityDeployment;

beforeAll(async () => {
  cpSync(fixture, cityDir, { recursive: true });
  chain = await startEmbeddedChain({ cityDir });
  wallet = createWalletClient({
    account: mnemonicToAccount(MNEMONIC, { addressIndex: 0 }),
    chain: foundry,
    transport: http(chain.rpcUrl),
  });
});

afterAll(async () => {
  await chain?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** A copy of the fixture in a fresh directory, edited by `edit`. */
function variant(name: string, edit: (cityJson: string) => string): string {
  const dir = join(root, name);
  cpSync(fixture, dir, { recursive: true });
  writeFileSync(join(dir, 'city.json'), edit(readFileSync(join(dir, 'city.json'), 'utf8')));
  return dir;
}

describe('loadCity and cityDeployParameters', () => {
  it('reads city.json (JSONC) and its governance parameters, and maps them to deployCity parameters', () => {
    const { config, governance, dir, governancePath } = loadCity(cityDir);
    expect(dir).toBe(cityDir);
    expect(governancePath).toBe(join(cityDir, 'governance.json'));
    expect(config.ticker).toBe('TSTB');
    expect(Object.keys(governance.parameters)).toContain('health.creditUseEfficiency.green');
    expect(loadCity(join(cityDir, 'city.json')).config).toEqual(config);

    const p = cityDeployParameters(config);
    expect(p).toMatchObject({
      name: 'Testburg',
      symbol: 'TSTB',
      periodLength: 604_800,
      coverage: { ratioBps: 8_000, minBps: 5_000, maxBps: 10_000 },
      rateBounds: { min: 1n, max: 100n },
      priceBounds: { min: 1n, max: 500n },
      governor: { votingDelay: 3_600, votingPeriod: 259_200, proposalThreshold: 1n, quorumPercent: 4 },
      budgets: [{ module: '@citysync/dpan-general-economy', perPeriod: 100_000n, policy: 'open' }],
    });
    const upgrades = config.committees.find((c) => c.name === 'upgrades')!;
    expect(p.committees.upgrades).toEqual({
      members: upgrades.members.map((m) => getAddress(m)),
      threshold: upgrades.threshold,
      delaySeconds: upgrades.delaySeconds,
    });
  });

  it('the Berkeley example maps too (BRKY, the six committees)', () => {
    const { config } = loadCity(fileURLToPath(new URL('../../../examples/berkeley', import.meta.url)));
    const p = cityDeployParameters(config);
    expect(p.symbol).toBe('BRKY');
    expect(Object.keys(p.committees).sort()).toEqual([
      'accreditation',
      'issuance',
      'modules',
      'rates',
      'upgrades',
      'vault',
    ]);
  });

  it('an invalid config fails with SchemaValidationError naming file#/pointer; a missing one with CityConfigNotFoundError', () => {
    const dir = variant('bad-threshold', (json) => json.replace('"threshold": 2', '"threshold": 5'));
    let error: unknown;
    try {
      loadCity(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SchemaValidationError);
    expect((error as SchemaValidationError).details).toMatch(/city\.json#\/committees\/0\/threshold: /);
    expect(() => loadCity(join(root, 'nowhere'))).toThrow(CityConfigNotFoundError);
  });
});

describe('deployCityFromConfig', () => {
  it('deploys the config and records the deployment (bigint-safe JSON)', async () => {
    const steps: string[] = [];
    const result = await deployCityFromConfig({ dir: cityDir, wallet, onStep: (step) => steps.push(step) });
    deployment = result.deployment;
    expect(steps.at(-1)).toBe('deployCity');
    expect(result.path).toBe(join(cityDir, '.citysync', 'deployment.json'));
    const raw = JSON.parse(readFileSync(result.path, 'utf8')) as Record<string, unknown>;
    expect(raw).toMatchObject({ chainId: 31_337, rpcUrl: chain.rpcUrl, blockNumber: String(deployment.blockNumber) });
    expect(readDeployment(cityDir)).toEqual(deployment);
    expect(Object.keys(deployment.contracts.committees)).toHaveLength(6);
    expect(deployment.deployer).toBe(wallet.account.address);
  });

  it('refuses a second deployment on the same chain (CityAlreadyDeployedError) unless forced', async () => {
    const error = await deployCityFromConfig({ dir: cityDir, wallet }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CityAlreadyDeployedError);
    expect((error as Error).message).toMatch(/--force.*fresh directory/s);

    const forced = await deployCityFromConfig({ dir: cityDir, wallet, force: true });
    expect(forced.deployment.contracts.taskBoard).not.toBe(deployment.contracts.taskBoard);
    deployment = forced.deployment;
    expect(readDeployment(cityDir)?.contracts.taskBoard).toBe(deployment.contracts.taskBoard);
  });

  it("refuses a chain other than the config's chain.chainId, before deploying anything", async () => {
    const dir = variant('other-chain', (json) => json.replace('"chainId": 31337', '"chainId": 10'));
    const error = await deployCityFromConfig({ dir, wallet }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CityChainMismatchError);
    expect((error as Error).message).toMatch(/city\.json#\/chain\/chainId: 10, but the chain .* is 31337/);
    expect(readDeployment(dir)).toBeUndefined();
  });
});
