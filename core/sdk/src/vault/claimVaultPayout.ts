import { type Address, type Hash, type TransactionReceipt, encodeFunctionData } from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { YieldSplitterAbi } from '@citysync/contracts';
import { firstEventOf, sendCall } from '../internal/send.js';
import type { CityWalletClient } from '../types/client.js';
import { type VaultCity, vaultOf } from './vaultOf.js';

export type ClaimVaultPayoutParameters = {
  /** The budget line's purpose; the client's account is its recipient. */
  purpose: string;
  /** Where to send the payment (an address that accepts the asset); defaults to the recipient itself. */
  to?: Address | undefined;
};

export type ClaimVaultPayoutReturnType = { amount: bigint; to: Address; hash: Hash; receipt: TransactionReceipt };

/** `YieldSplitterNothingToClaim` when the account has no refused payment on that line. */
export type ClaimVaultPayoutErrorType = CityWriteErrorType;

/**
 * Claims the payments a budget line's recipient refused (its transfer reverted, so a harvest kept them in the
 * splitter instead of blocking the other lines), sent to `to`.
 *
 * @example
 * const { amount } = await claimVaultPayout(recipient, city, { purpose: 'emergency backstop', to: treasury });
 */
export async function claimVaultPayout(
  client: CityWalletClient,
  city: VaultCity,
  parameters: ClaimVaultPayoutParameters,
): Promise<ClaimVaultPayoutReturnType> {
  const { splitter } = vaultOf(city);
  const to = parameters.to ?? client.account.address;
  const receipt = await sendCall(client, {
    to: splitter,
    data: encodeFunctionData({ abi: YieldSplitterAbi, functionName: 'claim', args: [parameters.purpose, to] }),
    functionName: 'claim',
  });
  const { amount } = firstEventOf(receipt, YieldSplitterAbi, 'Claimed', splitter).args;
  return { amount, to, hash: receipt.transactionHash, receipt };
}
