import { type Hash, type TransactionReceipt, encodeFunctionData } from 'viem';
import { readContract } from 'viem/actions';

import type { CityWriteErrorType } from '../errors/contract.js';
import { CivicCreditAbi } from '@citysync/contracts';
import { firstEventOf, sendCall } from '../internal/send.js';
import type { CityContracts } from '../types/city.js';
import type { CityReadClient, CityWalletClient } from '../types/client.js';

export type RedeemParameters = {
  city: Pick<CityContracts, 'credit'>;
  offerId: bigint;
  units: bigint;
  /**
   * The most credits this redemption may burn; the desk refuses it when units x the price at execution is more (a
   * redeemer may change its price after the participant decided). Default: units x the offer's price read now.
   */
  maxCredits?: bigint | undefined;
};

export type RedeemReturnType = {
  /** Credits burned: units x price. */
  credits: bigint;
  /** The limit the redemption was sent with. */
  maxCredits: bigint;
  /** The period whose capacity was consumed. */
  period: number;
  hash: Hash;
  receipt: TransactionReceipt;
};

/**
 * `RedemptionDeskCapacityExceeded`, `RedemptionDeskCreditsAboveLimit`, `RedemptionDeskInsufficientCredits`,
 * `RedemptionDeskOfferClosed`, `RedemptionDeskOutsideWindow`, `RedemptionDeskZeroUnits`.
 */
export type RedeemErrorType = CityWriteErrorType;

/**
 * Redeems `units` of an offer with the client's account's credits, which are burned, never more than `maxCredits`.
 *
 * @example
 * const { credits } = await redeem(wallet, { city, offerId: 1n, units: 2n, maxCredits: 20n });
 */
export async function redeem(client: CityWalletClient, parameters: RedeemParameters): Promise<RedeemReturnType> {
  const { city, offerId, units } = parameters;
  const maxCredits = parameters.maxCredits ?? (await quoteRedemption(client, { city, offerId, units }));
  const receipt = await sendCall(client, {
    to: city.credit,
    data: encodeRedeem({ offerId, units, maxCredits }),
    functionName: 'redeem',
  });
  const { credits, period } = firstEventOf(receipt, CivicCreditAbi, 'Redeemed', city.credit).args;
  return { credits, maxCredits, period, hash: receipt.transactionHash, receipt };
}

/** Calldata of `redeem(offerId, units, maxCredits)`: what a participant signs for the gasless path. */
export function encodeRedeem(parameters: { offerId: bigint; units: bigint; maxCredits: bigint }): `0x${string}` {
  const { offerId, units, maxCredits } = parameters;
  return encodeFunctionData({ abi: CivicCreditAbi, functionName: 'redeem', args: [offerId, units, maxCredits] });
}

/** Units x the offer's current price: what a redemption would burn if executed now. */
export async function quoteRedemption(
  client: CityReadClient,
  parameters: { city: Pick<CityContracts, 'credit'>; offerId: bigint; units: bigint },
): Promise<bigint> {
  const { city, offerId, units } = parameters;
  const [offer] = await readContract(client, { address: city.credit, abi: CivicCreditAbi, functionName: 'offer', args: [offerId] });
  return units * BigInt(offer.price);
}
