import { type Address, type Hash, type Hex, encodeFunctionData } from 'viem';
import { getCode } from 'viem/actions';

import type { CityWriteErrorType } from '../errors/contract.js';
import { TestDollarAbi, TestDollarBytecode, TestYieldVaultAbi, TestYieldVaultBytecode } from '@citysync/contracts';
import { sendCall } from '../internal/send.js';
import type { CityVaultContracts } from '../types/city.js';
import type { CityReadClient, CityWalletClient } from '../types/client.js';
import { VaultNotTestAssetError } from './errors.js';
import { type VaultCity, vaultOf } from './vaultOf.js';

/** A PUSH32 of an immutable in runtime code: zeros in the compiled template, the value once deployed. */
const IMMUTABLE = `7f${'0'.repeat(64)}`;

/**
 * Whether `deployed` is the runtime code of `creation`. solc appends the runtime code (metadata included) at the
 * end of the creation code, with each immutable as a zeroed PUSH32; the same places are zeroed in the deployed
 * code before comparing, so a contract's constructor arguments (the Test Dollar the yield vault wraps) don't matter.
 */
function isRuntimeOf(deployed: Hex | undefined, creation: Hex): boolean {
  if (deployed === undefined || deployed.length <= 2) return false;
  const code = deployed.slice(2).toLowerCase();
  const creationCode = creation.slice(2).toLowerCase();
  if (code.length > creationCode.length) return false;
  const template = creationCode.slice(creationCode.length - code.length);
  let masked = code;
  for (let at = template.indexOf(IMMUTABLE); at !== -1; at = template.indexOf(IMMUTABLE, at + 2)) {
    if (at % 2 !== 0) continue; // not on a byte boundary
    masked = masked.slice(0, at) + IMMUTABLE + masked.slice(at + IMMUTABLE.length);
  }
  return masked === template;
}

/**
 * Whether the vault's asset is the Test Dollar and its yield source the controllable TestYieldVault, read from
 * their code on chain (not from a name anyone could give a real token): only then may anyone mint or accrue yield.
 */
export async function isTestAsset(client: CityReadClient, vault: Pick<CityVaultContracts, 'asset' | 'yieldSource'>): Promise<boolean> {
  const [asset, yieldSource] = await Promise.all([
    getCode(client, { address: vault.asset }),
    getCode(client, { address: vault.yieldSource }),
  ]);
  return isRuntimeOf(asset, TestDollarBytecode) && isRuntimeOf(yieldSource, TestYieldVaultBytecode);
}

async function testVaultOf(client: CityWalletClient, city: VaultCity, what: string): Promise<CityVaultContracts> {
  const vault = vaultOf(city);
  if (!(await isTestAsset(client, vault))) throw new VaultNotTestAssetError(what);
  return vault;
}

export type MintTestDollarsParameters = {
  /** In the asset's smallest unit (6 decimals). */
  amount: bigint;
  /** Default: the client's account. */
  to?: Address | undefined;
};

/** {@link VaultNotTestAssetError} on a real asset (nothing sent). */
export type TestAssetErrorType = VaultNotTestAssetError | CityWriteErrorType;

/** Mints Test Dollars (demo and test cities only): a donor needs some to give. */
export async function mintTestDollars(
  client: CityWalletClient,
  city: VaultCity,
  parameters: MintTestDollarsParameters,
): Promise<{ hash: Hash }> {
  const { asset } = await testVaultOf(client, city, 'Minting');
  const { amount, to = client.account.address } = parameters;
  const receipt = await sendCall(client, {
    to: asset,
    data: encodeFunctionData({ abi: TestDollarAbi, functionName: 'mint', args: [to, amount] }),
    functionName: 'mint',
  });
  return { hash: receipt.transactionHash };
}

/**
 * Simulates yield (demo and test cities only): `amount` new Test Dollars appear in the yield source, shared by its
 * holders pro rata, so the vault's value rises above its principal by its part of them (all of it when the vault
 * is the only holder).
 */
export async function accrueTestYield(
  client: CityWalletClient,
  city: VaultCity,
  parameters: { amount: bigint },
): Promise<{ hash: Hash }> {
  const { yieldSource } = await testVaultOf(client, city, 'Accruing yield');
  const receipt = await sendCall(client, {
    to: yieldSource,
    data: encodeFunctionData({ abi: TestYieldVaultAbi, functionName: 'accrueYield', args: [parameters.amount] }),
    functionName: 'accrueYield',
  });
  return { hash: receipt.transactionHash };
}
