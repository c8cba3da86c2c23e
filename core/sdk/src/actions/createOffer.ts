import { type Hash, type Hex, type TransactionReceipt, encodeFunctionData } from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { CivicCreditAbi } from '@citysync/contracts';
import { firstEventOf, sendCall } from '../internal/send.js';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';

export type CreateOfferParameters = {
  city: Pick<CityContracts, 'credit'>;
  /** Credits per unit, inside the rates committee's price bounds. */
  price: bigint;
  /** Units redeemable per period. */
  capacity: bigint;
  /** Time-limited offer: valid in [start, end). Omit both for a standing offer. */
  window?: { start: bigint; end: bigint } | undefined;
  /** Content hash of the offer's off-chain description. */
  metadataHash: Hex;
};

export type CreateOfferReturnType = { offerId: bigint; hash: Hash; receipt: TransactionReceipt };

/** `RedemptionDeskNotRedeemer`, `RedemptionDeskPriceOutOfBounds`, `RedemptionDeskInvalidCapacity`, ... */
export type CreateOfferErrorType = CityWriteErrorType;

/**
 * Opens a redemption offer as the client's account, an accredited redeemer. Its capacity x price counts toward
 * the period cap of issuance (for periods whose cap is not yet fixed).
 */
export async function createOffer(
  client: CityWalletClient,
  parameters: CreateOfferParameters,
): Promise<CreateOfferReturnType> {
  const { city, price, capacity, window, metadataHash } = parameters;
  const receipt = await sendCall(client, {
    to: city.credit,
    data: encodeFunctionData({
      abi: CivicCreditAbi,
      functionName: 'createOffer',
      args: [price, capacity, window?.start ?? 0n, window?.end ?? 0n, metadataHash],
    }),
    functionName: 'createOffer',
  });
  const { offerId } = firstEventOf(receipt, CivicCreditAbi, 'OfferCreated', city.credit).args;
  return { offerId, hash: receipt.transactionHash, receipt };
}
