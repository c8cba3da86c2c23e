// The production rehearsal's chain on a real anvil: started from a `dpan chain genesis` genesis (writeBesuNetwork,
// what the command runs) with a block a second, no dev accounts and base fee 0, behind the filter that refuses
// anvil's own methods as Besu would. A keystore account made by the real `cast` and holding no ether deploys a city
// through the predeployed factory with zero fees.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type Address, createPublicClient, createWalletClient, defineChain, http } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { foundryBinary } from '@citysync/contracts/foundry-tool';
import { zeroFeeChain } from '@citysync/sdk';
import { cityDeployParameters } from '../../sdk/src/city/cityDeployParameters.js';
import { loadCity } from '../../sdk/src/city/loadCity.js';
import { deployCity } from '../../sdk/src/deploy/deployCity.js';
import { keystoreAccount } from '../../sdk/src/accounts/keystore.js';
import type { AnvilInstance } from '../src/anvil.js';
import { type WriteBesuNetworkReturnType, writeBesuNetwork } from '../src/genesis/writeBesuNetwork.js';
import { predeployAddresses } from '../src/genesis/predeploys.js';
import { startGenesisAnvil } from '../src/genesis/startGenesisAnvil.js';
import { type RpcFilterProxy, RpcFilterProxyError, startRpcFilterProxy } from '../src/rpcFilterProxy.js';

const BERKELEY = new URL('../../../examples/berkeley/', import.meta.url).pathname;
const CHAIN_ID = 4801;
const validators: Address[] = [
  '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
  '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
  '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65',
];

const scratch = mkdtempSync(join(tmpdir(), 'rehearsal-chain-'));

/** One JSON-RPC POST (a call or a batch), answered as parsed JSON. */
async function rpc(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return await response.json();
}

describe('the rehearsal chain: genesis anvil behind the RPC filter', () => {
  let network: WriteBesuNetworkReturnType;
  let anvil: AnvilInstance;
  let filter: RpcFilterProxy;
  const cityDir = join(scratch, 'city');

  beforeAll(async () => {
    cpSync(BERKELEY, cityDir, { recursive: true });
    rmSync(join(cityDir, '.citysync'), { recursive: true, force: true });
    const config = join(cityDir, 'city.json');
    writeFileSync(config, readFileSync(config, 'utf8').replace('"chainId": 31337', `"chainId": ${CHAIN_ID}`));
    network = await writeBesuNetwork({ city: cityDir, validators, out: join(scratch, 'network'), chainId: CHAIN_ID });
    anvil = await startGenesisAnvil({ genesisPath: join(scratch, 'network', 'genesis.json') });
    filter = await startRpcFilterProxy({ target: anvil.rpcUrl });
  });
  afterAll(async () => {
    await filter?.stop();
    await anvil?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('has the genesis chain id and predeploys, no dev accounts, base fee 0 and a block a second', async () => {
    const client = createPublicClient({ transport: http(filter.url) });
    expect(await client.getChainId()).toBe(CHAIN_ID);
    expect(await client.getCode({ address: predeployAddresses.factory })).toBe(
      network.genesis.alloc[predeployAddresses.factory.toLowerCase()]?.code,
    );
    expect(await rpc(filter.url, { jsonrpc: '2.0', id: 1, method: 'eth_accounts', params: [] })).toEqual({ jsonrpc: '2.0', id: 1, result: [] });
    const first = await client.getBlock();
    expect(first.baseFeePerGas).toBe(0n);
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    const later = await client.getBlock();
    expect(later.number - first.number).toBeGreaterThanOrEqual(2n);
    expect(later.baseFeePerGas).toBe(0n);
  });

  it('refuses anvil_, evm_ and hardhat_ methods with -32601, alone and in a batch, and anvil never sees them', async () => {
    const before = filter.counts();
    const poor = '0x000000000000000000000000000000000000dEaD';
    for (const [method, params] of [
      ['anvil_setBalance', [poor, '0xde0b6b3a7640000']],
      ['evm_increaseTime', [3600]],
      ['evm_mine', []],
      ['hardhat_impersonateAccount', [poor]],
    ] as const) {
      expect(await rpc(filter.url, { jsonrpc: '2.0', id: 7, method, params })).toEqual({
        jsonrpc: '2.0',
        id: 7,
        error: { code: -32601, message: 'Method not found' },
      });
    }
    const batch = (await rpc(filter.url, [
      { jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] },
      { jsonrpc: '2.0', id: 2, method: 'anvil_mine', params: ['0x64'] },
      { jsonrpc: '2.0', id: 3, method: 'eth_getBalance', params: [poor, 'latest'] },
    ])) as { id: number; result?: string; error?: { code: number } }[];
    expect(batch.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(batch[0]?.result).toBe(`0x${CHAIN_ID.toString(16)}`);
    expect(batch[1]?.error?.code).toBe(-32601);
    // Had anvil_setBalance reached anvil, the account would hold an ether.
    expect(batch[2]?.result).toBe('0x0');
    // The same methods straight to anvil do work: the filter, not anvil, refused them.
    expect(await rpc(anvil.rpcUrl, { jsonrpc: '2.0', id: 1, method: 'anvil_nodeInfo', params: [] })).toHaveProperty('result');

    const after = filter.counts();
    const added = (from: Record<string, number>, to: Record<string, number>) =>
      Object.fromEntries(Object.entries(to).map(([m, n]) => [m, n - (from[m] ?? 0)]).filter(([, n]) => n !== 0));
    expect(added(before.refused, after.refused)).toEqual({
      anvil_setBalance: 1,
      evm_increaseTime: 1,
      evm_mine: 1,
      hardhat_impersonateAccount: 1,
      anvil_mine: 1,
    });
    expect(added(before.forwarded, after.forwarded)).toEqual({ eth_chainId: 1, eth_getBalance: 1 });
  });

  it('answers a malformed body with a parse error and refuses a target off the loopback', async () => {
    const response = await fetch(filter.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"jsonrpc":' });
    expect(await response.json()).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
    await expect(startRpcFilterProxy({ target: 'http://10.0.0.1:8545' })).rejects.toBeInstanceOf(RpcFilterProxyError);
  });

  it('a keystore account cast made, with no ether, deploys a city through the predeployed factory with zero fees', async () => {
    const refusedBefore = filter.counts().refused;
    const { binary } = foundryBinary('cast');
    if (binary === undefined) throw new Error('@foundry-rs/cast is not installed (npm install)');
    const keys = join(scratch, 'keys');
    mkdirSync(keys);
    execFileSync(binary, ['wallet', 'new', keys, 'deployer', '--unsafe-password', 'rehearsal']);
    const account = keystoreAccount({ path: join(keys, 'deployer'), password: 'rehearsal' });
    const base = defineChain({
      id: CHAIN_ID,
      name: 'rehearsal',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [filter.url] } },
    });
    const transport = http(filter.url, { retryCount: 0 });
    const reads = createPublicClient({ chain: base, transport, pollingInterval: 100 });
    expect(await reads.getBalance({ address: account.address })).toBe(0n);

    // viem's own fee estimate adds the node's suggested priority fee, which an account with no ether cannot pay.
    const unset = createWalletClient({ account, chain: base, transport });
    await expect(unset.sendTransaction({ to: account.address, value: 0n })).rejects.toThrow(/insufficient funds/i);

    const chain = await zeroFeeChain(reads);
    const wallet = createWalletClient({ account, chain, transport, pollingInterval: 100 });
    const hash = await wallet.sendTransaction({ to: account.address, value: 0n });
    const receipt = await reads.waitForTransactionReceipt({ hash });
    expect(receipt).toMatchObject({ status: 'success', effectiveGasPrice: 0n });

    const { factory, implementations } = network.predeploys ?? {};
    const city = await deployCity(wallet, { ...cityDeployParameters(loadCity(cityDir).config), factory, implementations });
    expect(city.factory).toBe(predeployAddresses.factory);
    expect(await reads.getCode({ address: city.taskBoard })).not.toBe(undefined);
    expect(await reads.getBalance({ address: account.address })).toBe(0n);
    // Everything the deploy needed went through the filter, and none of it was a dev-only method.
    expect(filter.counts().forwarded['eth_sendRawTransaction']).toBeGreaterThan(1);
    expect(filter.counts().refused).toEqual(refusedBefore);
  });
});
