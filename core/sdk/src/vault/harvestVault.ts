import { type Address, type Hash, type TransactionReceipt, encodeFunctionData } from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { CityVaultAbi, YieldSplitterAbi } from '@citysync/contracts';
import { eventsOf, sendCall } from '../internal/send.js';
import type { CityWalletClient } from '../types/client.js';
import { type VaultCity, vaultOf } from './vaultOf.js';

/** One budget line paid by a harvest (the splitter's `Payout`). */
export type VaultPayout = { line: bigint; recipient: Address; purpose: string; period: bigint; amount: bigint };

/** One budget line's payment its recipient refused: kept in the splitter for the recipient's `claimVaultPayout`. */
export type VaultDeferredPayout = { line: bigint; recipient: Address; purpose: string; amount: bigint };

export type HarvestVaultReturnType = {
  /** Yield moved to the splitter (0 when there was none). */
  harvested: bigint;
  /** Lines paid, within their caps; what a cap held back stays owed in the splitter. */
  payouts: VaultPayout[];
  /** Payments a recipient refused: they never block the other lines and wait for that recipient to claim them. */
  deferred: VaultDeferredPayout[];
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
  const deferred = eventsOf(receipt, YieldSplitterAbi, 'PayoutDeferred', splitter).map(({ args }) => ({
    line: args.line,
    recipient: args.recipient,
    purpose: args.purpose,
    amount: args.amount,
  }));
  return { harvested, payouts, deferred, hash: receipt.transactionHash, receipt };
}
