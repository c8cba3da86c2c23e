import { type Address, type Hash, type TransactionReceipt, encodeFunctionData } from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { CityVaultAbi, YieldSplitterAbi } from '@citysync/contracts';
import { eventsOf, sendCall } from '../internal/send.js';
import type { CityWalletClient } from '../types/client.js';
import { type VaultCity, vaultOf } from './vaultOf.js';

/** One budget line paid by a harvest (the splitter's `Payout`). */
export type VaultPayout = { line: bigint; recipient: Address; purpose: string; period: bigint; amount: bigint };

export type HarvestVaultReturnType = {
  /** Yield moved to the splitter (0 when there was none). */
  harvested: bigint;
  /** Lines paid, within their caps; what a cap held back stays owed in the splitter. */
  payouts: VaultPayout[];
  hash: Hash;
  receipt: TransactionReceipt;
};

export type HarvestVaultErrorType = CityWriteErrorType;

/**
 * Harvests the yield above the principal into the splitter and has it pay the budget lines. Anyone may call it;
 * the caller gains nothing.
 */
export async function harvestVault(client: CityWalletClient, city: VaultCity): Promise<HarvestVaultReturnType> {
  const { vault, splitter } = vaultOf(city);
  const receipt = await sendCall(client, {
    to: vault,
    data: encodeFunctionData({ abi: CityVaultAbi, functionName: 'harvest' }),
    functionName: 'harvest',
  });
  // No Harvested event when there was nothing above the principal; the splitter may still pay what it held back.
  const harvested = eventsOf(receipt, CityVaultAbi, 'Harvested', vault).reduce((sum, e) => sum + e.args.amount, 0n);
  const payouts = eventsOf(receipt, YieldSplitterAbi, 'Payout', splitter).map(({ args }) => ({
    line: args.line,
    recipient: args.recipient,
    purpose: args.purpose,
    period: args.period,
    amount: args.amount,
  }));
  return { harvested, payouts, hash: receipt.transactionHash, receipt };
}
