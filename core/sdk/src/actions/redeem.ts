import { type Hash, type TransactionReceipt, encodeFunctionData } from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { CivicCreditAbi } from '@citysync/contracts';
import { firstEventOf, sendCall } from '../internal/send.js';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';

export type RedeemParameters = { city: Pick<CityContracts, 'credit'>; offerId: bigint; units: bigint };

export type RedeemReturnType = {
  /** Credits burned: units x price. */
  credits: bigint;
  /** The period whose capacity was consumed. */
  period: number;
  hash: Hash;
  receipt: TransactionReceipt;
};

/**
 * `RedemptionDeskCapacityExceeded`, `RedemptionDeskInsufficientCredits`, `RedemptionDeskOfferClosed`,
 * `RedemptionDeskOutsideWindow`, `RedemptionDeskZeroUnits`.
 */
export type RedeemErrorType = CityWriteErrorType;

/** Redeems `units` of an offer with the client's account's credits, which are burned. */
export async function redeem(client: CityWalletClient, parameters: RedeemParameters): Promise<RedeemReturnType> {
  const { city, offerId, units } = parameters;
  const receipt = await sendCall(client, {
    to: city.credit,
    data: encodeFunctionData({ abi: CivicCreditAbi, functionName: 'redeem', args: [offerId, units] }),
    functionName: 'redeem',
  });
  const { credits, period } = firstEventOf(receipt, CivicCreditAbi, 'Redeemed', city.credit).args;
  return { credits, period, hash: receipt.transactionHash, receipt };
}
