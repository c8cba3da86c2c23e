import { type Hash, type TransactionReceipt, encodeFunctionData } from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { CivicCreditAbi } from '@citysync/contracts';
import { firstEventOf, sendCall } from '../internal/send.js';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';

export type UpdateOfferParameters = {
  city: Pick<CityContracts, 'credit'>;
  offerId: bigint;
  /** New credits per unit, inside the rates committee's price bounds. */
  price: bigint;
  /** New units redeemable per period. */
  capacity: bigint;
};

export type UpdateOfferReturnType = { hash: Hash; receipt: TransactionReceipt };

/**
 * `RedemptionDeskNotOfferOwner`, `RedemptionDeskOfferClosed`, `RedemptionDeskPriceOutOfBounds`,
 * `RedemptionDeskInvalidCapacity`, `RedemptionDeskUnknownOffer`.
 */
export type UpdateOfferErrorType = CityWriteErrorType;

/**
 * Changes the price and capacity of an open offer, as its redeemer. The new capacity x price counts toward the
 * cap of periods whose cap is not yet fixed.
 */
export async function updateOffer(
  client: CityWalletClient,
  parameters: UpdateOfferParameters,
): Promise<UpdateOfferReturnType> {
  const { city, offerId, price, capacity } = parameters;
  const receipt = await sendCall(client, {
    to: city.credit,
    data: encodeFunctionData({ abi: CivicCreditAbi, functionName: 'updateOffer', args: [offerId, price, capacity] }),
    functionName: 'updateOffer',
  });
  firstEventOf(receipt, CivicCreditAbi, 'OfferUpdated', city.credit);
  return { hash: receipt.transactionHash, receipt };
}
