// dpan chain genesis through the real binary: exit codes, what it writes, and dpan city deploy --predeploys on it.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { BesuGenesis } from '@citysync/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type AnvilInstance, startAnvil } from '../../devnet/src/anvil.js';
import { anvilGenesisArgs } from '../../devnet/src/genesis/anvilGenesisArgs.js';
import { predeployAddresses } from '../../devnet/src/genesis/predeploys.js';
import type { ChainGenesisResult } from '../src/commands/chain.js';
import { dpan, dpanJson } from '../../../test/utils/dpan.js';

const BERKELEY = new URL('../../../examples/berkeley/', import.meta.url).pathname;
/** anvil's dev account 0: funded by anvil itself, not by the genesis. */
const DEV_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const validators = ['0x70997970C51812dc3A010C7d01b50e0d17dc79C8', '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'];

const scratch = mkdtempSync(join(tmpdir(), 'chain-genesis-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function validatorsFile(name: string, value: unknown): string {
  const path = join(scratch, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

describe('dpan chain genesis', () => {
  const out = join(scratch, 'network');

  it('has help with examples, and a missing --validators is a usage error (exit 2)', async () => {
    const help = await dpan('chain', 'genesis', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(
      '$ dpan chain genesis --city oakland --validators validators.json --out oakland-chain',
    );
    const missing = await dpan('chain', 'genesis', '--out', join(scratch, 'missing'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--validators <file>' not specified");
  });
  let result: ChainGenesisResult;

  beforeAll(async () => {
    result = await dpanJson<ChainGenesisResult>(
      ...['chain', 'genesis', '--city', BERKELEY, '--validators', validatorsFile('validators.json', validators)],
      ...['--out', out, '--chain-id', '31337', '--block-period', '5'],
    );
  });

  it('exits 0 and writes the network', () => {
    expect(result).toMatchObject({ out, chainId: 31337, validators, blockPeriodSeconds: 5 });
    expect(result.files).toEqual([
      'genesis.json',
      'predeploys.json',
      'node-1/config.toml',
      'node-2/config.toml',
      'README.md',
    ]);
    expect(result.predeploys?.factory).toBe(predeployAddresses.factory);
    const genesis = JSON.parse(readFileSync(join(out, 'genesis.json'), 'utf8')) as { config: { qbft: unknown } };
    expect(genesis.config.qbft).toEqual({ blockperiodseconds: 5, epochlength: 30000, requesttimeoutseconds: 10 });
  });

  it('exits 2 on a bad validators file, naming the file and the pointer, and writes nothing', async () => {
    const bad = validatorsFile('twice.json', [validators[0], validators[0]]);
    const target = join(scratch, 'not-written');
    const run = await dpan(
      'chain',
      'genesis',
      '--city',
      BERKELEY,
      '--validators',
      bad,
      '--out',
      target,
      '--chain-id',
      '31337',
      '--json',
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${bad}#/1: "${validators[0]}" is already validator 0; allowed: each validator once`);
    expect((JSON.parse(run.stdout) as { error: { name: string; issues: unknown[] } }).error).toMatchObject({
      name: 'ChainGenesisUsageError',
      issues: [expect.objectContaining({ pointer: '/1' })],
    });
    expect(existsSync(target)).toBe(false);
  });

  it("exits 2 on anvil's dev chain id unless asked for, on a non-empty --out and on a bad --block-period", async () => {
    const genesis = (into: string, ...more: string[]) =>
      dpan(
        'chain',
        'genesis',
        '--city',
        BERKELEY,
        '--validators',
        join(scratch, 'validators.json'),
        '--out',
        into,
        ...more,
      );
    const dev = await genesis(join(scratch, 'dev'));
    expect(dev.code).toBe(2);
    expect(dev.stderr).toMatch(/chain\/chainId is 31337.*\n.*--chain-id 31337/);
    const full = await genesis(out, '--chain-id', '31337');
    expect(full.code).toBe(2);
    expect(full.stderr).toMatch(/is not empty/);
    const period = await genesis(join(scratch, 'p'), '--block-period', '0');
    expect(period.code).toBe(2);
    expect(period.stderr).toMatch(/--block-period must be at least 1/);
  });

  describe('dpan city deploy --predeploys on a chain started from the genesis', () => {
    let anvil: AnvilInstance;
    let plain: AnvilInstance;
    const cityDir = join(scratch, 'berkeley');

    beforeAll(async () => {
      cpSync(BERKELEY, cityDir, { recursive: true });
      rmSync(join(cityDir, '.citysync'), { recursive: true, force: true });
      const genesisPath = join(out, 'genesis.json');
      const genesis = JSON.parse(readFileSync(genesisPath, 'utf8')) as BesuGenesis;
      [anvil, plain] = await Promise.all([
        startAnvil({ extraArgs: anvilGenesisArgs(genesisPath, genesis) }),
        startAnvil(),
      ]);
    });
    afterAll(async () => {
      await Promise.all([anvil?.stop(), plain?.stop()]);
    });

    it('deploys the city with the predeployed factory and implementations (exit 0)', async () => {
      const deployed = await dpanJson<{
        deployment: { contracts: { factory: string }; implementations: Record<string, string> };
      }>(
        ...['city', 'deploy', '--city', cityDir, '--rpc', anvil.rpcUrl, '--private-key', DEV_KEY],
        ...['--predeploys', join(out, 'predeploys.json')],
      );
      expect(deployed.deployment.contracts.factory).toBe(predeployAddresses.factory);
      expect(deployed.deployment.implementations).toMatchObject(result.predeploys?.implementations ?? {});
      const health = await dpan('health', '--city', cityDir, '--rpc', anvil.rpcUrl, '--json');
      expect(health.code).toBe(0);
    });

    it('exits 2 when the chain has no predeploys', async () => {
      const run = await dpan(
        ...['city', 'deploy', '--city', cityDir, '--rpc', plain.rpcUrl, '--private-key', DEV_KEY, '--force'],
        ...['--predeploys', join(out, 'predeploys.json')],
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        `No contract at ${predeployAddresses.factory} (factory in ${join(out, 'predeploys.json')}) on this chain.`,
      );
    });
  });
});
