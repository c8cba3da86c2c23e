import { type Address, type Hash, type TransactionReceipt, encodeFunctionData, erc20Abi } from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { CityVaultAbi } from '@citysync/contracts';
import { firstEventOf, sendCall } from '../internal/send.js';
import type { CityWalletClient } from '../types/client.js';
import { type VaultCity, vaultOf } from './vaultOf.js';

export type DonateToVaultParameters = {
  /** In the asset's smallest unit (`parseUnits("2500.50", decimals)`). */
  amount: bigint;
  /** Who holds the shares (whose stake the donor statement reports). Default: the client's account. */
  receiver?: Address | undefined;
  /** Shown on the donor statement, e.g. "in memory of ...": at most 280 bytes. */
  dedication?: string | undefined;
};

export type DonateToVaultReturnType = {
  /** Donor shares minted to the receiver (non-transferable). */
  shares: bigint;
  /** The principal after this gift. */
  principalAfter: bigint;
  /** The donate transaction (after the approval). */
  hash: Hash;
  approvalHash: Hash;
  receipt: TransactionReceipt;
};

/** `CityVaultZeroAssets`, `CityVaultZeroShares`, `CityVaultDedicationTooLong`, the asset's `ERC20InsufficientBalance`. */
export type DonateToVaultErrorType = CityWriteErrorType;

/**
 * Gives `amount` of the asset to the city's endowment for ever: approves exactly that amount (no standing
 * allowance is left behind), then calls `donate`. The principal can never be withdrawn.
 */
export async function donateToVault(
  client: CityWalletClient,
  city: VaultCity,
  parameters: DonateToVaultParameters,
): Promise<DonateToVaultReturnType> {
  const { vault, asset } = vaultOf(city);
  const { amount, receiver = client.account.address, dedication = '' } = parameters;
  const approval = await sendCall(client, {
    to: asset,
    data: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [vault, amount] }),
    functionName: 'approve',
  });
  const receipt = await sendCall(client, {
    to: vault,
    data: encodeFunctionData({ abi: CityVaultAbi, functionName: 'donate', args: [amount, receiver, dedication] }),
    functionName: 'donate',
  });
  const { shares, principalAfter } = firstEventOf(receipt, CityVaultAbi, 'Donated', vault).args;
  return { shares, principalAfter, hash: receipt.transactionHash, approvalHash: approval.transactionHash, receipt };
}
