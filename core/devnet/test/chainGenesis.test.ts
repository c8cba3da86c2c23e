import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { formatIssue, validateDocument } from '@citysync/schemas';
import { type Address, type Hex, createPublicClient, createWalletClient, fromRlp, getAddress, http } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { getCode, getStorageAt, readContract } from 'viem/actions';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type AnvilInstance, startAnvil } from '../src/anvil.js';
import { anvilGenesisArgs } from '../src/genesis/anvilGenesisArgs.js';
import { ChainGenesisInputError } from '../src/genesis/errors.js';
import { decodeQbftExtraData, encodeQbftExtraData } from '../src/genesis/extraData.js';
import { predeployAddresses } from '../src/genesis/predeploys.js';
import { type WriteBesuNetworkReturnType, writeBesuNetwork } from '../src/genesis/writeBesuNetwork.js';
import { cityDeployParameters } from '../../sdk/src/city/cityDeployParameters.js';
import { loadCity } from '../../sdk/src/city/loadCity.js';
import { deployCity } from '../../sdk/src/deploy/deployCity.js';
import { CityFactoryAbi, CommitteeAbi, CivicCreditAbi } from '../../contracts/src/generated/abis.js';

const BERKELEY = new URL('../../../examples/berkeley/', import.meta.url).pathname;
const MNEMONIC = 'test test test test test test test test test test test junk';
/** OpenZeppelin Initializable's ERC-7201 slot: `_disableInitializers()` writes uint64 max there. */
const INITIALIZABLE_SLOT = '0xf0c57e16840df040f15088dc2f81fe391c3923bec73e23a9662efc9c229c6a00';
/** ERC-1822 `proxiableUUID()`: the ERC-1967 implementation slot. */
const IMPLEMENTATION_SLOT = '0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc';
const validators: Address[] = [
  '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
  '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
  '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65',
];

const scratch = mkdtempSync(join(tmpdir(), 'chain-genesis-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function file(name: string, value: unknown): string {
  const path = join(scratch, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

describe('QBFT extraData', () => {
  it("encodes as Besu's documented QBFT genesis does", () => {
    // The 4-validator block-header-selection example of Besu's QBFT page.
    const besuExample: Address[] = [
      '0x64a702e6263b7297a96638cac6ae65e6541f4169',
      '0x3923390ad55e90c237593b3b0e401f3b08a03185',
      '0xaefdb9a738c9f433e5b6b212a6d62f6370c2f692',
      '0xc7eeb9a4e00ce683cf93039b212648e01c6c6b78',
    ];
    expect(encodeQbftExtraData(besuExample)).toBe(
      '0xf87aa00000000000000000000000000000000000000000000000000000000000000000f8549464a702e6263b7297a96638cac6ae65e6541f4169943923390ad55e90c237593b3b0e401f3b08a0318594aefdb9a738c9f433e5b6b212a6d62f6370c2f69294c7eeb9a4e00ce683cf93039b212648e01c6c6b78c080c0',
    );
  });

  it('decodes back to the validators (viem fromRlp)', () => {
    const extraData = encodeQbftExtraData(validators);
    expect(fromRlp(extraData, 'hex')).toEqual([
      `0x${'00'.repeat(32)}`,
      validators.map((v) => v.toLowerCase()),
      [],
      '0x',
      [],
    ]);
    expect(decodeQbftExtraData(extraData).validators).toEqual(validators);
  });
});

describe('writeBesuNetwork', () => {
  let network: WriteBesuNetworkReturnType;
  let out: string;

  beforeAll(async () => {
    out = join(scratch, 'network');
    // Berkeley's city.json names anvil's 31337: allowed because it is asked for explicitly.
    network = await writeBesuNetwork({
      city: BERKELEY,
      validators: file('validators.json', validators),
      out,
      chainId: 31337,
    });
  });

  it('writes the genesis, predeploys.json, a config per validator and a README', () => {
    expect(readdirSync(out).sort()).toEqual([
      'README.md',
      'genesis.json',
      'node-1',
      'node-2',
      'node-3',
      'node-4',
      'predeploys.json',
    ]);
    const config = readFileSync(join(out, 'node-2/config.toml'), 'utf8');
    expect(config).toContain('genesis-file="../genesis.json"');
    expect(config).toContain('rpc-http-host="127.0.0.1"');
    expect(config).toContain('rpc-http-api=["ETH", "NET", "QBFT", "WEB3"]');
    expect(config).toContain('min-gas-price=0');
    expect(config).toContain('p2p-port=30304');
    expect(config).toContain(validators[1]);
    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    expect(readme).toContain('qbft_proposeValidatorVote');
    expect(readme).toContain(predeployAddresses.factory);
  });

  it('writes a genesis that matches schemas/besu-genesis.schema.json, with the validators in extraData', () => {
    const genesis: unknown = JSON.parse(readFileSync(join(out, 'genesis.json'), 'utf8'));
    expect(validateDocument('besu-genesis', genesis).map(formatIssue)).toEqual([]);
    expect(genesis).toEqual(network.genesis);
    const { config, extraData, mixHash, difficulty } = network.genesis;
    expect(config).toMatchObject({
      chainId: 31337,
      berlinBlock: 0,
      londonBlock: 0,
      shanghaiTime: 0,
      cancunTime: 0,
      zeroBaseFee: true,
    });
    expect(config.qbft).toEqual({ blockperiodseconds: 2, epochlength: 30000, requesttimeoutseconds: 4 });
    expect(mixHash).toBe('0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365');
    expect(difficulty).toBe('0x1');
    expect(decodeQbftExtraData(extraData as Hex).validators).toEqual(validators);
  });

  it('funds the validators, committee members and guardians, and predeploys the factory and shared implementations', () => {
    const { alloc } = network.genesis;
    const city = loadCity(BERKELEY).config;
    for (const address of [...validators, ...city.committees.flatMap((c) => c.members), ...(city.guardians ?? [])]) {
      expect(alloc[address.toLowerCase()]?.balance).not.toBe('0x0');
    }
    const predeploys = JSON.parse(readFileSync(join(out, 'predeploys.json'), 'utf8')) as typeof network.predeploys;
    expect(predeploys).toEqual(network.predeploys);
    expect(predeploys?.factory).toBe(predeployAddresses.factory);
    for (const address of Object.values(predeployAddresses)) {
      expect(alloc[address.toLowerCase()]?.code).toMatch(/^0x[0-9a-f]{100,}$/);
    }
    expect(alloc[predeployAddresses.committee.toLowerCase()]?.storage?.[INITIALIZABLE_SLOT]).toBe(
      `0x${'0'.repeat(48)}${'f'.repeat(16)}`,
    );
  });

  it('is deterministic: the same inputs give the same genesis', async () => {
    const again = await writeBesuNetwork({ city: BERKELEY, validators, out: join(scratch, 'again'), chainId: 31337 });
    expect(readFileSync(join(scratch, 'again/genesis.json'), 'utf8')).toBe(
      readFileSync(join(out, 'genesis.json'), 'utf8'),
    );
    expect(again.files).toEqual(network.files);
  });

  describe('anvil --init loads the same allocations', () => {
    let anvil: AnvilInstance;
    beforeAll(async () => {
      // The flags anvil needs besides --init (it ignores the Besu-only fields): see anvilGenesisArgs.
      anvil = await startAnvil({ extraArgs: anvilGenesisArgs(join(out, 'genesis.json'), network.genesis) });
    });
    afterAll(async () => {
      await anvil?.stop();
    });

    it('has the chain id, the gas limit and the predeploys with their constructor storage', async () => {
      const client = createPublicClient({ chain: foundry, transport: http(anvil.rpcUrl) });
      expect(await client.getChainId()).toBe(31337);
      expect((await client.getBlock({ blockNumber: 0n })).gasLimit).toBe(BigInt(network.genesis.gasLimit));
      for (const [address, account] of Object.entries(network.genesis.alloc)) {
        if (account.code === undefined) continue;
        expect(await getCode(client, { address: getAddress(address) })).toBe(account.code);
        expect(await getStorageAt(client, { address: getAddress(address), slot: INITIALIZABLE_SLOT })).toBe(
          account.storage?.[INITIALIZABLE_SLOT] ?? `0x${'0'.repeat(64)}`,
        );
      }
      // UUPS keeps address(this) in an immutable: proxiableUUID() answers only at the address the code was built for.
      const uuid = await readContract(client, {
        address: predeployAddresses.committee,
        abi: CommitteeAbi,
        functionName: 'proxiableUUID',
      });
      expect(uuid).toBe(IMPLEMENTATION_SLOT);
    });

    it('deploys Berkeley with the predeployed factory and implementations, and the city works', async () => {
      const account = mnemonicToAccount(MNEMONIC, { addressIndex: 0 });
      const wallet = createWalletClient({ account, chain: foundry, transport: http(anvil.rpcUrl) });
      const reads = createPublicClient({ chain: foundry, transport: http(anvil.rpcUrl) });
      const { factory, implementations } = network.predeploys ?? {};
      const config = loadCity(BERKELEY).config;
      const city = await deployCity(wallet, { ...cityDeployParameters(config), factory, implementations });

      expect(city.factory).toBe(predeployAddresses.factory);
      expect(city.implementations).toMatchObject(network.predeploys?.implementations ?? {});
      const receipt = await reads.getTransactionReceipt({ hash: city.transactionHash });
      expect(receipt.gasUsed).toBeLessThan(BigInt(network.genesis.gasLimit) / 4n);
      expect(
        await readContract(reads, {
          address: factory ?? '0x',
          abi: CityFactoryAbi,
          functionName: 'predictForwarder',
          args: [account.address, 'BRKY'],
        }),
      ).toBe(city.forwarder);
      // The factory created the city's manager itself, at the address fixed by the deploying account and the ticker.
      expect(
        await readContract(reads, { address: factory ?? '0x', abi: CityFactoryAbi, functionName: 'predictManager', args: [account.address, 'BRKY'] }),
      ).toBe(city.manager);

      const accreditation = config.committees.find((c) => c.name === 'accreditation');
      for (const member of accreditation?.members ?? []) {
        const isMember = await readContract(reads, {
          address: city.committees.accreditation,
          abi: CommitteeAbi,
          functionName: 'isMember',
          args: [getAddress(member)],
        });
        expect(isMember).toBe(true);
      }
      expect(await readContract(reads, { address: city.credit, abi: CivicCreditAbi, functionName: 'symbol' })).toBe(
        'BRKY',
      );
    });
  });
});

describe('writeBesuNetwork refuses bad input and writes nothing', () => {
  const cases: { name: string; validators: unknown; chainId?: number; message: RegExp; issue?: RegExp }[] = [
    {
      name: 'an invalid address',
      validators: [validators[0], '0x1234'],
      chainId: 31337,
      message: /1 problem/,
      issue: /validators\.json#\/1: "0x1234" does not match/,
    },
    {
      name: 'a duplicate (any letter case)',
      validators: [validators[0], validators[0]?.toLowerCase()],
      chainId: 31337,
      message: /1 problem/,
      issue: /validators\.json#\/1: "0x7099.*" is already validator 0; allowed: each validator once/,
    },
    {
      name: 'an empty array',
      validators: [],
      chainId: 31337,
      message: /1 problem/,
      issue: /validators\.json#: has 0 items, fewer than the minimum 1/,
    },
    {
      name: 'not an array',
      validators: { validators },
      chainId: 31337,
      message: /1 problem/,
      issue: /validators\.json#: .* is an object, expected a list/,
    },
    {
      name: "anvil's dev chain id unless asked for",
      validators,
      message: /chain\/chainId is 31337, the embedded anvil chain's id/,
    },
    {
      name: 'a chain id other than city.json names',
      validators,
      chainId: 2026,
      message: /--chain-id 2026 differs from .*city\.json#\/chain\/chainId 31337/,
    },
  ];

  it.each(cases)('$name', async ({ validators: list, chainId, message, issue }) => {
    const dir = mkdtempSync(join(scratch, 'case-'));
    const out = join(dir, 'out');
    const path = join(dir, 'validators.json');
    writeFileSync(path, JSON.stringify(list));
    const error = await writeBesuNetwork({ city: BERKELEY, validators: path, out, chainId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChainGenesisInputError);
    expect((error as ChainGenesisInputError).shortMessage).toMatch(message);
    if (issue !== undefined)
      expect((error as ChainGenesisInputError).issues.map(formatIssue).join('\n')).toMatch(issue);
    expect(existsSync(out)).toBe(false);
  });

  it('a non-empty --out without force; with force, replaces the generated files and keeps the others', async () => {
    const out = join(scratch, 'occupied');
    mkdirSync(join(out, 'node-1'), { recursive: true });
    writeFileSync(join(out, 'node-1/key'), 'the operator key');
    const refused = await writeBesuNetwork({
      city: BERKELEY,
      validators,
      out,
      chainId: 31337,
      predeploys: false,
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ChainGenesisInputError);
    expect((refused as ChainGenesisInputError).shortMessage).toMatch(/is not empty/);
    expect(existsSync(join(out, 'genesis.json'))).toBe(false);

    await writeBesuNetwork({ city: BERKELEY, validators, out, chainId: 31337, predeploys: false, force: true });
    expect(readFileSync(join(out, 'node-1/key'), 'utf8')).toBe('the operator key');
    expect(existsSync(join(out, 'node-1/config.toml'))).toBe(true);
    expect(existsSync(join(out, 'predeploys.json'))).toBe(false);
  });

  it('a city file that fails its schema, naming the file and the pointer', async () => {
    const dir = join(scratch, 'bad-city');
    mkdirSync(dir);
    const text = readFileSync(join(BERKELEY, 'city.json'), 'utf8').replace('"ticker": "BRKY"', '"ticker": "brky"');
    writeFileSync(join(dir, 'city.json'), text);
    writeFileSync(join(dir, 'governance.json'), readFileSync(join(BERKELEY, 'governance.json')));
    const error = await writeBesuNetwork({
      city: join(dir, 'city.json'),
      validators,
      out: join(dir, 'out'),
      chainId: 31337,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChainGenesisInputError);
    expect((error as ChainGenesisInputError).issues.map(formatIssue)).toContainEqual(
      expect.stringMatching(/city\.json#\/ticker: "brky" does not match/),
    );
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
