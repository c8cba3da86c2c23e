import { type Hash, type TransactionReceipt, encodeFunctionData } from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { CivicCreditAbi } from '@citysync/contracts';
import { firstEventOf, sendCall } from '../internal/send.js';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';

export type CloseOfferParameters = { city: Pick<CityContracts, 'credit'>; offerId: bigint };

export type CloseOfferReturnType = { hash: Hash; receipt: TransactionReceipt };

/** `RedemptionDeskNotOfferOwner`, `RedemptionDeskOfferClosed`, `RedemptionDeskUnknownOffer`. */
export type CloseOfferErrorType = CityWriteErrorType;

/** Closes an offer, as its redeemer: no more redemptions, and it stops counting toward future period caps. */
export async function closeOffer(
  client: CityWalletClient,
  parameters: CloseOfferParameters,
): Promise<CloseOfferReturnType> {
  const { city, offerId } = parameters;
  const receipt = await sendCall(client, {
    to: city.credit,
    data: encodeFunctionData({ abi: CivicCreditAbi, functionName: 'closeOffer', args: [offerId] }),
    functionName: 'closeOffer',
  });
  firstEventOf(receipt, CivicCreditAbi, 'OfferClosed', city.credit);
  return { hash: receipt.transactionHash, receipt };
}
